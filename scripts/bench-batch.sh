#!/usr/bin/env bash
# The batch benchmark (issue 14): 16 copies of the 30-page fixture, `-j 1` against `-j 2`,
# measured in one hyperfine run, and the two runs' outputs compared byte for byte.
#
#   bash scripts/bench-batch.sh [COPIES] [FILE.pdf]   (default: 16, fixtures/bac-giang-402.word.pdf)
#
# Needs hyperfine (apt-get install -y hyperfine). Prints the load average before and after:
# on a shared machine, the ratio means something only when the load was low.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-16}
pdf=${2:-fixtures/bac-giang-402.word.pdf}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p phuluc
bin=${CARGO_TARGET_DIR:-target}/release/phuluc

mkdir -p "$work/in"
for i in $(seq -w 1 "$copies"); do cp "$pdf" "$work/in/copy-$i.pdf"; done

echo "== load before: $(cat /proc/loadavg)"
hyperfine -N --warmup 2 --runs 10 --export-json "$work/bench.json" \
    "$bin extract $work/in -o $work/j1 -j 1 -q" \
    "$bin extract $work/in -o $work/j2 -j 2 -q"
echo "== load after: $(cat /proc/loadavg)"
python3 - "$work/bench.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
j1, j2 = r[0]["mean"], r[1]["mean"]
print(f"== -j 1: {j1:.3f} s, -j 2: {j2:.3f} s, speed-up {j1 / j2:.2f}x")
PY
if diff -r "$work/j1" "$work/j2" >/dev/null; then
    echo "== outputs identical ($(ls "$work/j1" | wc -l) files)"
else
    echo "== outputs DIFFER" >&2
    exit 1
fi
