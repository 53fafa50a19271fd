#!/usr/bin/env python3
"""Class b: header cells whose lines are staggered — each header cell aligned differently
(top / centre / bottom) in a header row made tall by one cell, and a "Kinh phí dự kiến" /
"(triệu đồng)" cell whose two lines sit apart (a blank line between them), so that the header
lines of neighbouring columns are at different heights. Among them the six-column
digital-transformation plan of issue 10 (timelines "Hàng năm", "2025 - 2026").

    python3 scripts/layouts/class_b_staggered.py [--only NAME,…] [--out DIR]
"""
import random
import sys

from layoutlib import (Col, Doc, Row, Section, Tab, agencies, render_docx, render_platypus, run,
                       sentence, text_for, roman, SECTION_TITLES)
from reportlab.lib.pagesizes import A4, landscape, portrait

G = "scripts/layouts/class_b_staggered.py"
TL = ["Hàng năm", "2025 - 2026", "2025", "Quý III/2025", "2025 - 2030", "Thường xuyên",
      "Tháng 9/2025"]


def body(rnd, cols, sections, per, tl=TL, tall=0.3, nsent=(1, 3)):
    rows, n = [], 0
    for si in range(sections):
        rows.append(Section(roman(si + 1), SECTION_TITLES[(si + 1) % len(SECTION_TITLES)]))
        for _ in range(rnd.randint(*per)):
            n += 1
            cells = {}
            for c in cols:
                if c.key == "stt":
                    continue
                if c.key == "timeline":
                    cells[c.key] = rnd.choice(tl)
                elif c.key == "task" and rnd.random() < tall:
                    cells[c.key] = " ".join(sentence(rnd, 2, 3).rstrip(".") + "."
                                            for _ in range(rnd.randint(*nsent)))
                else:
                    cells[c.key] = text_for(rnd, c.key, str(n))
            rows.append(Row(str(n), cells))
    return rows


