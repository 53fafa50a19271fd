//! The OCR tests' skip policy, shared by tests/ocr_layer.rs and tests/lying.rs so it cannot
//! drift: a missing tool fails the test unless PHULUC_SKIP_OCR_TESTS is set, which CI refuses.

/// Whether the OCR tests may be skipped here (asked for, and not under CI).
pub fn skipped() -> bool {
    let asked = std::env::var_os("PHULUC_SKIP_OCR_TESTS").is_some();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !(asked && ci),
        "PHULUC_SKIP_OCR_TESTS is not allowed under CI"
    );
    if asked {
        eprintln!("OCR tests skipped: PHULUC_SKIP_OCR_TESTS is set");
    }
    asked
}
