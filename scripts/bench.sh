#!/usr/bin/env bash
# Whole-process timing of `phuluc extract` against `pdftotext -layout` on the same file, in the
# same run, plus peak memory; then the criterion benchmark of the pipeline's stages.
#
#   bash scripts/bench.sh [FILE.pdf]      (default: fixtures/bac-giang-402.word.pdf)
#
# Needs hyperfine, poppler-utils and GNU time (apt-get install -y hyperfine poppler-utils time).
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=${1:-fixtures/bac-giang-402.word.pdf}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cargo build --release -q -p phuluc
bin=${CARGO_TARGET_DIR:-target}/release/phuluc

echo "== whole process, $pdf"
hyperfine -N --warmup 5 --runs 50 \
    "$bin extract $pdf -o $out/p.json -q" \
    "pdftotext -layout $pdf $out/p.txt" \
    "$bin extract $pdf -o $out/p.json -q --no-normalize"

echo "== peak memory (max RSS)"
for cmd in "$bin extract $pdf -o $out/p.json -q" "pdftotext -layout $pdf $out/p.txt"; do
    /usr/bin/time -f "%M KiB  $cmd" $cmd 2>&1 >/dev/null | tail -n 1
done

echo "== criterion: pipeline stages"
cargo bench -q -p phuluc --bench pipeline -- --warm-up-time 2 --measurement-time 8
