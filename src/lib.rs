//! coachlog: a terminal coaching journal for people who have just started to lead a team.
//!
//! Layers, each using only the ones below it: [`cli`] (clap types, rendering, the dialoguer
//! prompter) → [`commands`] (one module per subcommand) → [`core`] (pure logic) and
//! [`journal`] (storage).

pub mod cli;
pub mod commands;
pub mod core;
pub mod devtools;
pub mod error;
pub mod journal;
