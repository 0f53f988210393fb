//! A run into an output directory a hostile user prepared: files, folders and
//! links under the names the tool writes; nothing outside may change.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| deterrence::fuzz::output_dir(data));
