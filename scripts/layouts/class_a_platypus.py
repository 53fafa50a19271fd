#!/usr/bin/env python3
"""Class a: report-generator tables — ReportLab platypus LongTable/Table with repeatRows (the
header row repeated on every page) and splitInRow=1 (a row that does not fit is split inside
its cells: the lines that fit stay, the rest continue on the next page under the repeated
header). Four appendices: other provinces, column sets, page sizes, fonts and grid styles.

    python3 scripts/layouts/class_a_platypus.py [--only rl-cchc-thainguyen,…] [--out DIR]
"""
import random
import sys

from layoutlib import (Col, Doc, Row, Section, Tab, agencies, render_platypus, run,
                       sentence, text_for, roman, SECTION_TITLES, OBJECTS, VERBS, PURPOSES)
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, LETTER, landscape, portrait


def long_task(rnd, lo=2, hi=4):
    parts = [sentence(rnd, 1, 3) for _ in range(rnd.randint(lo, hi))]
    return " ".join(p if p.endswith(".") else p + "." for p in parts)


def body(rnd, columns, sections, per, numbering="continue", tall=0.3, sec_titles=None):
    rows, n = [], 0
    for si in range(sections):
        num = roman(si + 1)
        rows.append(Section(num, (sec_titles or SECTION_TITLES)[si % len(SECTION_TITLES)]))
        for k in range(rnd.randint(*per)):
            n = n + 1 if numbering == "continue" else k + 1
            stt = str(n) if numbering != "dotted" else f"{si + 1}.{k + 1}"
            cells = {}
            for c in columns:
                if c.key == "stt":
                    continue
                if c.key == "task" and rnd.random() < tall:
                    cells[c.key] = long_task(rnd)
                elif c.key == "partners" and rnd.random() < tall:
                    cells[c.key] = agencies(rnd, 4, 6)
                else:
                    cells[c.key] = text_for(rnd, c.key, stt)
            rows.append(Row(stt, cells))
    return rows


