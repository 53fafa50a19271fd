#!/usr/bin/env python3
"""How a PDF's table rules sit on each page (to see how a producer draws split rows):
the y of every long horizontal rule, where the vertical rules end, where a header word
("STT"/"TT") is printed (twice on a page = a header repeated mid-page) and the bottom of the
last text line. A page whose second horizontal rule is not the header's bottom rule starts
with a split row's continuation that has no rule between it and the repeated header.

    python3 scripts/layouts/rules_report.py fixtures/layouts/rl-*.pdf
"""
import sys

import pdfplumber

for path in sys.argv[1:]:
    print(path)
    with pdfplumber.open(path) as pdf:
        for i, p in enumerate(pdf.pages):
            hs = sorted({round(l["top"], 1) for l in p.lines
                         if abs(l["top"] - l["bottom"]) < 0.1 and l["x1"] - l["x0"] > 50})
            vs = [l["bottom"] for l in p.lines if abs(l["x0"] - l["x1"]) < 0.1]
            ws = p.extract_words()
            hdr = [round(w["top"], 1) for w in ws if w["text"] in ("STT", "TT")]
            body = [w["bottom"] for w in ws if w["bottom"] < p.height - 30]
            print(f"  page {i + 1}: h-rules at {hs}; verticals end at "
                  f"{round(max(vs), 1) if vs else None}; 'STT' at {hdr}; "
                  f"last text bottom {round(max(body), 1) if body else None}")
