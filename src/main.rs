//! Parses the command line, runs it, and turns the outcome into an exit code.

use clap::Parser;

fn main() {
    let cli = match coachlog::cli::args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap's usage errors quote the argument at fault as typed: one that holds control
            // characters is printed plain and made safe (SPEC §10); any other as clap prints it.
            let plain = err.render().to_string();
            let safe = coachlog::core::text::safe(&plain);
            if !err.use_stderr() || matches!(safe, std::borrow::Cow::Borrowed(_)) {
                err.exit();
            }
            eprint!("{safe}");
            std::process::exit(err.exit_code());
        }
    };
    let code = match coachlog::cli::run(cli) {
        Ok(()) => 0,
        Err(err) => {
            coachlog::cli::print_error(&err);
            err.exit_code()
        }
    };
    std::process::exit(code);
}
