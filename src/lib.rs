//! coachlog: a terminal coaching journal for people who have just started to lead a team.
//!
//! Layers, each using only the ones below it: [`cli`] (clap types, rendering, the dialoguer
//! prompter) → [`commands`] (one module per subcommand) → [`core`] (pure logic) and
//! [`journal`] (storage; every read goes through `Journal::scan` and its siblings). What a run
//! knows of its surroundings is resolved once in [`context`]; the packs and themes in force,
//! and filters resolved against them, come from [`library`].

pub mod cli;
pub mod commands;
pub mod context;
pub mod core;
pub mod devtools;
pub mod error;
pub mod interrupt;
pub mod journal;
pub mod library;
