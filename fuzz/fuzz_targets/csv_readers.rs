//! The CSV and manifest readers of `chart DIR` and the COW readers of `import-cow`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deterrence::fuzz::csv_readers(data));
