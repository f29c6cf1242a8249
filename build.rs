//! Two jobs at build time.
//!
//! 1. Links the `coachlog` binary as a position-dependent executable on Linux. A PIE this size
//!    carries some 35,000 relocations that the loader applies at every start, touching about
//!    1 MB of pages: about 0.7 ms of the 1.8 ms `coachlog --version` took (see BENCHMARKS.md).
//!    Libraries, the heap and the stack are still placed at random addresses.
//! 2. Trains the theme model (`src/core/naive_bayes.rs`, the same code the crate uses) on the
//!    `train` notes of `tests/fixtures/themes/corpus.jsonl` and writes its weights to
//!    `$OUT_DIR/model.bin`, which the binary carries: no run pays for training.

#[path = "src/core/naive_bayes.rs"]
#[allow(dead_code)]
mod naive_bayes;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/core/naive_bayes.rs");
    println!("cargo:rerun-if-changed=tests/fixtures/themes/corpus.jsonl");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }

    let corpus = std::fs::read_to_string("tests/fixtures/themes/corpus.jsonl").expect("the theme corpus");
    let mut notes: Vec<(String, Vec<Option<bool>>)> = Vec::new();
    for (i, line) in corpus.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("corpus.jsonl:{}: {e}", i + 1));
        if v["split"] != "train" {
            continue;
        }
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let strings = |v: &serde_json::Value| -> Vec<String> {
            let values: Vec<&serde_json::Value> = match v {
                serde_json::Value::Array(a) => a.iter().collect(),
                serde_json::Value::Object(o) => o.values().collect(),
                _ => Vec::new(),
            };
            values.into_iter().filter_map(|t| t.as_str().map(str::to_string)).collect()
        };
        notes.push((text, naive_bayes::labels(&strings(&v["themes"]), &strings(&v["stances"]))));
    }
    let model =
        naive_bayes::Model::train(notes.iter().map(|(t, l)| (t.as_str(), l.clone())), &naive_bayes::LABELS);
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("model.bin");
    let bytes = model.to_bytes();
    std::fs::write(
        out.with_file_name("model.fingerprint"),
        naive_bayes::fnv1a(bytes.iter().copied()).to_le_bytes(),
    )
    .expect("write the model's fingerprint");
    std::fs::write(out, bytes).expect("write the model");
}
