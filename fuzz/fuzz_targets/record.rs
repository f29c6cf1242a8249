//! Any bytes as a month file: parsing never panics, and every line is accounted for.
#![no_main]

use coachlog::journal::read::{Line, parse_lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = parse_lines(data);
    for (_, raw, line) in &lines {
        if let Line::Record(r) = line {
            // A record read back serialises, and reads again as the same record.
            let again = serde_json::to_vec(r.as_ref()).expect("a record serialises");
            let back: coachlog::core::entry::Record = serde_json::from_slice(&again).expect("and reads back");
            assert_eq!(&back, r.as_ref());
        }
        assert!(raw.len() <= data.len());
    }
});
