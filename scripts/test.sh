#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, every test of every crate.
#
#   bash scripts/test.sh
#
# The SQL exporter's tests load scripts into a real PostgreSQL server: this script installs
# and starts one on 127.0.0.1 (scripts/ci/postgres.sh, needs root for apt) unless
# PHULUC_PG_URL already names a server. Under CI (CI=true) a missing server fails the tests.
#
# The review report's browser test (tests/review_report.rs) drives headless Chromium: this script
# installs the Debian package when it is missing (scripts/ci/chromium.sh, needs root for apt)
# unless PHULUC_CHROMIUM already names a browser. Under CI a missing browser fails the test.
#
# The OCR tests (tests/ocr_layer.rs) make scanned variants of fixtures with Tesseract,
# pdftoppm and Pillow: scripts/ci/ocr.sh installs them from Debian packages when missing.
# A missing tool fails those tests (set PHULUC_SKIP_OCR_TESTS=1 to skip them knowingly,
# never under CI).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PHULUC_PG_URL:-}" ]; then
    PHULUC_PG_URL="$(bash scripts/ci/postgres.sh)"
    export PHULUC_PG_URL
fi
echo "test.sh: PostgreSQL at $PHULUC_PG_URL" >&2

if [ -z "${PHULUC_CHROMIUM:-}" ]; then
    PHULUC_CHROMIUM="$(bash scripts/ci/chromium.sh)"
    export PHULUC_CHROMIUM
fi
echo "test.sh: Chromium at $PHULUC_CHROMIUM" >&2

if [ -z "${PHULUC_SKIP_OCR_TESTS:-}" ]; then
    bash scripts/ci/ocr.sh
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