def docs():
    out = []
    # b1: Hậu Giang, 6 columns, platypus LongTable (repeatRows, splitInRow), A4 landscape.
    rnd = random.Random(201)
    cols = [Col("TT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.37),
            Col("Đơn vị chủ trì", "lead", 0.15), Col("Đơn vị phối hợp", "partners", 0.21),
            Col("Thời gian thực hiện", "timeline", 0.10, "c"),
            Col("Kinh phí dự kiến (triệu đồng)", "budget", 0.12, "c",
                label="Kinh phí dự kiến\n\n\n(triệu đồng)")]
    out.append(Doc(
        name="stagger-dx-haugiang", generator=G, render="platypus", page=landscape(A4),
        font="serif", size=11, grid="grid",
        header_valign={"stt": "t", "task": "c", "lead": "b", "partners": "t", "timeline": "c",
                       "budget": "c"},
        document={"title": "KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH HẬU GIANG NĂM 2025",
                  "plan_number": "58/KH-UBND", "issued_on": "2025-03-04",
                  "issuer": "UBND tỉnh Hậu Giang", "province": "Hậu Giang",
                  "period_start": 2025, "period_end": 2025},
        tables=[Tab(["Phụ lục", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025",
                     "(Kèm theo Kế hoạch số 58/KH-UBND ngày 04/3/2025 của UBND tỉnh Hậu Giang)"],
                    cols, body(rnd, cols, 3, (4, 6)), title_italic_last=True)]))

    # b2: Ninh Thuận, 7 columns, Word → LibreOffice, header cells vAlign bottom/top/centre,
    #     "Kinh phí" / blank / "(triệu đồng)", A4 landscape, repeated header.
    rnd = random.Random(202)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nội dung nhiệm vụ", "task", 0.30),
            Col("Cơ quan chủ trì", "lead", 0.13), Col("Cơ quan phối hợp", "partners", 0.17),
            Col("Thời gian hoàn thành", "timeline", 0.10, "c"),
            Col("Kinh phí (triệu đồng)", "budget", 0.11, "c", label="Kinh phí\n\n\n(triệu đồng)"),
            Col("Ghi chú", "note", 0.14)]
    out.append(Doc(
        name="stagger-docx-ninhthuan", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=12,
        header_valign={"stt": "b", "task": "t", "lead": "c", "partners": "b", "timeline": "t",
                       "budget": "c", "note": "b"},
        document={"title": "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "12/KH-UBND", "issued_on": "2026-01-15",
                  "issuer": "UBND tỉnh Ninh Thuận", "province": "Ninh Thuận",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 12/KH-UBND ngày 15/01/2026 của UBND tỉnh Ninh Thuận)"],
                    cols, body(rnd, cols, 3, (3, 5), tl=TL + ["Năm 2026", "Quý I/2026"]),
                    title_italic_last=True)]))

    # b3: Bến Tre, 6 columns, platypus without any rules, A4 portrait: header lines staggered
    #     (top / bottom / centre) with no rule to end the header band.
    rnd = random.Random(203)
    cols = [Col("STT", "stt", 0.07, "c"), Col("Nhiệm vụ", "task", 0.35),
            Col("Chủ trì", "lead", 0.16), Col("Phối hợp", "partners", 0.18),
            Col("Thời gian", "timeline", 0.12, "c"),
            Col("Kinh phí dự kiến (triệu đồng)", "budget", 0.12, "c",
                label="Kinh phí dự kiến\n\n(triệu đồng)")]
    out.append(Doc(
        name="stagger-norules-bentre", generator=G, render="platypus", page=portrait(A4),
        font="sans", size=9, grid="none",
        header_valign={"stt": "b", "task": "t", "lead": "c", "partners": "b", "timeline": "t",
                       "budget": "c"},
        document={"title": "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025",
                  "plan_number": "201/KH-UBND", "issued_on": "2025-06-30",
                  "issuer": "UBND tỉnh Bến Tre", "province": "Bến Tre",
                  "period_start": 2025, "period_end": 2025},
        tables=[Tab(["Phụ lục", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025",
                     "(Kèm theo Kế hoạch số 201/KH-UBND ngày 30/6/2025 của UBND tỉnh Bến Tre)"],
                    cols, body(rnd, cols, 3, (4, 6)), title_italic_last=True)]))

    # b4: Trà Vinh, as b1 (the six-column plan of issue 10) but with tall rows, so that rows
    #     split across pages and continue directly under the staggered repeated header
    #     (platypus draws no rule between the repeated header and a split row's second part).
    rnd = random.Random(204)
    cols = [Col("TT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.35),
            Col("Đơn vị chủ trì", "lead", 0.15), Col("Đơn vị phối hợp", "partners", 0.21),
            Col("Thời gian thực hiện", "timeline", 0.11, "c"),
            Col("Kinh phí dự kiến (triệu đồng)", "budget", 0.13, "c",
                label="Kinh phí dự kiến\n\n\n(triệu đồng)")]
    out.append(Doc(
        name="stagger-split-travinh", generator=G, render="platypus", page=landscape(A4),
        font="dejavu", size=10, grid="grid",
        header_valign={"stt": "c", "task": "c", "lead": "t", "partners": "b", "timeline": "c",
                       "budget": "c"},
        document={"title": "KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH TRÀ VINH NĂM 2025",
                  "plan_number": "27/KH-UBND", "issued_on": "2025-02-14",
                  "issuer": "UBND tỉnh Trà Vinh", "province": "Trà Vinh",
                  "period_start": 2025, "period_end": 2025},
        tables=[Tab(["Phụ lục", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025",
                     "(Kèm theo Kế hoạch số 27/KH-UBND ngày 14/02/2025 của UBND tỉnh Trà Vinh)"],
                    cols, body(rnd, cols, 2, (3, 5), tall=0.9, nsent=(3, 5)), title_italic_last=True)]))

    # b5: Long An — b3's unruled staggered header (no rules at all, a title block above) in
    #     another face, size and page: serif 10, A4 landscape, seven columns, the header cells
    #     aligned top / bottom / centre differently than in b3.
    rnd = random.Random(205)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nội dung nhiệm vụ", "task", 0.32),
            Col("Cơ quan chủ trì", "lead", 0.14), Col("Cơ quan phối hợp", "partners", 0.17),
            Col("Thời gian hoàn thành", "timeline", 0.11, "c"),
            Col("Kinh phí (triệu đồng)", "budget", 0.10, "c", label="Kinh phí\n\n(triệu đồng)"),
            Col("Ghi chú", "note", 0.11)]
    out.append(Doc(
        name="stagger-norules-longan", generator=G, render="platypus", page=landscape(A4),
        font="serif", size=10, grid="none",
        header_valign={"stt": "c", "task": "b", "lead": "t", "partners": "c", "timeline": "b",
                       "budget": "t", "note": "b"},
        document={"title": "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "64/KH-UBND", "issued_on": "2026-01-15",
                  "issuer": "UBND tỉnh Long An", "province": "Long An",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 64/KH-UBND ngày 15/01/2026 của UBND tỉnh Long An)"],
                    cols, body(rnd, cols, 3, (4, 6)), title_italic_last=True)]))
    return out


def render(doc, path):
    (render_docx if doc.render == "docx" else render_platypus)(doc, path)


if __name__ == "__main__":
    sys.exit(0 if run(docs(), render) else 1)
