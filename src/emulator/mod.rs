//! The local, wire-compatible Clerk Backend API (`clerkctl emulator`, and in-process for tests).
