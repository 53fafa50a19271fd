#!/usr/bin/env python3
"""Browser-printed variants of the bac-giang-402 appendix.

An HTML page is generated from fixtures/bac-giang-402.truth.json (title block, then one
bordered table: a <thead> with the 9 column headers, a section row per section, one <tr> per
truth row, objective/task cells as rowspans over the rows they cover) and printed to PDF by
headless Chromium (Skia's PDF backend), as "Print → Save as PDF" does:

    fixtures/bac-giang-402.chrome.pdf            A4 landscape, Liberation Serif 12 pt
    fixtures/bac-giang-402.chrome-portrait.pdf   A4 portrait, DejaVu Sans 9 pt, rows split
                                                 across pages (page-break-inside: auto)
    fixtures/bac-giang-402.chrome-noheader.pdf   A4 portrait, Liberation Sans 9 pt, rows split,
                                                 the header printed on the first page only
    fixtures/bac-giang-402.chrome-separate.pdf   as chrome-portrait with separate borders
                                                 (border-spacing 2px, as <table border=1>)

The cell texts are the truth's texts ("\\n" before a list item → <br>); the browser wraps them
at other places than Word did, which the truth does not record (lines are joined by one space).
--verify checks that the truth reads as printed: every truth text is in the PDF's text, and
every line break inside a cell falls at a space or after a hyphen glued to the next word (no
word cut by the browser, no break after "/" as in "02/2017/TT-VPCP").

    python3 scripts/variants/make_browser.py [--only chrome,chrome-portrait] [--verify]
        [--keep-html DIR]

Needs: chromium, fonts-liberation2, fonts-dejavu-core; for --verify poppler-utils and pdfplumber.
Chromium stamps the creation date and its version into the file; the bytes differ between
runs and versions, the page content does not.
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "fixtures")
STEM = "bac-giang-402"
FIELDS = ["stt", "objective", "task", "activity", "output", "lead", "partners", "timeline", "budget"]

TITLE_BLOCK = [
    "Phụ lục",
    None,  # the document title from the truth
    "(Kèm theo Kế hoạch số 402 /KH-UBND ngày 21 /8/2021 của UBND tỉnh Bắc Giang)",
]

VARIANTS = {
    # name: (page size, font css, font size, column widths in %, row splitting)
    "chrome": dict(
        page="A4 landscape",
        font="'Liberation Serif'",
        size="12pt",
        widths=[4, 15, 16, 14, 11, 11, 11, 8, 10],
        split=False,
    ),
    "chrome-portrait": dict(
        page="A4 portrait",
        font="'DejaVu Sans'",
        size="9pt",
        widths=[5, 15, 16, 14, 11, 11, 11, 8, 9],
        split=True,
    ),
    "chrome-noheader": dict(
        page="A4 portrait",
        font="'Liberation Sans'",
        size="9pt",
        widths=[5, 15, 16, 14, 11, 11, 11, 8, 9],
        split=True,
        header_once=True,
    ),
    "chrome-separate": dict(
        page="A4 portrait",
        font="'DejaVu Sans'",
        size="9pt",
        widths=[5, 15, 16, 14, 11, 11, 11, 8, 9],
        split=True,
        # what <table border="1"> gives: every cell its own box, 2px apart
        css="table { border-collapse: separate; border-spacing: 2px; }",
    ),
}


def cell_html(text):
    """Cell text → HTML: "\\n" (before a list item) → <br>."""
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def spans(rows, flag):
    """Row index → rowspan for merged objective/task cells (a cell starts where flag is true)."""
    starts = [i for i, r in enumerate(rows) if r[flag]]
    out = {}
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rows)
        out[s] = end - s
    return out


def build_html(truth, v):
    cols = truth["columns"]
    assert [c["field"] for c in cols] == FIELDS, "unexpected columns"
    rows = truth["rows"]
    # Rowspans never cross a section row: split the rows by section first.
    sections = []
    for r in rows:
        if not sections or sections[-1][0] != (r["section"], r["section_title"]):
            sections.append(((r["section"], r["section_title"]), []))
        sections[-1][1].append(r)

    css = f"""
