//! Links the `coachlog` binary as a position-dependent executable on Linux. A PIE this size
//! carries some 35,000 relocations that the loader applies at every start, touching about
//! 1 MB of pages: about 0.7 ms of the 1.8 ms `coachlog --version` took (see BENCHMARKS.md).
//! Libraries, the heap and the stack are still placed at random addresses.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
