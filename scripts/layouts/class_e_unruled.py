#!/usr/bin/env python3
"""Class e: continuation pages without a repeated header and without rules; STT vertically
centred in tall unruled rows; numbered section rows without borders; "I.1"-style numbering and
lettered rows "a)", "b)"; rotated header text (a vertical "STT" or "Ghi chú").

- e1 canvas (hand-drawn like a word processor): no rules at all, header on page 1 only, a
  vertical "STT" header, STT centred in its row, sections "I"/"II" as bold rows, rows "I.1",
  "I.2" …, rows split across pages (the rest continues at the top of the next page, no header);
- e2 Word → LibreOffice: no borders, header row not repeated, "Ghi chú" header rotated
  (btLr), numbered sections "1", "2" with lettered rows "a)", "b)" (restarting per section), STT
  cells vertically centred;
- e3 canvas: pages 1–2 ruled with the header repeated; the last page is a continuation without
  header and without rules (as a page added later); a vertical "Ghi chú" header.

STT of a lettered row is printed "a)"; the truth keeps it as printed ("a)"), keyed by its
numbered section ("1", "2").

    python3 scripts/layouts/class_e_unruled.py [--only NAME,…] [--out DIR]
"""
import random
import sys

from layoutlib import (FONTS, Col, Doc, Row, Section, Tab, agencies, register_fonts, render_docx,
                       run, sentence, text_for, roman, wrap, SECTION_TITLES, finalize)
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

G = "scripts/layouts/class_e_unruled.py"


