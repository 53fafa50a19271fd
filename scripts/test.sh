#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, every test of every crate.
#
#   bash scripts/test.sh
#
# The SQL exporter's tests load scripts into a real PostgreSQL server: this script installs
# and starts one on 127.0.0.1 (scripts/ci/postgres.sh, needs root for apt) unless
# PHULUC_PG_URL already names a server. Under CI (CI=true) a missing server fails the tests.
#
# The Python package (python/: PyO3 + maturin) is built with `pip install ./python` into a virtual
# environment (scripts/ci/python.sh installs python3-venv, maturin, pytest, pandas, pyarrow, dask
# and distributed) and its pytest suite run, the Dask example included. PHULUC_SKIP_PYTHON=1
# skips that part for a quick local run (refused under CI).
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

if [ "${PHULUC_SKIP_PYTHON:-}" = 1 ] && [ "${CI:-}" = true ]; then
    echo "test.sh: PHULUC_SKIP_PYTHON is not allowed under CI" >&2
    exit 1
fi
if [ "${PHULUC_SKIP_PYTHON:-}" != 1 ]; then
    cargo fmt --manifest-path python/Cargo.toml -- --check
    py="$(bash scripts/ci/python.sh)"
    echo "test.sh: Python at $py; building the package (a release build of the pipeline)" >&2
    start=$(date +%s)
    "$py" -m pip install -q ./python
    echo "test.sh: python package built in $(( $(date +%s) - start )) s" >&2
    PHULUC_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/phuluc" "$py" -m pytest -q python/tests
fi
