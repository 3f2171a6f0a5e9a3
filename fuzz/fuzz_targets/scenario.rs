//! The scenario parser on raw bytes: a scenario or diagnostics, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(diags) = cordon_model::parse("fuzz.toml", data) {
        assert!(!diags.is_empty());
        let _ = diags.to_string();
    }
});
