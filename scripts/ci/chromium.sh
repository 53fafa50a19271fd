#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the review report's browser test and prints
# the path of its executable.
#
#   export PHULUC_CHROMIUM=$(bash scripts/ci/chromium.sh)
#   cargo test -p phuluc --test review_report
#
# Installs the Debian package `chromium` (apt-get install -y chromium, needs root) only when no
# Chromium is found. Everything goes to stderr except the path, printed alone on stdout.
set -euo pipefail
log() { echo "chromium.sh: $*" >&2; }

find_chromium() {
    for c in chromium chromium-browser google-chrome-stable google-chrome; do
        if command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

if ! path=$(find_chromium); then
    log "installing Chromium from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
    path=$(find_chromium)
fi
log "ready: $path ($("$path" --version 2>/dev/null || echo 'version unknown'))"
echo "$path"
