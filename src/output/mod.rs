//! Writing results: atomic files, CSV, the run manifest, safe directory names.
