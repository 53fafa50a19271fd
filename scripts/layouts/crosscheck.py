#!/usr/bin/env python3
"""An independent check of the truth files: pdfplumber's ruled-table extraction (lines
strategy), with generic post-processing, against the truth — for the ruled fixtures with a
one-level header (spans and sub-rows included, see `extract`). A row without STT continues the row above (a split row); a
row that repeats the header is dropped; a row whose STT is a Roman numeral or a single
number followed by a title spanning the table is a section. Lines of a cell are joined with a
space, without one after a line-final hyphen glued to its word.

    python3 scripts/layouts/crosscheck.py [NAME …]
"""
import json
import os
import re
import sys
import unicodedata

import pdfplumber

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Generated documents live with the exact fixtures or, while phuluc misreads them, in the
# open corpus.
DIRS = [os.path.join(ROOT, "fixtures", "layouts"), os.path.join(ROOT, "tests", "corpus", "open", "layouts")]


def where(name):
    for d in DIRS:
        if os.path.exists(os.path.join(d, name + ".pdf")):
            return d
    return DIRS[0]
DEFAULT = ["rl-cchc-thainguyen", "rl-cds-binhdinh", "rl-dx-soctrang", "stagger-dx-haugiang",
           "stagger-split-travinh", "stagger-docx-ninhthuan", "wording-docx-hagiang",
           "wording-rl-caobang", "wording-docx-bacninh", "inspect-laocai", "statsform-rl-angiang",
           "multi-phuluc-hungyen", "multi-bieumau-vinhlong", "multi-backtoback-camau",
           "multi-headings-kiengiang", "lettered-ruled-hoabinh", "span-cchc-daklak",
           "span-docx-quangbinh", "span-rl-phuyen"]


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def join_lines(s):
    out = ""
    for ln in (s or "").split("\n"):
        ln = ln.strip()
        if not ln:
            continue
        if not out:
            out = ln
        elif re.search(r"\w-$", out) and not ln.startswith("-"):
            out += ln
        else:
            out += " " + ln
    return out


def extract(path, ncols):
    """Table rows of `ncols` cells. A cell that pdfplumber reports as None (covered by a merged
    cell) takes the text of a span from its left neighbour in the same row, or, when its left
    neighbour is not text or a span (a vertical merge: the STT and task cells of a sub-row),
    is marked "\x00"; a row whose STT is "\x00" is a sub-row of the row above."""
    rows = []
    with pdfplumber.open(path) as pdf:
        for p in pdf.pages:
            for t in p.extract_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                for r in t:
                    if len(r) != ncols:
                        continue
                    out, kind = [], []
                    for i, c in enumerate(r):
                        if c is not None:
                            out.append(join_lines(c))
                            kind.append("text")
                        elif i > 0 and kind[-1] in ("text", "span"):
                            out.append(out[-1])
                            kind.append("span")
                        else:
                            out.append("\x00")
                            kind.append("vmerge")
                    rows.append(out)
    return rows


def check(name):
    DIR = where(name)
    truth = json.load(open(os.path.join(DIR, name + ".truth.json")))
    tables = truth.get("tables") or [{"columns": truth["columns"]}]
    got = {}
    multi = "tables" in truth
    ncols_all = {len(t["columns"]) for t in tables}
    path = os.path.join(DIR, name + ".pdf")
    for nc in ncols_all:
        table_i = -1
        prev_stt = None
        section = ""
        last = None
        pending = False
        sec_since_header = False
        for r in extract(path, nc):
            stt = r[0]
            if stt in ("STT", "TT"):  # a header row (a new table when STT restarts below it)
                pending, sec_since_header = True, False
                continue
            if stt and re.fullmatch(r"[IVX]+|\d+|[A-Z]", stt) and r[1] \
                    and all(c in ("", r[1]) for c in r[2:]):  # a section row: number + a title spanning the rest
                section = stt
                sec_since_header = True
                continue
            if stt == "\x00":  # a sub-row: its cells join the record's, in order
                if last is not None:
                    for i in range(1, nc):
                        if r[i] and r[i] != "\x00":
                            last[i] = (last[i] + " " + r[i]).strip()
                continue
            if not stt:
                if last is not None:
                    for i in range(1, nc):
                        if r[i]:
                            last[i] = (last[i] + " " + r[i]).strip()
                continue
            if multi and pending and stt == "1":
                nxt = [i for i, t in enumerate(tables) if len(t["columns"]) == nc and i > table_i]
                if nxt:
                    table_i = nxt[0]
                if not sec_since_header:
                    section = ""
            pending = False
            last = list(r)
            got[(table_i if multi else 0, section, stt)] = (last, table_i)
            prev_stt = stt
    ok = total = notfound = 0
    bad = []
    for row in truth["rows"]:
        ti = row.get("table", 0)
        cols = tables[ti]["columns"] if multi else truth["columns"]
        g = got.get((ti, row["section"], row["stt"]))
        if g is None:
            notfound += 1
            continue
        for i, c in enumerate(cols):
            if c["field"] == "stt":
                continue
            total += 1
            want = norm(row.get(c["field"], ""))
            have = norm(g[0][i])
            if have == want:
                ok += 1
            elif len(bad) < 3:
                bad.append((row["stt"], c["field"], want[:70], have[:70]))
    cells_all = sum(len([c for c in (tables[r.get("table", 0)]["columns"] if multi else truth["columns"])
                         if c["field"] != "stt"]) for r in truth["rows"])
    print(f"{name}: rows pdfplumber found {len(truth['rows']) - notfound}/{len(truth['rows'])}; "
          f"their cells agreeing with the truth {ok}/{total}; as a baseline: cell accuracy "
          f"{ok / cells_all:.4f}")
    for b in bad:
        print("   ", b)


if __name__ == "__main__":
    for n in sys.argv[1:] or DEFAULT:
        check(n)
