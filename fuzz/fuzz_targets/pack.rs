//! Any text as a prompt pack or a themes file: loading never panics, and every error points
//! inside the file.
#![no_main]

use coachlog::core::builtin;
use coachlog::core::pack::parse_pack;
use coachlog::core::theme::{Themes, parse_themes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let themes = Themes::new(parse_themes("themes.toml", builtin::THEMES.1).expect("built-in themes"));
    if let Err(e) = parse_pack("fuzz.toml", text, &themes) {
        assert!(e.line >= 1 && e.line <= text.lines().count() + 1, "{e}");
    }
    let _ = parse_themes("fuzz.toml", text);
});
