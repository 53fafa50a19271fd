#!/usr/bin/env bash
# Remakes docs/review-example.png: the review report of the appendix made by make_example.py
# (merged cells, rows cut by page breaks, two records flagged duplicate_number), with record 7
# (STT 2.2: stitched over pages 1-2, its task cell merged with the row above) selected.
#
#   bash scripts/review/screenshot.sh
#
# Needs python3 with reportlab (scripts/variants/requirements.txt) and Chromium
# (scripts/ci/chromium.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
browser=$(bash scripts/ci/chromium.sh)
cargo build -q -p phuluc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/review/make_example.py "$tmp/review-example.pdf" >/dev/null
(cd "$tmp" && "$root/target/debug/phuluc" review review-example.pdf -o review-example.html)
DBUS_SESSION_BUS_ADDRESS=disabled: "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$tmp/profile" --window-size=1500,1100 \
    --screenshot="$root/docs/review-example.png" "file://$tmp/review-example.html#record=6" 2>/dev/null
echo "docs/review-example.png"
