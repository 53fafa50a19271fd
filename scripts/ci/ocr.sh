#!/usr/bin/env bash
# Installs what phuluc's OCR tests need, from Debian packages, when it is missing:
#   tesseract-ocr + tesseract-ocr-vie  the `tesseract` program and its Vietnamese model (it
#                                      writes the OCR-layer test PDFs: scripts/scans/make_scan.py)
#   poppler-utils                      pdftoppm, to rasterise the born-digital fixtures
#   python3 + python3-pil              Pillow, to turn, noise and JPEG-compress the page images
#
#   bash scripts/ci/ocr.sh
#
# Idempotent; needs root (or sudo-less apt) only when something is missing. Everything goes
# to stderr.
set -euo pipefail
log() { echo "ocr.sh: $*" >&2; }

missing=()
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
    missing+=(tesseract-ocr-vie)
fi
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v python3 >/dev/null || missing+=(python3)
if ! python3 -c 'import PIL' 2>/dev/null; then missing+=(python3-pil); fi

if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
fi
log "ready: $(tesseract --version 2>&1 | head -n 1), languages: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' ')"
