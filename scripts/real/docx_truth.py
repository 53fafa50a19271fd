#!/usr/bin/env python3
"""Truth for a real plan, read straight from its Word table XML.

usage: docx_truth.py CONFIG.json [-o truth.json] [--check OLD_TRUTH.json]
       docx_truth.py SOURCE.docx --list            (body tables, their first rows)

CONFIG (one per document, scripts/real/docs/<folder>.json):
  source        path of source.docx, relative to the config's folder or absolute
  tables        body-level table indices (0-based, as `--list` numbers them) that form the appendix;
                several give rows carrying "table": k (k = position in this list); an entry may be
                a list of indices: one table that Word keeps as several (a continuation under the
                same header after a page break)
  titles        optional, one title per table (the truth's "tables": [{"title": ...}])
  header_rows   optional, rows at the top of each table that form its header (default: the rows
                before the first row whose STT cell is a number or a roman numeral; a row of
                column numbers such as "(1) (2) (3)" or "1 2 3" is skipped)
  fields        optional, one field per grid column ("stt", "task", ..., "extra:<header>", or
                "-" to drop the column); default: the header vocabulary below
  headers       optional, one printed header per grid column (default: read from the header rows:
                the lowest header cell of the column, or with "header_levels": "all" every level
                top-down joined by a space, e.g. "Lâm Đồng Điểm số", or with "header_levels":
                "path" joined by " / ", e.g. "Kết quả thống kê / Số liệu", as issue 10 asks of a
                multi-level header)
  sections      regex of a section row's STT (default roman numerals I, II, ...)
  stt_pattern   regex an STT must match (default: 1, 1.2, 1.2.3., I, II, a), A); a row whose STT
                cell holds other text (a total row "CHỈ SỐ CHUNG" spanning STT and the next column)
                is not a record and is listed under stats.unnumbered_rows
  unnumbered    what a row without STT (and not a vertical-merge continuation) is: "subrow"
                (joined to the record above, the default), "skip", or "group" (a heading row,
                kept out of the records but listed under stats.unnumbered_rows)
  as_printed    optional list of {stt, section, table, field, word, printed, why}: a cell whose Word
                text differs from what the PDF shows in a way no reader can see past (a space
                missing before a line break); the truth takes the printed text, stats lists it
  document      the truth's "document" block, typed by hand from the document

Conventions (those of fixtures/real/README.md):
  - a cell's paragraphs are joined with "\n" (each stripped, empty ones dropped); w:br is "\n",
    w:tab a space;
  - a cell spanning several grid columns (gridSpan) gives its text to every field it covers;
  - a vertically merged cell (vMerge) gives its text to every row it covers;
  - a task whose STT cell is merged over several rows is ONE record: every other field joins the
    distinct non-empty texts of its rows, in order, with "\n";
  - a section row (STT I, II, ...) gives `section` and `section_title` to the rows under it;
  - a column outside the vocabulary is the field "extra:<header>".
"""
import argparse
import json
import os
import re
import sys
import unicodedata
import zipfile
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# phrase -> field, first match wins (the same vocabulary as phuluc-parser's vocab.rs)
RULES = [
    ("số thứ tự", "stt"), ("số tt", "stt"), ("stt", "stt"),
    ("chủ trì", "lead"), ("phối hợp", "partners"), ("mục tiêu", "objective"),
    ("hoạt động", "activity"), ("kết quả", "output"), ("sản phẩm", "output"),
    ("kinh phí", "budget"), ("dự toán", "budget"), ("nguồn vốn", "budget"),
    ("thời gian", "timeline"), ("thời hạn", "timeline"), ("tiến độ", "timeline"),
    ("ghi chú", "note"), ("nhiệm vụ", "task"), ("giải pháp", "task"), ("nội dung", "task"),
]
ROMAN = r"[IVXLC]+"


def nfc(s):
    return unicodedata.normalize("NFC", s)


def header_key(text):
    key = re.sub(r"[^\w]+", " ", nfc(text).lower().replace("_", " ")).strip()
    m = re.match(r"^(\d+) (.*)$", key)
    return m.group(2) if m else key


def field_of_header(text):
    key = header_key(text)
    if key in ("tt", "số"):
        return "stt"
    for phrase, f in RULES:
        if key == phrase or key.startswith(phrase + " ") or key.endswith(" " + phrase) or f" {phrase} " in key:
            return f
    return None


def para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append(" ")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
        elif el.tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def cell_text(tc):
    paras = []
    for p in tc.iter(W + "p"):
        for line in para_text(p).split("\n"):
            line = " ".join(line.split())
            if line:
                paras.append(line)
    return nfc("\n".join(paras))


