"""Shared content model, truth writer, renderers and checks for the layout-class generators.

The content vocabulary (agencies, verbs, objects, outputs, timelines …), the text wrapping and
the fonts come from scripts/tables/make_tables.py. A document here is:

    Doc(name, page, font, size, tables=[Tab(...)], document={...}, ...)
    Tab(title=[lines printed just above the table], columns=[Col(...)], rows=[...], prose_before=[...])
    Col(path, field, width, align)   path: list of header texts, outermost group first
                                     (["Thời gian thực hiện", "Bắt đầu"]); field: a standard field
                                     name, or None for a column outside the vocabulary
                                     (truth field "extra:<path joined by ' / '>")
    Section(num, title)              a section row
    Row(stt, cells, span=None, subs=None, keep=())
        cells: {field: text}  (field as in Col.key)
        span:  {key: n}        the cell of column `key` spans n columns (its text goes to each)
        subs:  [{key: text}, …] sub-rows: STT and the `keep` columns are merged over all of them;
               every other column has one cell per sub-row (truth: texts joined with "\\n")

Three renderers: `render_docx` (python-docx → LibreOffice, a Word-like table), `render_platypus`
(ReportLab platypus LongTable) and the hand-drawn canvas renderers in the class scripts.
Everything is deterministic: fixed seeds, fixed dates, content-derived /ID.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "tables"))

import make_tables as mt  # noqa: E402  (content vocabulary, wrap, fonts)

from make_tables import (  # noqa: E402,F401
    AGENCIES, VERBS, OBJECTS, PURPOSES, OUTPUTS, TIMELINES, NOTES, SECTION_TITLES,
    sentence, agencies, budget, roman, LETTERS, wrap, FONTS, register_fonts,
)

OUT = os.path.join(ROOT, "fixtures", "layouts")
STANDARD = {"stt", "objective", "task", "activity", "output", "lead", "partners", "timeline",
            "budget", "note"}


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class Col(Obj):
    def __init__(self, path, field, width, align="l", **kw):
        if isinstance(path, str):
            path = [path]
        super().__init__(path=list(path), field=field, width=width, align=align, **kw)

    @property
    def header(self):
        return " / ".join(self.path)

    @property
    def key(self):
        """The truth field: a standard field, or extra:<header path>."""
        return self.field if self.field else "extra:" + self.header


class Section(Obj):
    def __init__(self, num, title, **kw):
        super().__init__(num=num, title=title, **kw)


class Row(Obj):
    def __init__(self, stt, cells, span=None, subs=None, keep=(), **kw):
        super().__init__(stt=stt, cells=dict(cells), span=dict(span or {}), subs=subs,
                         keep=set(keep), **kw)


class Tab(Obj):
    def __init__(self, title, columns, rows, prose_before=(), **kw):
        super().__init__(title=list(title), columns=columns, rows=rows,
                         prose_before=list(prose_before), **kw)


class Doc(Obj):
    pass


# ---------------------------------------------------------------------------
# content helpers


def text_for(rnd, key, stt=""):
    """A cell text for a truth field (standard or extra:…), from make_tables' vocabulary."""
    f = key
    if f == "task":
        return sentence(rnd, 1, 3)
    if f == "objective":
        return f"Mục tiêu {stt}: " + sentence(rnd, 1, 2)
    if f == "activity":
        return sentence(rnd, 1, 2)
    if f == "lead":
        return agencies(rnd, 1, 1)
    if f == "partners":
        return agencies(rnd, 1, 4)
    if f == "budget":
        return budget(rnd)
    if f == "timeline":
        return rnd.choice(TIMELINES)
    if f == "output":
        return rnd.choice(OUTPUTS) + (" " + rnd.choice(OBJECTS) if rnd.random() < 0.3 else "")
    if f == "note":
        return rnd.choice(NOTES)
    return ""


def spans_of(row, j=None):
    """The span map of the row, or of its sub-row j (a sub-row dict may carry "_span")."""
    if j is None or not row.subs:
        return row.span
    return row.subs[j].get("_span", row.span)


def row_cells_of(row, columns, j=None):
    """The row's (or sub-row j's) cell text per column key, spans expanded (the text in each
    covered column)."""
    keys = [c.key for c in columns]
    src = row.cells if j is None else row.subs[j]
    span = spans_of(row, j)
    out = {}
    for i, k in enumerate(keys):
        if k in out:
            continue
        out[k] = src.get(k, "")
        n = span.get(k, 1)
        for j in range(1, n):
            out[keys[i + j]] = out[k]
    return out


