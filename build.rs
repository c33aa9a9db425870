//! Fingerprints the source of everything a scan cache stores (segmentation, normalization,
//! indexing, alignment, clustering, the cache format) into `CROSSREAD_ANALYSIS_SOURCE`, so that
//! a build whose detection changed never trusts a cache written by another build, even when the
//! crate version did not move (as during development, where `cargo test` scans the seeds).

use std::path::Path;

const ANALYSIS_SOURCES: &[&str] = &[
    "src/segment.rs",
    "src/text.rs",
    "src/corpus.rs",
    "src/normalize.rs",
    "src/index.rs",
    "src/align.rs",
    "src/cluster.rs",
    "src/reuse.rs",
    "src/config.rs",
    "src/cache/mod.rs",
    "src/cache/format.rs",
];

fn main() {
    // FNV-1a over the files' bytes: stable, and plenty to tell two builds apart.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in ANALYSIS_SOURCES {
        println!("cargo:rerun-if-changed={file}");
        let bytes = std::fs::read(Path::new(file)).unwrap_or_default();
        for b in file.bytes().chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=CROSSREAD_ANALYSIS_SOURCE={hash:016x}");
}
