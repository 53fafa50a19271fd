#!/usr/bin/env python3
"""Writes the Word file (`NAME.docx`) of every generated layout document rendered through Word
(`doc.render == "docx"`) next to its PDF, wherever that PDF lives (fixtures/layouts/ or
tests/corpus/open/layouts/). The PDF is rendered into a temporary file and thrown away: the
committed PDFs stay as they are. The documents are deterministic (fixed seeds), so the Word file
is the one the committed PDF was made from.

    python3 scripts/layouts/make_docx.py [--only name,name]
"""
import argparse
import importlib
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from layoutlib import render_docx  # noqa: E402

CLASSES = ["class_a_platypus", "class_b_staggered", "class_c_multilevel", "class_d_multi",
           "class_e_unruled", "class_f_spans", "class_g_other_tables", "class_h_wordings"]
PLACES = [os.path.join(ROOT, "fixtures", "layouts"),
          os.path.join(ROOT, "tests", "corpus", "open", "layouts")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="comma-separated document names")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    for name in CLASSES:
        mod = importlib.import_module(name)
        for doc in mod.docs():
            if getattr(doc, "render", None) != "docx" or (only and doc.name not in only):
                continue
            place = next((p for p in PLACES if os.path.exists(os.path.join(p, doc.name + ".pdf"))),
                         None)
            if place is None:
                print(f"{doc.name}: no committed PDF, skipped")
                continue
            target = os.path.join(place, doc.name + ".docx")
            with tempfile.TemporaryDirectory() as tmp:
                render_docx(doc, os.path.join(tmp, doc.name + ".pdf"), keep_docx=target)
            print(target)


if __name__ == "__main__":
    main()
