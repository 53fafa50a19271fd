#!/usr/bin/env python3
"""Class f: spans inside the body.

- a data cell spanning two or three columns (Chủ trì + Phối hợp, Sản phẩm + Thời gian …):
  truth gives its text to every field it covers;
- a numbered row whose STT and Nhiệm vụ cells (and in f3 also Sản phẩm) are merged over
  several sub-rows (one per product / agency / deadline): ONE truth row; every other field
  joins the sub-rows' texts in order with "\\n". A sub-row may itself hold a span.
Page breaks fall between sub-rows in the Word/LibreOffice documents (the script prints where).

    python3 scripts/layouts/class_f_spans.py [--only NAME,…] [--out DIR]
"""
import random
import sys

import pdfplumber
from layoutlib import (OUT, Col, Doc, Row, Section, Tab, agencies, render_docx, render_platypus,
                       run, sentence, text_for, roman, SECTION_TITLES, OUTPUTS, OBJECTS, TIMELINES)
from reportlab.lib.pagesizes import A4, landscape, portrait

G = "scripts/layouts/class_f_spans.py"
SPAN_TEXTS = [
    "Theo phân công tại Quyết định số 14/QĐ-UBND ngày 05/01/2026 của UBND tỉnh",
    "Các sở, ban, ngành, UBND cấp huyện theo chức năng, nhiệm vụ được giao",
    "Các cơ quan, đơn vị, địa phương theo Kế hoạch số 41/KH-UBND",
    "Cơ quan được giao chủ trì từng nội dung, phối hợp với các đơn vị liên quan",
]


def product(rnd):
    return rnd.choice(OUTPUTS) + " " + rnd.choice(OBJECTS)


def rows_with_subs(rnd, cols, sections, per, p_sub, p_span, span_keys, keep=("task",),
                   sub_span_keys=None):
    keys = [c.key for c in cols if c.key != "stt"]
    rows, n = [], 0
    for si in range(sections):
        rows.append(Section(roman(si + 1), SECTION_TITLES[(si * 3 + 1) % len(SECTION_TITLES)]))
        for k in range(rnd.randint(*per)):
            n += 1
            stt = str(n)
            cells = {}
            for key in keys:
                cells[key] = (sentence(rnd, 1, 3) if key == "task" else
                              product(rnd) if key == "output" else text_for(rnd, key, stt))
            span = {}
            if rnd.random() < p_span:
                a, nn = rnd.choice(span_keys)
                span = {a: nn}
                cells[a] = rnd.choice(SPAN_TEXTS)
            if rnd.random() < p_sub:
                subs = []
                for j in range(rnd.randint(2, 3)):
                    s = {}
                    for key in keys:
                        if key in keep:
                            continue
                        s[key] = (product(rnd) if key == "output" else text_for(rnd, key, stt))
                    if sub_span_keys and rnd.random() < 0.35:
                        a, nn = rnd.choice(sub_span_keys)
                        s["_span"] = {a: nn}
                        s[a] = rnd.choice(SPAN_TEXTS)
                    subs.append(s)
                rows.append(Row(stt, {k2: cells[k2] for k2 in keep}, subs=subs, keep=keep))
            else:
                rows.append(Row(stt, cells, span=span))
    return rows


