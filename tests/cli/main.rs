//! The one integration test binary: every command through the built binary, hermetic.

mod add_list_show;
mod coach;
mod commitments;
mod config_status;
mod daily_use;
mod encryption;
mod export_import;
mod hostile_files;
mod hostile_input;
mod hostile_text;
mod index;
mod packs;
mod prompts;
mod pty;
mod reports;
mod review;
mod sessions;
mod streaming;
mod terminal;
mod themes;
mod today;
mod torture;
mod util;
