//! The CSV and manifest readers of `chart DIR`, the shard reader of `merge`, the
//! COW readers of `import-cow` and the samples of `facts`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deterrence::fuzz::csv_readers(data));
