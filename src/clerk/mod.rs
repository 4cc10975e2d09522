//! The Clerk domain: key formats, session-token claims, and the Backend API client.

pub mod api;
pub mod claims;
pub mod keys;
