//! Parses the command line, runs it, and turns the outcome into an exit code.

use clap::Parser;

fn main() {
    let cli = coachlog::cli::args::Cli::parse();
    let code = match coachlog::cli::run(cli) {
        Ok(()) => 0,
        Err(err) => {
            coachlog::cli::print_error(&err);
            err.exit_code()
        }
    };
    std::process::exit(code);
}