def span_cover(span, columns):
    """{column index: (start index, n)} for a span map."""
    keys = [c.key for c in columns]
    cov = {}
    for i, k in enumerate(keys):
        n = span.get(k, 1)
        if n > 1:
            for j in range(n):
                cov[i + j] = (i, n)
    return cov


# ---------------------------------------------------------------------------
# truth


def truth_of(doc):
    multi = len(doc.tables) > 1
    cols, seen = [], set()
    for t in doc.tables:
        for c in t.columns:
            if c.key not in seen:
                seen.add(c.key)
                cols.append({"field": c.key, "header": c.header})
    rows = []
    for ti, t in enumerate(doc.tables):
        section, title = "", ""
        for r in t.rows:
            if isinstance(r, Section):
                section, title = r.num, r.title
                continue
            out = {"stt": r.stt, "section": section, "section_title": title}
            if multi:
                out["table"] = ti
            keys = [c.key for c in t.columns]
            if r.subs:
                base = row_cells_of(r, t.columns)
                for k in keys:
                    if k == "stt":
                        continue
                    if k in r.keep:
                        out[k] = base.get(k, "")
                    else:
                        parts = [row_cells_of(r, t.columns, j).get(k, "")
                                 for j in range(len(r.subs))]
                        out[k] = "\n".join(p for p in parts if p)
            else:
                cells = row_cells_of(r, t.columns)
                for k in keys:
                    if k != "stt":
                        out[k] = cells.get(k, "")
            rows.append(out)
    truth = {"document": doc.document, "columns": cols, "rows": rows}
    if multi:
        truth["tables"] = [{"title": " ".join(t.title),
                            "columns": [{"field": c.key, "header": c.header} for c in t.columns]}
                           for t in doc.tables]
    truth["generator"] = doc.generator
    return truth


