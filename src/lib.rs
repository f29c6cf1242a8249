//! coachlog: a terminal coaching journal for people who have just started to lead a team.
//!
//! Layers, each using only the ones below it: [`cli`] (clap types, rendering, the dialoguer
//! prompter) → [`commands`] (one module per subcommand) → [`core`] (pure logic) and
//! [`journal`] (storage; every read goes through `Journal::scan` and its siblings). What a run
//! knows of its surroundings is resolved once in [`context`]; the packs and themes in force,
//! and filters resolved against them, come from [`library`].
//!
//! coachlog runs on Unix-like systems (Linux, macOS, the BSDs): its storage relies on owner-only
//! modes, `O_NOFOLLOW` and renames over open files, which it does not emulate elsewhere.

#[cfg(not(unix))]
compile_error!(
    "coachlog runs on Unix-like systems (Linux, macOS, the BSDs): its journal relies on owner-only file modes and O_NOFOLLOW"
);

pub mod cli;
pub mod commands;
pub mod context;
pub mod core;
/// Generated journals for the benchmark, tests and examples; not a user-facing part.
#[doc(hidden)]
pub mod devtools;
pub mod error;
pub mod interrupt;
pub mod journal;
pub mod keyring;
pub mod library;