def body_tables(docx):
    root = ET.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    body = root.find(W + "body")
    # body-level tables (also those wrapped in a content control), in document order
    return [el for el in body.iter(W + "tbl") if not any(a.tag == W + "tbl" for a in ancestors(body, el))]


_parents = {}


def ancestors(body, el):
    if not _parents:
        for p in body.iter():
            for c in p:
                _parents[c] = p
    out = []
    while el in _parents:
        el = _parents[el]
        out.append(el)
    return out


def val(el, name):
    if el is None:
        return None
    x = el.find(W + name)
    if x is None:
        return None
    return x.get(W + "val", "")


class Cell:
    def __init__(self, text, row, col, span, vmerge):
        self.text, self.row, self.col, self.span, self.vmerge = text, row, col, span, vmerge
        self.origin = self  # the cell whose text a vertical merge carries


def grid_of(tbl):
    """rows -> list of {col: Cell} over grid columns; vMerge continuations point to their origin."""
    rows = []
    for ri, tr in enumerate(tbl.findall(W + "tr")):
        trpr = tr.find(W + "trPr")
        col = int(val(trpr, "gridBefore") or 0)
        row = {}
        for tc in tr.findall(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = int(val(pr, "gridSpan") or 1)
            vm = None
            if pr is not None and pr.find(W + "vMerge") is not None:
                vm = val(pr, "vMerge") or "continue"
            cell = Cell(cell_text(tc), ri, col, span, vm)
            if vm == "continue" and rows:
                above = rows[-1]["cells"].get(col)
                if above is not None:
                    cell.origin = above.origin
            for c in range(col, col + span):
                row[c] = cell
            col += span
        rows.append({"cells": row, "header": trpr is not None and trpr.find(W + "tblHeader") is not None})
    return rows


def is_numbering_row(texts):
    vals = [t for t in texts if t]
    if len(vals) < 3:
        return False
    nums = []
    for t in vals:
        m = re.fullmatch(r"\(?(\d+)\)?", t)
        if not m:
            return False
        nums.append(int(m.group(1)))
    return nums == sorted(nums)


def text_at(row, c):
    cell = row["cells"].get(c)
    return cell.origin.text if cell is not None else ""


def build(cfg, base):
    src = cfg["source"] if os.path.isabs(cfg["source"]) else os.path.join(base, cfg["source"])
    tables = body_tables(src)
    sec_re = re.compile(r"^(%s)\.?$" % cfg.get("sections", ROMAN))
    unnumbered = cfg.get("unnumbered", "subrow")
    stt_re = re.compile(cfg.get("stt_pattern", r"^(\d+(\.\d+)*\.?|%s\.?|[a-zđ]\)|[A-Z]\.?)$" % cfg.get("sections", ROMAN)))
    out_rows = []
    columns = None
    stats = {"data_rows": 0, "section_rows": 0, "sub_rows": 0, "vmerge_cells": 0, "gridspan_data_cells": 0,
             "gridspan_section_rows": 0, "tables": len(cfg["tables"]), "unnumbered_rows": []}
    multi = len(cfg["tables"]) > 1
    table_meta = []
    for k, ti, first_of_group in table_parts(cfg["tables"]):
        rows = grid_of(tables[ti])
        ncols = max((max(r["cells"]) + 1 for r in rows if r["cells"]), default=0)
        # header rows
        hr = cfg.get("header_rows")
        if isinstance(hr, list):
            hr = hr[k]
        skip = set()
        if hr is None:
            hr = 0
            for i, r in enumerate(rows):
                first = text_at(r, min(r["cells"])) if r["cells"] else ""
                texts = [text_at(r, c) for c in sorted(set(r["cells"]))]
                if is_numbering_row([r["cells"][c].text for c in sorted(r["cells"]) if r["cells"][c].origin is r["cells"][c]]):
                    skip.add(i)
                    continue
                if re.fullmatch(r"\d+(\.\d+)*\.?|%s\.?" % cfg.get("sections", ROMAN), first):
                    hr = i
                    break
        for i in range(hr, len(rows)):
            r = rows[i]
            if is_numbering_row([r["cells"][c].text for c in sorted(r["cells"]) if r["cells"][c].origin is r["cells"][c]]):
                skip.add(i)
        header_idx = [i for i in range(hr) if i not in skip]
        # printed headers: the lowest header cell of each column; its field from the whole stack
        headers, stacks = [], []
        for c in range(ncols):
            stack = []
            for i in header_idx:
                cell = rows[i]["cells"].get(c)
                if cell is not None and cell.origin is cell and cell.text and (not stack or stack[-1] != cell.text):
                    stack.append(cell.text)
            stacks.append(stack)
            if cfg.get("header_levels") == "all":
                headers.append(" ".join(" ".join(stack).split()))
            elif cfg.get("header_levels") == "path":
                headers.append(" / ".join(" ".join(t.split()) for t in stack))
            else:
                headers.append(" ".join(stack[-1].split()) if stack else "")
        if cfg.get("headers"):
            headers = cfg["headers"][k] if isinstance(cfg["headers"][0], list) else cfg["headers"]
        fields = cfg.get("fields")
        if fields and isinstance(fields[0], list):
            fields = fields[k]
        if not fields:
            fields, taken = [], set()
            for c in range(ncols):
                f = None
                for h in [headers[c]] + list(reversed(stacks[c])):
                    f = field_of_header(h)
                    if f:
                        break
                if f is None or f in taken:
                    f = "extra:" + headers[c]
                taken.add(f)
                fields.append(f)
        # a sliver grid column (Word's rounding: a 7-twip column that no data cell covers alone)
        # is no column of the printed table: its cells all span a neighbour
        widths = [int(g.get(W + "w") or 0) for g in tables[ti].find(W + "tblGrid").findall(W + "gridCol")]
        for c in range(min(ncols, len(widths))):
            own = any(r["cells"].get(c) is not None and r["cells"][c].col == c and r["cells"][c].span == 1
                      for r in rows[hr:])
            if widths[c] < 100 and not own and not cfg.get("fields"):
                fields[c] = "-"
        if "stt" not in fields:
            sys.exit(f"table {ti}: no STT column in {fields}")
        scol = fields.index("stt")
        tcols = [c for c in range(ncols) if fields[c] not in ("stt", "-")]
        tcol_title = tcols[0] if tcols else None
        cols = [{"field": f, "header": headers[c]} for c, f in enumerate(fields) if f != "-"]
        # a column both fields share (a cell spanning them) is fine: each keeps the text
        if columns is None:
            columns = cols
        else:
            for c in cols:
                if c["field"] not in [x["field"] for x in columns]:
                    columns.append(c)
        if first_of_group:
            table_meta.append({"title": (cfg.get("titles") or [None] * len(cfg["tables"]))[k], "docx_table": ti,
                               "columns": cols})
            section, section_title = "", ""
            cur = None
        else:
            # a table Word keeps as two (continued after a page break under the same header)
            table_meta[-1]["docx_table"] = [table_meta[-1]["docx_table"], ti] if isinstance(
                table_meta[-1]["docx_table"], int) else table_meta[-1]["docx_table"] + [ti]
        for i in range(hr, len(rows)):
            if i in skip:
                continue
            r = rows[i]
            cells = r["cells"]
            if not cells:
                continue
            scell = cells.get(scol)
            stt = scell.origin.text if scell is not None else ""
            cont = scell is not None and scell.origin is not scell
            if cont and cur is not None:
                cur["_parts"].append(i)
                stats["sub_rows"] += 1
                continue
            if stt and not stt_re.match(stt):
                # a row whose first cell is not a number ("CHỈ SỐ CHUNG" spanning STT and Nội dung):
                # a total or heading row, not a record
                stats.setdefault("unnumbered_rows", []).append(
                    {"table": k, "docx_row": i, "text": " | ".join(text_at(r, c) for c in sorted(set(cells)))})
                continue
            if not stt:
                if unnumbered == "skip":
                    continue
                if unnumbered == "group" or cur is None:
                    stats["unnumbered_rows"].append({"table": k, "docx_row": i,
                                                     "text": " | ".join(text_at(r, c) for c in sorted(set(cells)))})
                    continue
                cur["_parts"].append(i)
                stats["sub_rows"] += 1
                continue
            if sec_re.match(stt) and not re.fullmatch(r"\d+", stt):
                section = stt.rstrip(".")
                section_title = text_at(r, tcol_title) if tcol_title is not None else ""
                stats["section_rows"] += 1
                if any(cells[c].span > 1 for c in cells):
                    stats["gridspan_section_rows"] += 1
                cur = None
                continue
            cur = {"stt": re.sub(r"\.$", "", stt), "section": section, "section_title": section_title,
                   "_rows": rows, "_fields": fields, "_parts": [i]}
            if multi:
                cur["table"] = k
            cur["docx_table"] = ti
            out_rows.append(cur)
            stats["data_rows"] += 1
    # fill fields
    for rec in out_rows:
        rows, fields, parts = rec.pop("_rows"), rec.pop("_fields"), rec.pop("_parts")
        for c, f in enumerate(fields):
            if f in ("stt", "-"):
                continue
            texts, seen = [], set()
            for i in parts:
                cell = rows[i]["cells"].get(c)
                if cell is None:
                    continue
                o = cell.origin
                if id(o) in seen:
                    continue
                seen.add(id(o))
                if o is not cell:
                    stats["vmerge_cells"] += 1
                if cell.span > 1:
                    stats["gridspan_data_cells"] += 1
                if o.text:
                    texts.append(o.text)
            rec[f] = "\n".join(texts)
        rec["docx_rows"] = parts
        # keep the key order of the existing truth files
        order = ["stt", "section", "section_title"] + ([] if "table" not in rec else ["table"])
        order += [f for f in fields if f not in ("stt", "-")] + ["docx_table", "docx_rows"]
        rec_sorted = {k: rec[k] for k in order if k in rec}
        rec.clear()
        rec.update(rec_sorted)
    # a cell whose Word text and printed text differ where no reader of the PDF can tell them apart
    # (a missing space hidden by a line break): the config's "as_printed" says what the page shows
    for fix in cfg.get("as_printed", []):
        hit = [r for r in out_rows if r["stt"] == fix["stt"] and r["section"] == fix.get("section", "")
               and r.get("table", 0) == fix.get("table", 0)]
        if len(hit) != 1 or hit[0].get(fix["field"]) != fix["word"]:
            sys.exit(f"as_printed {fix}: no such cell with that Word text")
        hit[0][fix["field"]] = fix["printed"]
        stats.setdefault("as_printed", []).append(fix)
    # gridspan counted once per cell, not per covered column
    stats["gridspan_data_cells"] = count_spans(out_rows, table_meta, tables, cfg)
    if not stats["unnumbered_rows"]:
        del stats["unnumbered_rows"]
    truth = {"document": cfg["document"], "columns": columns}
    if multi:
        truth["tables"] = [{"title": t["title"], "docx_table": t["docx_table"],
                            "columns": t["columns"]} for t in table_meta]
    truth["built_by"] = "scripts/real/docx_truth.py from source.docx (word/document.xml)"
    truth["stats"] = stats
    truth["rows"] = out_rows
    return truth


def table_parts(spec):
    """(k, body table index, first of its group) for `tables`, whose entries are an index or a list
    of indices that form one table (Word split it in two, the second continuing the first)."""
    for k, entry in enumerate(spec):
        group = entry if isinstance(entry, list) else [entry]
        for j, ti in enumerate(group):
            yield k, ti, j == 0


def count_spans(out_rows, table_meta, tables, cfg):
    n = 0
    grids = {}
    for rec in out_rows:
        ti = rec["docx_table"]
        if ti not in grids:
            grids[ti] = grid_of(tables[ti])
        seen = set()
        for i in rec["docx_rows"]:
            for c, cell in grids[ti][i]["cells"].items():
                if cell.span > 1 and id(cell) not in seen:
                    seen.add(id(cell))
                    n += 1
    return n


def check(new, old):
    """Field-by-field comparison with an existing truth (whitespace collapsed, as the scorer does)."""
    norm = lambda s: " ".join(nfc(s or "").split())
    key = lambda r: (r.get("table", 0), r.get("section", ""), r["stt"])
    o = {key(r): r for r in old["rows"]}
    n = {key(r): r for r in new["rows"]}
    fields = [c["field"] for c in old["columns"] if c["field"] != "stt"] + ["section_title"]
    diffs = 0
    for k in sorted(set(o) | set(n), key=str):
        if k not in n or k not in o:
            print(f"  row {k}: only in {'old' if k in o else 'new'}")
            diffs += 1
            continue
        for f in fields:
            a, b = norm(o[k].get(f)), norm(n[k].get(f))
            if a != b:
                diffs += 1
                print(f"  row {k} {f}:\n    old: {a}\n    new: {b}")
    exact = sum(1 for k in o if k in n and all(norm(o[k].get(f)) == norm(n[k].get(f)) for f in fields))
    print(f"check: {len(o)} old rows, {len(n)} new rows, {exact} identical, {diffs} differing cells/rows; "
          f"columns old={[(c['field'], c['header']) for c in old['columns']]} "
          f"new={[(c['field'], c['header']) for c in new['columns']]}")
    return diffs


def list_tables(docx):
    for i, t in enumerate(body_tables(docx)):
        rows = grid_of(t)
        print(f"table {i}: {len(rows)} rows")
        for r in rows[:4]:
            print("   | " + " | ".join(r["cells"][c].origin.text.replace("\n", " / ")[:30]
                                       for c in sorted(r["cells"]) if c == r["cells"][c].col))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("config")
    ap.add_argument("-o", "--out")
    ap.add_argument("--check")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    if a.list:
        list_tables(a.config)
        return 0
    cfg = json.load(open(a.config, encoding="utf-8"))
    truth = build(cfg, os.path.dirname(os.path.abspath(a.config)))
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
            f.write("\n")
    else:
        print(f"{truth['stats']}")
    if a.check:
        check(truth, json.load(open(a.check, encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
