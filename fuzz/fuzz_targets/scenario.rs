//! Scenario text and `--set` overrides: parsing, overrides, validation, variants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deterrence::fuzz::scenario(data));