def docs():
    out = []
    G = "scripts/layouts/class_a_platypus.py"

    # a1: Thái Nguyên CCHC, 7 columns, A4 landscape, Liberation Serif 10, full GRID.
    rnd = random.Random(101)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nội dung nhiệm vụ", "task", 0.31),
            Col("Cơ quan chủ trì", "lead", 0.13), Col("Cơ quan phối hợp", "partners", 0.17),
            Col("Thời gian hoàn thành", "timeline", 0.10, "c"), Col("Sản phẩm", "output", 0.13),
            Col("Ghi chú", "note", 0.11)]
    out.append(Doc(
        name="rl-cchc-thainguyen", generator=G, page=landscape(A4), font="serif", size=10,
        grid="grid", long=True,
        document={"title": "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TỈNH THÁI NGUYÊN NĂM 2026",
                  "plan_number": "45/KH-UBND", "issued_on": "2026-01-20",
                  "issuer": "UBND tỉnh Thái Nguyên", "province": "Thái Nguyên",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TỈNH THÁI NGUYÊN NĂM 2026",
                     "(Kèm theo Kế hoạch số 45/KH-UBND ngày 20/01/2026 của UBND tỉnh Thái Nguyên)"],
                    cols, body(rnd, cols, 3, (4, 6), tall=0.45), title_italic_last=True)]))

    # a2: Bình Định, nine columns, A3 landscape, Liberation Sans 9, BOX + INNERGRID, rows 1.1 …
    rnd = random.Random(102)
    cols = [Col("STT", "stt", 0.04, "c"), Col("Mục tiêu", "objective", 0.14),
            Col("Nhiệm vụ", "task", 0.16), Col("Hoạt động", "activity", 0.15),
            Col("Kết quả/ Sản phẩm", "output", 0.11), Col("Chủ trì", "lead", 0.10),
            Col("Phối hợp", "partners", 0.14), Col("Thời gian", "timeline", 0.07, "c"),
            Col("Kinh phí (triệu đồng)", "budget", 0.09, "c")]
    out.append(Doc(
        name="rl-cds-binhdinh", generator=G, page=landscape(A3), font="sans", size=9,
        grid="box+inner", long=True, page_numbers=True,
        document={"title": "KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH BÌNH ĐỊNH GIAI ĐOẠN 2026-2028",
                  "plan_number": "118/KH-UBND", "issued_on": "2026-04-02",
                  "issuer": "UBND tỉnh Bình Định", "province": "Bình Định",
                  "period_start": 2026, "period_end": 2028},
        tables=[Tab(["Phụ lục 01", "KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH BÌNH ĐỊNH GIAI ĐOẠN 2026-2028",
                     "(Kèm theo Kế hoạch số 118/KH-UBND ngày 02/4/2026 của UBND tỉnh Bình Định)"],
                    cols, body(rnd, cols, 3, (5, 8), numbering="dotted", tall=0.6),
                    title_italic_last=True)]))

    # a3: Sóc Trăng digital transformation, 6 columns, A4 portrait, DejaVu Sans 8.5, GRID.
    rnd = random.Random(103)
    cols = [Col("TT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.36),
            Col("Đơn vị chủ trì", "lead", 0.15), Col("Đơn vị phối hợp", "partners", 0.19),
            Col("Thời gian thực hiện", "timeline", 0.12, "c"),
            Col("Kinh phí dự kiến (triệu đồng)", "budget", 0.12, "c")]
    out.append(Doc(
        name="rl-dx-soctrang", generator=G, page=portrait(A4), font="dejavu", size=8.5,
        grid="grid", long=True,
        document={"title": "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TỈNH SÓC TRĂNG NĂM 2025",
                  "plan_number": "76/KH-UBND", "issued_on": "2025-03-11",
                  "issuer": "UBND tỉnh Sóc Trăng", "province": "Sóc Trăng",
                  "period_start": 2025, "period_end": 2025},
        tables=[Tab(["Phụ lục", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TỈNH SÓC TRĂNG NĂM 2025",
                     "(Kèm theo Kế hoạch số 76/KH-UBND ngày 11/3/2025 của UBND tỉnh Sóc Trăng)"],
                    cols, body(rnd, cols, 4, (4, 6), tall=0.5), title_italic_last=True)]))

    # a4: Kon Tum, 5 columns, US Letter portrait, Liberation Serif 11, platypus Table (not
    #     LongTable), horizontal rules only, page numbers at the bottom.
    rnd = random.Random(105)  # a seed whose rows split across a page
    cols = [Col("STT", "stt", 0.07, "c"), Col("Nhiệm vụ", "task", 0.45),
            Col("Chủ trì", "lead", 0.16), Col("Phối hợp", "partners", 0.19),
            Col("Thời gian", "timeline", 0.13, "c")]
    out.append(Doc(
        name="rl-hrules-kontum", generator=G, page=portrait(LETTER), font="serif", size=11,
        grid="hrules", long=False, page_numbers=True,
        document={"title": "DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026",
                  "plan_number": "09/KH-UBND", "issued_on": "2026-01-08",
                  "issuer": "UBND tỉnh Kon Tum", "province": "Kon Tum",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026",
                     "(Kèm theo Kế hoạch số 09/KH-UBND ngày 08/01/2026 của UBND tỉnh Kon Tum)"],
                    cols, body(rnd, cols, 2, (5, 7), tall=0.5), title_italic_last=True)]))

    # a5: Quảng Ngãi, a report generator's "zebra" table: grey header background, alternating
    #     row backgrounds (filled rectangles under the text), only an outer box and a rule under
    #     the header; 6 columns, A4 landscape, Liberation Sans 9.5; rows split across pages.
    rnd = random.Random(106)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.37),
            Col("Đơn vị chủ trì", "lead", 0.14), Col("Đơn vị phối hợp", "partners", 0.2),
            Col("Thời gian", "timeline", 0.11, "c"), Col("Sản phẩm", "output", 0.13)]
    out.append(Doc(
        name="rl-zebra-quangngai", generator=G, page=landscape(A4), font="sans", size=9.5,
        grid="box+header", long=True, header_fill="#D9D9D9",
        extra_styles=[("ROWBACKGROUNDS", (0, 1), (-1, -1),
                       [colors.white, colors.HexColor("#EAF0F6")])],
        document={"title": "DANH MỤC NHIỆM VỤ THỰC HIỆN ĐỀ ÁN 06 NĂM 2026",
                  "plan_number": "62/KH-UBND", "issued_on": "2026-03-16",
                  "issuer": "UBND tỉnh Quảng Ngãi", "province": "Quảng Ngãi",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "DANH MỤC NHIỆM VỤ THỰC HIỆN ĐỀ ÁN 06 NĂM 2026",
                     "(Kèm theo Kế hoạch số 62/KH-UBND ngày 16/3/2026 của UBND tỉnh Quảng Ngãi)"],
                    cols, body(rnd, cols, 3, (5, 7), tall=0.6), title_italic_last=True)]))
    return out


if __name__ == "__main__":
    sys.exit(0 if run(docs(), render_platypus) else 1)
