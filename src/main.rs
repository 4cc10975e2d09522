//! The `clerkctl` binary: a thin shell over the library.

fn main() -> std::process::ExitCode {
    clerkctl::run()
}
