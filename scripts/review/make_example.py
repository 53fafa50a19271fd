#!/usr/bin/env python3
"""The appendix behind docs/review-example.png: the ha-tinh-kh model of
scripts/tables/make_tables.py (merged cells, rows cut by page breaks), with one printed number
repeated (row "1.3" printed as "1.2"), so that phuluc flags two records for review
(duplicate_number).

    python3 scripts/review/make_example.py /tmp/review-example.pdf
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tables"))
import make_tables as mt  # noqa: E402


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "review-example.pdf"
    mt.register_fonts()
    doc = next(d for d in mt.models() if d.name == "ha-tinh-kh")
    rows = []
    for r in doc.rows:
        if r[0] == "row" and r[1] == "1.3":
            r = ("row", "1.2", r[2])
        rows.append(r)
    doc.rows = rows
    mt.render(doc, "ruled", out)
    print(out)


if __name__ == "__main__":
    main()
