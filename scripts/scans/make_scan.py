#!/usr/bin/env python3
"""Makes a scanned variant of a born-digital fixture PDF, as a scanner or an OCR tool would.

    make_scan.py KIND SRC.pdf OUT.pdf [--dpi 200] [--angle 0.5] [--noise 6] [--quality 70]

KIND is
  scan       a PDF of page images only (one grey JPEG per page, no text): what a scanner writes;
  ocr-layer  the same images under an invisible text layer (render mode 3) written by
             Tesseract's PDF renderer with its Vietnamese model (`tesseract … -l vie pdf`):
             what an OCR tool writes.

Each page is rasterised with pdftoppm at --dpi (grey), turned by --angle degrees (alternating
sign page by page, as sheets lie differently on a scanner), given uniform noise of ±--noise grey
levels (seeded: the same input gives the same images) and saved as a
JPEG of --quality. The truth of the source fixture is the truth of the variant.

Needs: pdftoppm (poppler-utils), Python Pillow, and for ocr-layer the `tesseract` program with
the `vie` model (scripts/ci/ocr.sh installs them all).
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=["scan", "ocr-layer"])
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--angle", type=float, default=0.5)
    ap.add_argument("--noise", type=float, default=6.0)
    ap.add_argument("--quality", type=int, default=70)
    ap.add_argument("--first", type=int, default=None, help="first page (pdftoppm -f)")
    ap.add_argument("--last", type=int, default=None, help="last page (pdftoppm -l)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="phuluc-scan-") as tmp:
        cmd = ["pdftoppm", "-r", str(a.dpi), "-gray", "-png"]
        if a.first:
            cmd += ["-f", str(a.first)]
        if a.last:
            cmd += ["-l", str(a.last)]
        subprocess.run(cmd + [a.src, os.path.join(tmp, "p")], check=True)
        pngs = sorted(f for f in os.listdir(tmp) if f.endswith(".png"))
        if not pngs:
            sys.exit(f"make_scan.py: no pages rendered from {a.src}")
        rng = random.Random(12)
        jpegs = []
        for i, name in enumerate(pngs):
            im = Image.open(os.path.join(tmp, name)).convert("L")
            angle = a.angle if i % 2 == 0 else -a.angle
            if angle:
                im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            if a.noise > 0:
                # Uniform noise of ±noise grey levels from the seeded generator, added around 128.
                amp = int(a.noise)
                raw = Image.frombytes("L", im.size, rng.randbytes(im.size[0] * im.size[1]))
                noise = raw.point(lambda v: 128 - amp + (v * (2 * amp + 1)) // 256)
                im = ImageChops.add(im, noise, scale=1.0, offset=-128)
            path = os.path.join(tmp, f"page-{i + 1:03}.jpg")
            im.save(path, "JPEG", quality=a.quality, dpi=(a.dpi, a.dpi))
            jpegs.append(path)
        if a.kind == "scan":
            first, *rest = [Image.open(p) for p in jpegs]
            first.save(a.out, "PDF", save_all=True, append_images=rest, resolution=a.dpi)
        else:
            listing = os.path.join(tmp, "pages.txt")
            with open(listing, "w") as f:
                f.write("\n".join(jpegs) + "\n")
            base = os.path.join(tmp, "out")
            subprocess.run(
                ["tesseract", listing, base, "-l", "vie", "--dpi", str(a.dpi), "pdf"],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            os.replace(base + ".pdf", a.out)


if __name__ == "__main__":
    main()
