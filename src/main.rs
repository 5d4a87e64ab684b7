//! The `timekeeper` binary: all the work is in the library.

fn main() -> std::process::ExitCode {
    timekeeper::cli::main()
}