def write_truth(doc, out_dir):
    truth = truth_of(doc)
    path = os.path.join(out_dir, f"{doc.name}.truth.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return truth


# ---------------------------------------------------------------------------
# checks


def _words(s):
    return re.findall(r"\w+", unicodedata.normalize("NFC", s or "").lower())


def printed_texts(doc):
    """Every text the model prints once: STT, cells (a span once), sub-row cells, section rows,
    header texts."""
    out = []
    for t in doc.tables:
        for r in t.rows:
            if isinstance(r, Section):
                out += [r.num, r.title]
                continue
            out.append(r.stt)
            keys = [c.key for c in t.columns]
            if r.subs:
                out += [r.cells.get(k, "") for k in r.keep]
                members = [(sub, spans_of(r, j)) for j, sub in enumerate(r.subs)]
            else:
                members = [(r.cells, r.span)]
            for src, span in members:
                cov = span_cover(span, t.columns)
                for i, k in enumerate(keys):
                    if k == "stt" or (r.subs and k in r.keep) or (i in cov and cov[i][0] != i):
                        continue
                    out.append(src.get(k, ""))
    return out


def verify(pdf_path, doc):
    """Every word the model prints is in the PDF's text (as a multiset over the document).
    Returns (pages, missing words)."""
    import pdfplumber
    got = Counter()
    with pdfplumber.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        for p in pdf.pages:
            got.update(_words(p.extract_text() or ""))
    want = Counter()
    for t in printed_texts(doc):
        want.update(_words(t))
    return pages, want - got


# ---------------------------------------------------------------------------
# PDF post-processing


def finalize(src, dst):
    """Fixed dates and a content-derived /ID (as scripts/variants/make_variants.py does)."""
    import pikepdf
    with pikepdf.open(src) as pdf:
        for k in ("/ID", "/DocChecksum"):
            if k in pdf.trailer:
                del pdf.trailer[k]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            for k in list(meta.keys()):
                del meta[k]
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        info = pdf.docinfo
        for k in ("/CreationDate", "/ModDate"):
            if k in info:
                info[k] = pikepdf.String("D:20260101000000Z")
        pdf.save(dst, deterministic_id=True, compress_streams=True)


# ---------------------------------------------------------------------------
# header grid (multi-level headers)


def header_grid(columns):
    """Header cells as (text, level, c0, c1, r1): each group text over the run of adjacent
    columns sharing the same path prefix; a column with a shorter path spans down to the last
    level. Returns (levels, cells)."""
    levels = max(len(c.path) for c in columns)
    cells = []
    for lev in range(levels):
        i = 0
        while i < len(columns):
            p = columns[i].path
            if lev >= len(p):
                i += 1
                continue
            j = i
            if lev < len(p) - 1:  # a group: extend over columns with the same prefix
                while (j + 1 < len(columns) and len(columns[j + 1].path) > lev + 1
                       and columns[j + 1].path[:lev + 1] == p[:lev + 1]):
                    j += 1
                r1 = lev
            else:
                r1 = levels - 1
            text = p[lev]
            if lev == len(p) - 1 and getattr(columns[i], "label", None):
                text = columns[i].label  # the printed leaf text, when it differs from the path
            cells.append((text, lev, i, j, r1))
            i = j + 1
    return levels, cells


# ---------------------------------------------------------------------------
# docx → LibreOffice


def render_docx(doc, pdf_path, keep_docx=None):
    """A Word table per Tab: repeated header rows (unless doc.repeat_header is False), rows
    allowed to break across pages, vertical merges for sub-row groups, gridSpan for spans and
    section rows, per-column header vertical alignment (doc.header_valign) and text direction
    (doc.header_rotate), borders all / none / horizontal only (doc.borders)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    sec = d.sections[0]
    W, H = doc.page
    sec.orientation = WD_ORIENT.LANDSCAPE if W > H else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Pt(W), Pt(H)
    m = getattr(doc, "margins", (42, 42, 50, 50))
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = [Pt(x) for x in m]
    fontname = doc.docx_font
    st = d.styles["Normal"]
    st.font.name = fontname
    st.font.size = Pt(doc.size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(a), fontname)
    st.paragraph_format.space_after = Pt(0)
    st.paragraph_format.space_before = Pt(0)
    st.paragraph_format.line_spacing = 1.0

    if getattr(doc, "page_numbers", False):
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = hp.add_run()
        for kind, txt in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                run._r.append(fc)
            else:
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = txt
                run._r.append(it)

    def para(container, text, bold=False, italic=False, align=None, size=None, first=False):
        p = container.paragraphs[0] if first else container.add_paragraph()
        if align == "c":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "j":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        if size:
            r.font.size = Pt(size)
        return p

    def set_cell(cell, text, bold=False, align="l", italic=False):
        lines = text.split("\n") if text else [""]
        for k, ln in enumerate(lines):
            para(cell, ln, bold=bold, italic=italic, align=align, first=(k == 0))

    def tc_pr(cell):
        return cell._tc.get_or_add_tcPr()

    def set_valign(cell, v):
        e = OxmlElement("w:vAlign")
        e.set(qn("w:val"), {"t": "top", "c": "center", "b": "bottom"}[v])
        tc_pr(cell).append(e)

    def set_dir(cell):
        e = OxmlElement("w:textDirection")
        e.set(qn("w:val"), "btLr")
        tc_pr(cell).append(e)

    def set_borders(table, mode):
        tbl_pr = table._tbl.tblPr
        b = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement(f"w:{edge}")
            on = mode == "all" or (mode == "hrules" and edge in ("top", "bottom", "insideH"))
            e.set(qn("w:val"), "single" if on else "nil")
            if on:
                e.set(qn("w:sz"), "4")
                e.set(qn("w:color"), "000000")
            b.append(e)
        tbl_pr.append(b)

    body_w = W - m[0] - m[1]
    for ti, t in enumerate(doc.tables):
        if ti > 0 and getattr(doc, "table_page_break", False):
            d.add_page_break()
        for kind, text in t.prose_before:
            if kind == "h":
                para(d, text, bold=True)
            elif kind == "c":
                para(d, text, bold=True, align="c")
            elif kind == "i":
                para(d, text, italic=True, align="c")
            else:
                para(d, text, align="j")
        for k, ln in enumerate(t.title):
            para(d, ln, bold=not getattr(t, "title_italic_last", False) or k + 1 < len(t.title),
                 italic=getattr(t, "title_italic_last", False) and k + 1 == len(t.title),
                 align=getattr(t, "title_align", "c"))
        para(d, "")
        cols = t.columns
        n = len(cols)
        levels, hcells = header_grid(cols)
        numrow = getattr(t, "column_numbers", False)
        body = []  # (kind, row) in drawing order; sub-rows expanded
        for r in t.rows:
            if isinstance(r, Section):
                body.append(("sec", r, None))
            elif r.subs:
                for si, s in enumerate(r.subs):
                    body.append(("sub", r, si))
            else:
                body.append(("row", r, None))
        nrows = levels + (1 if numrow else 0) + len(body)
        table = d.add_table(rows=nrows, cols=n)
        table.autofit = False
        set_borders(table, getattr(doc, "borders", "all"))
        widths = [c.width * body_w for c in cols]
        grid = table._tbl.tblGrid
        for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
            gc.set(qn("w:w"), str(int(w * 20)))
        for row in table.rows:
            for ci, cell in enumerate(row.cells):
                cell.width = Pt(widths[ci])
        hv = getattr(doc, "header_valign", {})
        hrot = getattr(doc, "header_rotate", set())
        repeat = getattr(doc, "repeat_header", True)
        for ri in range(levels + (1 if numrow else 0)):
            tr = table.rows[ri]._tr
            trpr = tr.get_or_add_trPr()
            if repeat:
                trpr.append(OxmlElement("w:tblHeader"))
            if getattr(doc, "header_cant_split", True):
                trpr.append(OxmlElement("w:cantSplit"))
        for text, lev, c0, c1, r1 in hcells:
            cell = table.cell(lev, c0)
            if c1 > c0 or r1 > lev:
                cell = cell.merge(table.cell(r1, c1))
            hkey = cols[c0].key if c0 == c1 else None
            # header text: "\n" in a header text makes separate paragraphs
            for p in list(cell.paragraphs)[1:]:
                p._p.getparent().remove(p._p)
            lines = text.split("\n")
            for k, ln in enumerate(lines):
                para(cell, ln, bold=True, align="c", first=(k == 0))
            v = hv.get(hkey, hv.get(text, "c"))
            set_valign(cell, v)
            if hkey in hrot or text in hrot:
                set_dir(cell)
        if numrow:
            for ci in range(n):
                set_cell(table.cell(levels, ci), f"({ci + 1})", align="c", italic=True)
        r0 = levels + (1 if numrow else 0)
        # merges for sub-row groups first (vertical), then fill text
        k = 0
        while k < len(body):
            kind, r, si = body[k]
            ri = r0 + k
            if kind == "sec":
                style = getattr(t, "section_style", "stt")
                if style == "merged":
                    c = table.cell(ri, 0).merge(table.cell(ri, n - 1))
                    set_cell(c, f"{r.num}. {r.title}", bold=True)
                else:
                    set_cell(table.cell(ri, 0), r.num, bold=True, align="c")
                    c = table.cell(ri, 1).merge(table.cell(ri, n - 1))
                    set_cell(c, r.title, bold=True)
                k += 1
                continue
            if kind == "row":
                group = [(r.cells, ri)]
            else:
                group = [(sub, r0 + k + j) for j, sub in enumerate(r.subs)]
            keys = [c.key for c in cols]
            top, bot = group[0][1], group[-1][1]
            vkeep = {ci for ci, col in enumerate(keys)
                     if kind == "sub" and (col == "stt" or col in r.keep)}
            for ci in sorted(vkeep):  # STT and kept columns: one cell over all sub-rows
                cell = table.cell(top, ci).merge(table.cell(bot, ci))
                text = r.stt if keys[ci] == "stt" else r.cells.get(keys[ci], "")
                set_cell(cell, text, align=cols[ci].align)
                if keys[ci] == "stt" and getattr(doc, "stt_valign", None):
                    set_valign(cell, doc.stt_valign)
            for j, (src, rr) in enumerate(group):
                cov = span_cover(spans_of(r, j if kind == "sub" else None), cols)
                done = set(vkeep)
                for ci, col in enumerate(keys):
                    if ci in done:
                        continue
                    c0, nspan = cov.get(ci, (ci, 1))
                    c1 = c0 + nspan - 1
                    done.update(range(c0, c1 + 1))
                    cell = table.cell(rr, c0)
                    if c1 > c0:
                        cell = cell.merge(table.cell(rr, c1))
                    text = r.stt if col == "stt" else src.get(col, "")
                    set_cell(cell, text, align=cols[ci].align)
                    if col == "stt" and getattr(doc, "stt_valign", None):
                        set_valign(cell, doc.stt_valign)
            k += len(group)
        for kind, text in getattr(t, "prose_after", []):
            para(d, text, bold=(kind == "h"), align="j" if kind == "p" else None)
    for kind, text in getattr(doc, "trailer", []):
        para(d, text, bold=(kind == "h"), italic=(kind == "i"))

    tmp = tempfile.mkdtemp(prefix="layouts-")
    try:
        src = os.path.join(tmp, doc.name + ".docx")
        d.save(src)
        if keep_docx:
            shutil.copy(src, keep_docx)
        subprocess.run(["soffice", "-env:UserInstallation=file:///tmp/lo-gen-profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finalize(os.path.join(tmp, doc.name + ".pdf"), pdf_path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# ReportLab platypus


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_platypus(doc, pdf_path):
    """A LongTable per Tab with repeatRows = header levels and splitInRow=1 (rows split inside
    their cells across pages). Options: doc.grid ("grid" | "box+inner" | "box+header" | "hrules" | "none"),
    doc.header_valign {key: t|c|b}, doc.long (LongTable vs Table), doc.split_in_row,
    doc.header_fill (a background colour for the header), doc.extra_styles (TableStyle commands)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table

    register_fonts()
    font, bold, italic = FONTS[doc.font]
    size = doc.size
    lead = size * 1.2
    sty = ParagraphStyle("cell", fontName=font, fontSize=size, leading=lead, alignment=TA_LEFT)
    sty_c = ParagraphStyle("cellc", parent=sty, alignment=TA_CENTER)
    sty_h = ParagraphStyle("head", parent=sty, fontName=bold, alignment=TA_CENTER)
    sty_b = ParagraphStyle("bold", parent=sty, fontName=bold)
    sty_bc = ParagraphStyle("boldc", parent=sty_b, alignment=TA_CENTER)
    sty_t = ParagraphStyle("title", parent=sty, fontName=bold, fontSize=size + 2,
                           leading=(size + 2) * 1.3, alignment=TA_CENTER)
    sty_tl = ParagraphStyle("titlel", parent=sty_b, fontSize=size + 1, leading=(size + 1) * 1.3)
    sty_ti = ParagraphStyle("titlei", parent=sty_t, fontName=italic, fontSize=size + 1)
    sty_p = ParagraphStyle("prose", parent=sty, fontSize=size + 1, leading=(size + 1) * 1.4,
                           firstLineIndent=20)
    sty_ph = ParagraphStyle("proseh", parent=sty_p, fontName=bold, firstLineIndent=0)

    def P(text, s):
        return Paragraph(esc(text).replace("\n", "<br/>"), s) if text else ""

    W, H = doc.page
    m = getattr(doc, "margins", (36, 36, 40, 40))
    page_no = getattr(doc, "page_numbers", None)

    def on_page(c, d):
        if page_no:
            c.saveState()
            c.setFont(font, 9)
            c.drawCentredString(W / 2, 20, f"Trang {c.getPageNumber()}")
            c.restoreState()

    sd = SimpleDocTemplate(pdf_path, pagesize=doc.page, leftMargin=m[0], rightMargin=m[1],
                           topMargin=m[2], bottomMargin=m[3], invariant=1,
                           title=doc.document.get("title") or doc.name,
                           author="phuluc scripts/layouts", creator="ReportLab platypus")
    story = []
    body_w = W - m[0] - m[1]
    for ti, t in enumerate(doc.tables):
        for kind, text in t.prose_before:
            story.append(Paragraph(esc(text), {"h": sty_ph, "c": sty_t, "i": sty_ti}.get(kind, sty_p)))
            story.append(Spacer(1, 4))
        for k, ln in enumerate(t.title):
            it = getattr(t, "title_italic_last", False) and k + 1 == len(t.title)
            left = getattr(t, "title_align", "c") == "l"
            story.append(Paragraph(esc(ln), sty_ti if it else sty_tl if left else sty_t))
        story.append(Spacer(1, 8))
        cols = t.columns
        n = len(cols)
        levels, hcells = header_grid(cols)
        data = [["" for _ in range(n)] for _ in range(levels)]
        cmds = []
        hv = getattr(doc, "header_valign", {})
        for text, lev, c0, c1, r1 in hcells:
            data[lev][c0] = P(text, sty_h)
            if c1 > c0 or r1 > lev:
                cmds.append(("SPAN", (c0, lev), (c1, r1)))
            key = cols[c0].key if c0 == c1 else None
            v = {"t": "TOP", "c": "MIDDLE", "b": "BOTTOM"}[hv.get(key, hv.get(text, "c"))]
            cmds.append(("VALIGN", (c0, lev), (c1, r1), v))
        hdr = levels
        if getattr(t, "column_numbers", False):
            data.append([P(f"({i + 1})", sty_c) for i in range(n)])
            hdr += 1
        for r in t.rows:
            ri = len(data)
            if isinstance(r, Section):
                if getattr(t, "section_style", "stt") == "merged":
                    data.append([P(f"{r.num}. {r.title}", sty_b)] + [""] * (n - 1))
                    cmds.append(("SPAN", (0, ri), (n - 1, ri)))
                else:
                    data.append([P(r.num, sty_bc), P(r.title, sty_b)] + [""] * (n - 2))
                    cmds.append(("SPAN", (1, ri), (n - 1, ri)))
                continue
            group = r.subs if r.subs else [r.cells]
            for j, src in enumerate(group):
                cov = span_cover(spans_of(r, j if r.subs else None), cols)
                line = []
                for ci, col in enumerate(cols):
                    k = col.key
                    vk = k == "stt" or (r.subs and k in r.keep)
                    if (ci in cov and cov[ci][0] != ci) and not vk:
                        line.append("")
                        continue
                    s = sty_c if col.align == "c" else sty
                    if k == "stt":
                        line.append(P(r.stt, sty_c) if j == 0 else "")
                    elif r.subs and k in r.keep:
                        line.append(P(r.cells.get(k, ""), s) if j == 0 else "")
                    else:
                        line.append(P(src.get(k, ""), s))
                data.append(line)
                for ci, (c0, nn) in cov.items():
                    if ci == c0:
                        cmds.append(("SPAN", (c0, ri + j), (c0 + nn - 1, ri + j)))
            if r.subs:
                for ci, col in enumerate(cols):
                    if col.key == "stt" or col.key in r.keep:
                        cmds.append(("SPAN", (ci, ri), (ci, ri + len(group) - 1)))
        grid = getattr(doc, "grid", "grid")
        lw = getattr(doc, "line_width", 0.5)
        if grid == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), lw, colors.black))
        elif grid == "box+inner":
            cmds.append(("BOX", (0, 0), (-1, -1), lw * 2, colors.black))
            cmds.append(("INNERGRID", (0, 0), (-1, -1), lw / 2, colors.black))
        elif grid == "box+header":  # an outer box and a rule under the header only
            cmds.append(("BOX", (0, 0), (-1, -1), lw, colors.black))
            cmds.append(("LINEBELOW", (0, levels - 1), (-1, levels - 1), lw, colors.black))
        elif grid == "hrules":
            cmds.append(("LINEABOVE", (0, 0), (-1, 0), lw, colors.black))
            cmds.append(("LINEBELOW", (0, 0), (-1, -1), lw, colors.black))
        cmds.append(("VALIGN", (0, hdr), (-1, -1), getattr(doc, "body_valign", "TOP")))
        cmds.extend(getattr(doc, "extra_styles", []))
        if getattr(doc, "header_fill", None):
            cmds.append(("BACKGROUND", (0, 0), (-1, levels - 1), colors.HexColor(doc.header_fill)))
        widths = [c.width * body_w for c in cols]
        cls = LongTable if getattr(doc, "long", True) else Table
        tbl = cls(data, colWidths=widths, repeatRows=hdr if getattr(doc, "repeat_header", True) else 0,
                  splitInRow=1 if getattr(doc, "split_in_row", True) else 0, style=cmds,
                  hAlign="CENTER")
        story.append(tbl)
        for kind, text in getattr(t, "prose_after", []):
            story.append(Spacer(1, 6))
            story.append(Paragraph(esc(text), sty_ph if kind == "h" else sty_p))
        story.append(Spacer(1, 12))
    sd.build(story, onFirstPage=on_page, onLaterPages=on_page)


# ---------------------------------------------------------------------------
# driver


def run(docs, render, argv=None):
    """Write truth + PDF for each doc (filtered by --only), verify, print one line each."""
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="comma-separated document names")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    os.makedirs(args.out, exist_ok=True)
    ok = True
    for doc in docs:
        if only and doc.name not in only:
            continue
        truth = write_truth(doc, args.out)
        path = os.path.join(args.out, f"{doc.name}.pdf")
        render(doc, path)
        pages, missing = verify(path, doc)
        flag = "" if not missing else f"  MISSING WORDS {dict(missing)}"
        ok &= not missing
        print(f"{path}: {pages} pages, {len(truth['rows'])} rows{flag}")
    return ok