def render_canvas(doc, path):
    register_fonts()
    font, bold, italic = FONTS[doc.font]
    W, H = doc.page
    size = doc.size
    pad, lead = 0.35 * size, 1.2 * size
    mx, mt, mb = 40.0, 44.0, 50.0
    t = doc.tables[0]
    cols = t.columns
    n = len(cols)
    xs = [mx]
    for col in cols:
        xs.append(xs[-1] + col.width * (W - 2 * mx))
    xs[-1] = W - mx
    c = canvas.Canvas(path, pagesize=doc.page, invariant=1, pageCompression=1)
    c.setTitle(doc.document["title"])
    c.setAuthor("phuluc scripts/layouts/class_e_unruled.py")
    rot = getattr(doc, "header_rotate", set())
    hl = []
    for i, col in enumerate(cols):
        if col.key in rot:
            hl.append(None)
        else:
            hl.append(wrap(col.header, bold, size, xs[i + 1] - xs[i] - 2 * pad))
    hh = max([len(x) * lead for x in hl if x] +
             [pdfmetrics.stringWidth(col.header, bold, size) + 4 for col, x in zip(cols, hl) if x is None])
    hh += 2 * pad
    state = {"page": 0}

    def ruled():
        return getattr(doc, "unruled_from", None) is None or state["page"] < doc.unruled_from

    def rules_on():
        return doc.rules == "all" and ruled()

    def hline(x0, x1, y):
        if rules_on():
            c.setLineWidth(0.5)
            c.line(x0, H - y, x1, H - y)

    def vlines(y0, y1, edges=None):
        if rules_on():
            c.setLineWidth(0.5)
            for x in (edges if edges is not None else xs):
                c.line(x, H - y0, x, H - y1)

    def text(lines, f, x0, x1, top, align):
        for k, ln in enumerate(lines):
            c.setFont(f, size)
            base = top + pad + k * lead + size * 0.93
            if align == "c":
                c.drawCentredString((x0 + x1) / 2, H - base, ln)
            else:
                c.drawString(x0 + pad, H - base, ln)

    def start(first):
        state["page"] += 1
        c.setFont(font, 10)
        c.drawCentredString(W / 2, 26, str(state["page"]))
        y = mt
        if first:
            for k, ln in enumerate(t.title):
                f = italic if k + 1 == len(t.title) and getattr(t, "title_italic_last", False) else bold
                c.setFont(f, size + 1)
                c.drawCentredString(W / 2, H - (y + size), ln)
                y += lead + 2
            y += lead
        show = first or (doc.header_pages == "all" and ruled())
        if show:
            for i, col in enumerate(cols):
                if hl[i] is None:
                    w = pdfmetrics.stringWidth(col.header, bold, size)
                    c.saveState()
                    c.translate((xs[i] + xs[i + 1]) / 2 + size * 0.35, H - (y + hh / 2 + w / 2))
                    c.rotate(90)
                    c.setFont(bold, size)
                    c.drawString(0, 0, col.header)
                    c.restoreState()
                else:
                    off = (hh - 2 * pad - len(hl[i]) * lead) / 2
                    text(hl[i], bold, xs[i], xs[i + 1], y + off, "c")
            hline(xs[0], xs[-1], y)
            hline(xs[0], xs[-1], y + hh)
            vlines(y, y + hh)
            y += hh
        return y

    # body blocks: (kind, cells as lists of lines)
    blocks = []
    for r in t.rows:
        if isinstance(r, Section):
            blocks.append(("sec", [[r.num]] + [wrap(r.title, bold, size, xs[-1] - xs[1] - 2 * pad)]))
            continue
        cells = []
        for i, col in enumerate(cols):
            v = r.stt if col.key == "stt" else r.cells.get(col.key, "")
            cells.append(wrap(v, font, size, xs[i + 1] - xs[i] - 2 * pad) if v else [])
        blocks.append(("row", cells))

    y = start(True)
    bottom = H - mb
    i = 0
    while i < len(blocks):
        kind, cells = blocks[i]
        if kind == "sec":
            h = 2 * pad + max(len(cells[1]), 1) * lead
            if y + h + 2 * pad + lead > bottom:
                c.showPage()
                y = start(False)
                continue
            text(cells[0], bold, xs[0], xs[1], y, "c")
            text(cells[1], bold, xs[1], xs[-1], y, "l")
            if getattr(doc, "section_rules", False):
                hline(xs[0], xs[-1], y + h)
                vlines(y, y + h, [xs[0], xs[1], xs[-1]])
            y += h
            i += 1
            continue
        nl = max(len(x) for x in cells[1:]) if n > 1 else 1
        h = 2 * pad + nl * lead
        if y + h <= bottom:
            fit = nl
        else:
            fit = int((bottom - y - 2 * pad) // lead)
            if fit <= 0:
                c.showPage()
                y = start(False)
                continue
        hpart = 2 * pad + fit * lead
        for ci, lines in enumerate(cells):
            if cols[ci].key == "stt":
                if lines:  # vertically centred in the part of the row on this page
                    text(lines, font, xs[ci], xs[ci + 1], y + (hpart - 2 * pad - lead) / 2, "c")
            else:
                text(lines[:fit], font, xs[ci], xs[ci + 1], y, cols[ci].align)
        hline(xs[0], xs[-1], y + hpart)
        vlines(y, y + hpart)
        y += hpart
        if fit < nl:
            rest = [[] if cols[ci].key == "stt" else x[fit:] for ci, x in enumerate(cells)]
            blocks[i] = ("row", rest)
            c.showPage()
            y = start(False)
            continue
        i += 1
    c.showPage()
    c.save()


def plan_rows(rnd, cols, sections, per, style, tall=0.4):
    rows = []
    for si in range(sections):
        num = roman(si + 1) if style == "roman" else str(si + 1)
        rows.append(Section(num, SECTION_TITLES[(si + 4) % len(SECTION_TITLES)]))
        for k in range(rnd.randint(*per)):
            stt = {"roman": f"{num}.{k + 1}", "letter": "abcdeghiklmn"[k] + ")", "plain": None}[style]
            cells = {}
            for col in cols:
                if col.key == "stt":
                    continue
                if col.key == "task" and rnd.random() < tall:
                    cells[col.key] = " ".join(sentence(rnd, 2, 3).rstrip(".") + "." for _ in range(rnd.randint(2, 3)))
                else:
                    cells[col.key] = text_for(rnd, col.key, stt)
            rows.append(Row(stt, cells))
    return rows


def number_plain(rows):
    n = 0
    for r in rows:
        if isinstance(r, Row):
            n += 1
            r.stt = str(n)
    return rows


def docs():
    out = []
    rnd = random.Random(501)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.38),
            Col("Chủ trì", "lead", 0.14), Col("Phối hợp", "partners", 0.19),
            Col("Thời gian", "timeline", 0.10, "c"), Col("Ghi chú", "note", 0.13)]
    out.append(Doc(
        name="unruled-noheader-laichau", generator=G, render="canvas", page=landscape(A4),
        font="serif", size=12, rules="none", header_pages="first", header_rotate={"stt"},
        document={"title": "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "21/KH-UBND", "issued_on": "2026-01-27",
                  "issuer": "UBND tỉnh Lai Châu", "province": "Lai Châu",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 21/KH-UBND ngày 27/01/2026 của UBND tỉnh Lai Châu)"],
                    cols, plan_rows(rnd, cols, 3, (3, 4), "roman", tall=0.7), title_italic_last=True)]))

    rnd = random.Random(502)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.34),
            Col("Cơ quan chủ trì", "lead", 0.15), Col("Cơ quan phối hợp", "partners", 0.18),
            Col("Thời hạn hoàn thành", "timeline", 0.12, "c"), Col("Ghi chú", "note", 0.15)]
    out.append(Doc(
        name="lettered-docx-dienbien", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=12, borders="none", repeat_header=False,
        header_rotate={"note"}, stt_valign="c",
        document={"title": "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "98/KH-UBND", "issued_on": "2026-03-02",
                  "issuer": "UBND tỉnh Điện Biên", "province": "Điện Biên",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                     "(Kèm theo Kế hoạch số 98/KH-UBND ngày 02/3/2026 của UBND tỉnh Điện Biên)"],
                    cols, plan_rows(rnd, cols, 3, (3, 5), "letter"), title_italic_last=True)]))

    rnd = random.Random(503)
    cols = [Col("STT", "stt", 0.07, "c"), Col("Nhiệm vụ", "task", 0.37),
            Col("Chủ trì", "lead", 0.15), Col("Phối hợp", "partners", 0.19),
            Col("Thời gian", "timeline", 0.11, "c"), Col("Ghi chú", "note", 0.11)]
    out.append(Doc(
        name="appended-unruled-yenbai", generator=G, render="canvas", page=portrait(A4),
        font="dejavu", size=9.5, rules="all", header_pages="all", unruled_from=3,
        section_rules=True, header_rotate={"note"},
        document={"title": "DANH MỤC NHIỆM VỤ NĂM 2026",
                  "plan_number": "150/KH-UBND", "issued_on": "2026-04-06",
                  "issuer": "UBND tỉnh Yên Bái", "province": "Yên Bái",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ NĂM 2026",
                     "(Kèm theo Kế hoạch số 150/KH-UBND ngày 06/4/2026 của UBND tỉnh Yên Bái)"],
                    cols, number_plain(plan_rows(rnd, cols, 3, (5, 7), "plain", tall=0.5)),
                    title_italic_last=True)]))

    # e4: Sơn La — e1's layout (no rules, header on page 1 only, STT centred in tall rows,
    #     bold section rows, "I.1" numbering) with a horizontal "STT", so that those features
    #     are measured apart from the rotated header; A4 portrait, Liberation Sans 10.
    rnd = random.Random(504)
    cols = [Col("STT", "stt", 0.08, "c"), Col("Nhiệm vụ", "task", 0.38),
            Col("Chủ trì", "lead", 0.16), Col("Phối hợp", "partners", 0.2),
            Col("Thời gian", "timeline", 0.18, "c")]
    out.append(Doc(
        name="unruled-centred-sonla", generator=G, render="canvas", page=portrait(A4),
        font="sans", size=10, rules="none", header_pages="first",
        document={"title": "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "08/KH-UBND", "issued_on": "2026-01-12",
                  "issuer": "UBND tỉnh Sơn La", "province": "Sơn La",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 08/KH-UBND ngày 12/01/2026 của UBND tỉnh Sơn La)"],
                    cols, plan_rows(rnd, cols, 3, (3, 5), "roman", tall=0.7),
                    title_italic_last=True)]))

    # e5: Hòa Bình — e2's lettered rows "a)", "b)" under numbered sections "1", "2", but in a
    #     ruled Word table with the header repeated and not rotated (lettered numbering alone).
    rnd = random.Random(505)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.36),
            Col("Cơ quan chủ trì", "lead", 0.15), Col("Cơ quan phối hợp", "partners", 0.19),
            Col("Thời hạn hoàn thành", "timeline", 0.12, "c"), Col("Ghi chú", "note", 0.12)]
    out.append(Doc(
        name="lettered-ruled-hoabinh", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=12, borders="all",
        document={"title": "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "71/KH-UBND", "issued_on": "2026-02-24",
                  "issuer": "UBND tỉnh Hòa Bình", "province": "Hòa Bình",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                     "(Kèm theo Kế hoạch số 71/KH-UBND ngày 24/02/2026 của UBND tỉnh Hòa Bình)"],
                    cols, plan_rows(rnd, cols, 3, (3, 5), "letter"), title_italic_last=True)]))

    # e6: Quảng Trị — lettered rows under numbered sections in a Word table without borders,
    #     the header repeated, STT top-aligned (the other extreme from e2's centred labels);
    #     A4 portrait, Arial 11, five columns.
    rnd = random.Random(506)
    cols = [Col("TT", "stt", 0.07, "c"), Col("Nội dung nhiệm vụ", "task", 0.41),
            Col("Đơn vị chủ trì", "lead", 0.17), Col("Đơn vị phối hợp", "partners", 0.2),
            Col("Thời gian", "timeline", 0.15, "c")]
    out.append(Doc(
        name="lettered-docx-quangtri", generator=G, render="docx", page=portrait(A4),
        docx_font="Arial", size=11, borders="none", repeat_header=True,
        document={"title": "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "33/KH-UBND", "issued_on": "2026-02-09",
                  "issuer": "UBND tỉnh Quảng Trị", "province": "Quảng Trị",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 33/KH-UBND ngày 09/02/2026 của UBND tỉnh Quảng Trị)"],
                    cols, plan_rows(rnd, cols, 4, (2, 4), "letter"), title_italic_last=True)]))

    # e7: Tuyên Quang — e2's layout (no borders, header not repeated, STT centred) with a
    #     bottom-aligned STT instead; A4 landscape, Times 13.
    rnd = random.Random(507)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.35),
            Col("Chủ trì", "lead", 0.16), Col("Phối hợp", "partners", 0.2),
            Col("Thời hạn", "timeline", 0.1, "c"), Col("Ghi chú", "note", 0.13)]
    out.append(Doc(
        name="lettered-docx-tuyenquang", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=13, borders="none", repeat_header=False,
        stt_valign="b",
        document={"title": "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "45/KH-UBND", "issued_on": "2026-03-16",
                  "issuer": "UBND tỉnh Tuyên Quang", "province": "Tuyên Quang",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                     "(Kèm theo Kế hoạch số 45/KH-UBND ngày 16/3/2026 của UBND tỉnh Tuyên Quang)"],
                    cols, plan_rows(rnd, cols, 3, (3, 4), "letter"), title_italic_last=True)]))

    # e8: Gia Lai — bottom-aligned STT again (made after phuluc learned e7, not tuned to):
    #     "I.1" numbering under Roman sections, header repeated, no borders; A4 portrait,
    #     Arial 11, five columns, tall task cells.
    rnd = random.Random(508)
    cols = [Col("TT", "stt", 0.08, "c"), Col("Nội dung công việc", "task", 0.42),
            Col("Cơ quan chủ trì", "lead", 0.17), Col("Cơ quan phối hợp", "partners", 0.19),
            Col("Thời gian", "timeline", 0.14, "c")]
    out.append(Doc(
        name="bottom-docx-gialai", generator=G, render="docx", page=portrait(A4),
        docx_font="Arial", size=11, borders="none", repeat_header=True,
        stt_valign="b",
        document={"title": "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "88/KH-UBND", "issued_on": "2026-01-20",
                  "issuer": "UBND tỉnh Gia Lai", "province": "Gia Lai",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 88/KH-UBND ngày 20/01/2026 của UBND tỉnh Gia Lai)"],
                    cols, plan_rows(rnd, cols, 3, (3, 5), "roman", tall=0.6),
                    title_italic_last=True)]))

    # e9: Bắc Kạn — bottom-aligned STT with plain numbers 1, 2, 3 … and sections, header
    #     not repeated, no borders; A4 landscape, Times 12, six columns.
    rnd = random.Random(509)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.33),
            Col("Đơn vị chủ trì", "lead", 0.16), Col("Đơn vị phối hợp", "partners", 0.2),
            Col("Thời gian thực hiện", "timeline", 0.12, "c"), Col("Ghi chú", "note", 0.14)]
    rows = number_plain(plan_rows(rnd, cols, 3, (3, 4), "plain", tall=0.5))
    out.append(Doc(
        name="bottom-docx-backan", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=12, borders="none", repeat_header=False,
        stt_valign="b",
        document={"title": "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "19/KH-UBND", "issued_on": "2026-02-02",
                  "issuer": "UBND tỉnh Bắc Kạn", "province": "Bắc Kạn",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                     "(Kèm theo Kế hoạch số 19/KH-UBND ngày 02/02/2026 của UBND tỉnh Bắc Kạn)"],
                    cols, rows, title_italic_last=True)]))
    return out


def render(doc, path):
    if doc.render == "docx":
        render_docx(doc, path)
    else:
        tmp = path + ".tmp"
        render_canvas(doc, tmp)
        finalize(tmp, path)
        import os
        os.remove(tmp)


def plain_variants():
    """The class-e documents renumbered 1, 2, 3 … (names ending in "-plain"): to tell a failure
    caused by "I.1" / "a)" numbering from one caused by the layout. Not fixtures; make them
    with --plain --out DIR."""
    out = []
    for d in docs():
        number_plain(d.tables[0].rows)
        d.name += "-plain"
        out.append(d)
    return out


if __name__ == "__main__":
    if "--plain" in sys.argv:
        sys.argv.remove("--plain")
        sys.exit(0 if run(plain_variants(), render) else 1)
    sys.exit(0 if run(docs(), render) else 1)
