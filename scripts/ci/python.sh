#!/usr/bin/env bash
# Prepares the Python environment of the Python package's tests and prints its interpreter.
#
#   py=$(bash scripts/ci/python.sh)
#   "$py" -m pip install ./python && "$py" -m pytest python/tests
#
# - installs python3 with venv and pip from Debian packages when they are missing (needs root);
# - creates a virtual environment in target/python-venv (Debian's system Python refuses pip
#   installs: PEP 668) unless PHULUC_PYTHON_VENV names another place;
# - installs maturin (the build backend of python/), pytest, pandas, pyarrow, dask[dataframe]
#   and distributed into it from PyPI (pyarrow: pandas' Parquet engine; dask/distributed: the
#   scale-out example). dask and distributed are pinned to one release: they must match, and
#   an unpinned install resolved the newest dask with a five-year-old distributed (a registry
#   that had the one's newest release and not the other's), which cannot import.
# Everything goes to stderr except the interpreter's path, printed alone on stdout. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { echo "python.sh: $*" >&2; }

if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    log "installing python3, python3-venv and python3-pip from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq python3 python3-venv python3-pip >&2
fi
venv=${PHULUC_PYTHON_VENV:-$PWD/target/python-venv}
if [ ! -x "$venv/bin/python" ]; then
    log "creating $venv"
    python3 -m venv "$venv" >&2
fi
py="$venv/bin/python"
DASK_VERSION=2026.8.0
if ! "$py" -c "import maturin, pytest, pandas, pyarrow, dask.dataframe, distributed
assert dask.__version__ == distributed.__version__ == '$DASK_VERSION'" >/dev/null 2>&1; then
    log "installing maturin, pytest, pandas, pyarrow, dask, distributed"
    "$py" -m pip install -q --upgrade pip >&2
    "$py" -m pip install -q 'maturin>=1.5,<2' pytest pandas pyarrow \
        "dask[dataframe]==$DASK_VERSION" "distributed==$DASK_VERSION" >&2
fi
echo "$py"