def docs():
    out = []
    # f1: Đắk Lắk CCHC, Word → LibreOffice, A4 landscape, 6 columns as in the Lâm Đồng plan.
    rnd = random.Random(601)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.27),
            Col("Sản phẩm", "output", 0.22), Col("Thời gian hoàn thành", "timeline", 0.12, "c"),
            Col("Chủ trì thực hiện", "lead", 0.14), Col("Phối hợp thực hiện", "partners", 0.20)]
    out.append(Doc(
        name="span-cchc-daklak", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=12, page_numbers=True,
        document={"title": "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026 - 2030",
                  "plan_number": "215/KH-UBND", "issued_on": "2026-02-10",
                  "issuer": "UBND tỉnh Đắk Lắk", "province": "Đắk Lắk",
                  "period_start": 2026, "period_end": 2030},
        tables=[Tab(["Phụ lục",
                     "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026 - 2030",
                     "(Kèm theo Kế hoạch số 215/KH-UBND ngày 10/02/2026 của UBND tỉnh Đắk Lắk)"],
                    cols, rows_with_subs(rnd, cols, 3, (4, 6), 0.4, 0.3,
                                         [("lead", 2)], sub_span_keys=[("lead", 2)]),
                    title_italic_last=True)]))

    # f2: Phú Yên, ReportLab platypus LongTable (repeatRows, splitInRow), A4 portrait, 7 columns;
    #     spans over Chủ trì+Phối hợp and over Sản phẩm+Thời gian, STT+Nhiệm vụ over sub-rows.
    rnd = random.Random(602)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.26),
            Col("Kết quả, sản phẩm", "output", 0.17), Col("Thời gian", "timeline", 0.12, "c"),
            Col("Chủ trì", "lead", 0.13), Col("Phối hợp", "partners", 0.16),
            Col("Ghi chú", "note", 0.10)]
    out.append(Doc(
        name="span-rl-phuyen", generator=G, render="platypus", page=portrait(A4), font="serif",
        size=9.5, grid="grid",
        document={"title": "DANH MỤC NHIỆM VỤ THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "33/KH-UBND", "issued_on": "2026-02-26",
                  "issuer": "UBND tỉnh Phú Yên", "province": "Phú Yên",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ NĂM 2026",
                     "(Kèm theo Kế hoạch số 33/KH-UBND ngày 26/02/2026 của UBND tỉnh Phú Yên)"],
                    cols, rows_with_subs(rnd, cols, 3, (4, 5), 0.35, 0.35,
                                         [("lead", 2), ("output", 2), ("lead", 3)]),
                    title_italic_last=True)]))

    # f3: Quảng Bình, Word → LibreOffice, A4 portrait, 7 columns; STT, Nhiệm vụ and Sản phẩm
    #     merged over sub-rows (one per deadline/agency), spans of three columns.
    rnd = random.Random(603)
    cols = [Col("TT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.25),
            Col("Sản phẩm", "output", 0.17), Col("Chủ trì", "lead", 0.14),
            Col("Phối hợp", "partners", 0.16), Col("Thời gian", "timeline", 0.11, "c"),
            Col("Kinh phí (triệu đồng)", "budget", 0.11, "c")]
    out.append(Doc(
        name="span-docx-quangbinh", generator=G, render="docx", page=portrait(A4),
        docx_font="Times New Roman", size=11, margins=(40, 34, 50, 50),
        document={"title": "NHIỆM VỤ TRỌNG TÂM CHUYỂN ĐỔI SỐ TỈNH QUẢNG BÌNH NĂM 2026",
                  "plan_number": "102/KH-UBND", "issued_on": "2026-03-18",
                  "issuer": "UBND tỉnh Quảng Bình", "province": "Quảng Bình",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC II", "NHIỆM VỤ TRỌNG TÂM CHUYỂN ĐỔI SỐ TỈNH QUẢNG BÌNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 102/KH-UBND ngày 18/3/2026 của UBND tỉnh Quảng Bình)"],
                    cols, rows_with_subs(rnd, cols, 3, (3, 5), 0.5, 0.3,
                                         [("lead", 3), ("lead", 2), ("partners", 2)],
                                         keep=("task", "output"),
                                         sub_span_keys=[("lead", 2), ("lead", 3)]),
                    title_italic_last=True)]))

    # f4: Bình Phước, ReportLab platypus, A4 landscape, sans 10; spans inside sub-rows too
    #     (a sub-row's Chủ trì+Phối hợp or Phối hợp+Thời gian as one cell), as in f1/f3 but
    #     drawn by a report generator.
    rnd = random.Random(604)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.27),
            Col("Sản phẩm", "output", 0.18), Col("Chủ trì", "lead", 0.14),
            Col("Phối hợp", "partners", 0.18), Col("Thời gian", "timeline", 0.10, "c"),
            Col("Ghi chú", "note", 0.08)]
    out.append(Doc(
        name="span-rl-binhphuoc", generator=G, render="platypus", page=landscape(A4), font="sans",
        size=10, grid="grid",
        document={"title": "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "58/KH-UBND", "issued_on": "2026-01-20",
                  "issuer": "UBND tỉnh Bình Phước", "province": "Bình Phước",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 58/KH-UBND ngày 20/01/2026 của UBND tỉnh Bình Phước)"],
                    cols, rows_with_subs(rnd, cols, 3, (3, 5), 0.45, 0.3,
                                         [("lead", 2), ("partners", 2)],
                                         sub_span_keys=[("lead", 2), ("partners", 2)]),
                    title_italic_last=True)]))
    return out


def render(doc, path):
    (render_docx if doc.render == "docx" else render_platypus)(doc, path)
    report_breaks(doc, path)


def report_breaks(doc, path):
    """Prints the numbered rows whose sub-rows fall on more than one page (found by the text of
    each sub-row's first cell inside its column's x-range)."""
    W, H = doc.page
    m = getattr(doc, "margins", (42, 42, 50, 50) if doc.render == "docx" else (36, 36, 40, 40))
    body_w = W - m[0] - m[1]
    split = []
    with pdfplumber.open(path) as pdf:
        for t in doc.tables:
            xs = [m[0]]
            for c in t.columns:
                xs.append(xs[-1] + c.width * body_w)
            coltext = {}
            for ci, c in enumerate(t.columns):
                x0, x1 = xs[ci] - 4, xs[ci + 1] + 4

                def inside(o, x0=x0, x1=x1):
                    return o.get("object_type") != "char" or x0 <= (o["x0"] + o["x1"]) / 2 <= x1
                coltext[c.key] = [" ".join((p.filter(inside).extract_text() or "").split())
                                  for p in pdf.pages]
            for r in t.rows:
                if not (isinstance(r, Row) and r.subs):
                    continue
                pages = []
                for s in r.subs:
                    key = next(k for k in s if not k.startswith("_") and s[k] and k in coltext)
                    probe = " ".join(s[key].split())
                    pages.append([i + 1 for i, tx in enumerate(coltext[key]) if probe in tx])
                if len({tuple(p) for p in pages}) > 1:
                    split.append(f"{r.stt}: {pages}")
    print(f"  {doc.name}: sub-rows by page (rows whose sub-rows are on different pages): "
          f"{split or 'none'}")


if __name__ == "__main__":
    sys.exit(0 if run(docs(), render) else 1)