@page {{ size: {v['page']}; margin: 15mm; }}
body {{ font-family: {v['font']}; font-size: {v['size']}; margin: 0; }}
.title {{ text-align: center; margin: 0 0 2pt 0; }}
.title.label {{ font-weight: bold; }}
.title.name {{ font-weight: bold; }}
.title.sub {{ font-style: italic; margin-bottom: 10pt; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 1px solid black; padding: 2pt 3pt; vertical-align: top; text-align: left; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
thead {{ display: {'table-row-group' if v.get('header_once') else 'table-header-group'}; }}
tr {{ page-break-inside: {'auto' if v['split'] else 'avoid'}; }}
td.stt {{ text-align: center; }}
tr.section td {{ font-weight: bold; }}
{v.get('css', '')}
"""
    out = ["<!DOCTYPE html>", '<html lang="vi"><head><meta charset="utf-8">',
           f"<title>{html.escape(truth['document']['title'])}</title>",
           f"<style>{css}</style></head><body>"]
    for i, line in enumerate(TITLE_BLOCK):
        text = truth["document"]["title"] if line is None else line
        cls = ["label", "name", "sub"][i]
        out.append(f'<p class="title {cls}">{html.escape(text)}</p>')
    out.append("<table><colgroup>")
    for w in v["widths"]:
        out.append(f'<col style="width:{w}%">')
    out.append("</colgroup><thead><tr>")
    for c in cols:
        out.append(f"<th>{html.escape(c['header'])}</th>")
    out.append("</tr></thead><tbody>")
    for (num, title), srows in sections:
        out.append(f'<tr class="section"><td class="stt">{html.escape(num)}</td>'
                   f'<td colspan="8">{html.escape(title)}</td></tr>')
        ospan = spans(srows, "objective_start")
        tspan = spans(srows, "task_start")
        for i, r in enumerate(srows):
            cells = [f'<td class="stt">{html.escape(r["stt"])}</td>']
            for f in FIELDS[1:]:
                if f in ("objective", "task"):
                    sp = (ospan if f == "objective" else tspan).get(i)
                    if sp is None:
                        continue
                    rs = f' rowspan="{sp}"' if sp > 1 else ""
                    cells.append(f"<td{rs}>{cell_html(r[f])}</td>")
                else:
                    cells.append(f"<td>{cell_html(r[f])}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></body></html>")
    return "\n".join(out)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    sys.exit("chromium not found (apt-get install -y chromium)")


def print_pdf(html_path, out):
    profile = tempfile.mkdtemp(prefix="phuluc-chrome-")
    try:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", "file://" + os.path.abspath(html_path)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def squash(s):
    return re.sub(r"\s+", "", s)


def verify(pdf, truth):
    """Every truth text is in the PDF's text (whitespace removed, so line breaks do not count);
    every line-final character is a space-break or a hyphen (no word cut by the browser)."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    flat = squash(raw)
    missing = 0
    for r in truth["rows"]:
        for f in FIELDS[1:]:
            t = squash(r[f])
            if t and t not in flat:
                # -raw reads in stream order; a cell cut by a page break is interrupted by the
                # next page's header, so check the parts around the break too.
                if not all(part in flat for part in cut_parts(t, flat)):
                    missing += 1
                    print(f"  missing {r['section']}/{r['stt']} {f}: {r[f][:70]}")
    pages = text.count("\f")
    bad = bad_breaks(pdf, truth)
    print(f"{os.path.basename(pdf)}: {pages} pages, {missing} truth texts not found, "
          f"{bad} line breaks not at a space or glued hyphen")
    return missing == 0 and bad == 0


def bad_breaks(pdf, truth):
    """Line breaks inside body cells that the truth does not read as a space (or as a hyphen
    glued to the next word): a word cut by the browser, a break after "/"."""
    import pdfplumber

    blob = "\n".join(re.sub(r"\s+", " ", r[f]) for r in truth["rows"] for f in FIELDS[1:])
    bad = 0
    with pdfplumber.open(pdf) as doc:
        for pi, page in enumerate(doc.pages):
            xs = sorted({round(e["x0"], 1) for e in page.vertical_edges if e["height"] > 20})
            cols = [(a, b) for a, b in zip(xs, xs[1:]) if b - a > 8]
            if not cols:
                continue
            left, right = cols[0][0], cols[-1][1]
            # Skia draws each cell's border pieces: a border across the table is the union of
            # pieces at one height.
            cover = {}
            for e in page.horizontal_edges:
                cover[round(e["top"])] = cover.get(round(e["top"]), 0) + e["x1"] - e["x0"]
            full = []
            for t in sorted(t for t, w in cover.items() if w >= 0.9 * (right - left)):
                if not full or t - full[-1] > 3:
                    full.append(t)
            if len(full) < 2:
                continue
            words = page.extract_words(x_tolerance=1.5)
            # Under the header row where the page has one, else the whole table.
            has_header = any(w["text"] == "STT" and w["top"] < full[1] for w in words)
            body_top = full[1] if has_header else min(e["top"] for e in page.vertical_edges)
            words = [w for w in words if w["top"] > body_top]
            for a, b in cols:
                lines = {}
                for w in words:
                    if a < (w["x0"] + w["x1"]) / 2 < b:
                        k = next((k for k in lines if abs(k - w["bottom"]) <= 2), w["bottom"])
                        lines.setdefault(k, []).append(w)
                ks = sorted(lines)
                for k1, k2 in zip(ks, ks[1:]):
                    if k2 - k1 > 20 or any(
                        e["x0"] <= a + 2 and e["x1"] >= b - 2 and k1 < e["top"] < k2 - 5
                        for e in page.horizontal_edges
                    ):
                        continue  # another cell
                    w = max(lines[k1], key=lambda w: w["x0"])["text"]
                    u = min(lines[k2], key=lambda w: w["x0"])["text"]
                    if u in ("-", "+", "•") or f"{w} {u}" in blob:
                        continue
                    if w.endswith("-") and w + u in blob:
                        continue
                    bad += 1
                    print(f"  page {pi + 1}: break {w!r} | {u!r} not in the truth")
    return bad


def cut_parts(t, flat):
    """Split t into the longest prefixes found in flat, greedily (a text cut by page breaks)."""
    parts = []
    while t:
        lo, hi = 1, len(t)
        if t[:1] not in flat:
            return [t]
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if t[:mid] in flat:
                lo = mid
            else:
                hi = mid - 1
        parts.append(t[:lo])
        t = t[lo:]
        if len(parts) > 6:
            return [t or parts[-1] + "\0"]
    return parts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="comma-separated variant names")
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--keep-html", metavar="DIR")
    a = ap.parse_args()
    truth = json.load(open(os.path.join(FIX, f"{STEM}.truth.json"), encoding="utf-8"))
    names = a.only.split(",") if a.only else list(VARIANTS)
    ok = True
    for name in names:
        v = VARIANTS[name]
        tmp = tempfile.mkdtemp(prefix="phuluc-html-")
        try:
            page = os.path.join(a.keep_html or tmp, f"{STEM}.{name}.html")
            os.makedirs(os.path.dirname(page), exist_ok=True)
            with open(page, "w", encoding="utf-8") as f:
                f.write(build_html(truth, v))
            out = os.path.join(FIX, f"{STEM}.{name}.pdf")
            print_pdf(page, out)
            print(f"wrote {out}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if a.verify:
            ok &= verify(out, truth)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
