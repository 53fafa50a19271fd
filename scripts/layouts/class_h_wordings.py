#!/usr/bin/env python3
"""Class h: other header wordings for the standard fields — "Nội dung công việc" (task),
"Sản phẩm đầu ra" (output), "Đơn vị thực hiện" / "Trách nhiệm thực hiện" / "Cơ quan thực hiện"
(lead), "Thời hạn hoàn thành" (timeline), "Dự toán" / "Nguồn vốn" (budget). In h3 both
"Dự toán kinh phí" and "Nguồn vốn" are printed: the amount is the budget, "Nguồn vốn" (the
source of funds) is `extra:Nguồn vốn`.

    python3 scripts/layouts/class_h_wordings.py [--only NAME,…] [--out DIR]
"""
import random
import sys

from layoutlib import (Col, Doc, Row, Section, Tab, agencies, render_docx, render_platypus, run,
                       sentence, text_for, roman, SECTION_TITLES)
from reportlab.lib.pagesizes import A4, LETTER, landscape, portrait

G = "scripts/layouts/class_h_wordings.py"
SOURCES = ["Ngân sách tỉnh", "Ngân sách trung ương; ngân sách tỉnh", "Lồng ghép các chương trình",
           "Xã hội hóa", "Ngân sách huyện", "Nguồn vốn sự nghiệp"]
DEADLINES = ["31/12/2026", "Tháng 6/2026", "Quý III/2026", "Trước ngày 30/9/2026", "Năm 2026",
             "Hằng năm", "2026-2027"]


def rows(rnd, cols, sections, per, fixed=None):
    out, n = [], 0
    fixed = fixed or {}
    for si in range(sections):
        out.append(Section(roman(si + 1), SECTION_TITLES[(si + 5) % len(SECTION_TITLES)]))
        for _ in range(rnd.randint(*per)):
            n += 1
            cells = {}
            for c in cols:
                if c.key == "stt":
                    continue
                cells[c.key] = fixed[c.key](rnd) if c.key in fixed else text_for(rnd, c.key, str(n))
            out.append(Row(str(n), cells))
    return out


def docs():
    out = []
    rnd = random.Random(801)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nội dung công việc", "task", 0.34),
            Col("Sản phẩm đầu ra", "output", 0.17), Col("Đơn vị thực hiện", "lead", 0.17),
            Col("Thời hạn hoàn thành", "timeline", 0.13, "c"),
            Col("Dự toán (triệu đồng)", "budget", 0.14, "c")]
    out.append(Doc(
        name="wording-docx-hagiang", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=12,
        document={"title": "KẾ HOẠCH TRIỂN KHAI NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "44/KH-UBND", "issued_on": "2026-02-12",
                  "issuer": "UBND tỉnh Hà Giang", "province": "Hà Giang",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục", "KẾ HOẠCH TRIỂN KHAI NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                     "(Kèm theo Kế hoạch số 44/KH-UBND ngày 12/02/2026 của UBND tỉnh Hà Giang)"],
                    cols, rows(rnd, cols, 3, (3, 5), {"timeline": lambda r: r.choice(DEADLINES)}),
                    title_italic_last=True)]))

    rnd = random.Random(802)
    cols = [Col("TT", "stt", 0.06, "c"), Col("Nội dung công việc", "task", 0.36),
            Col("Trách nhiệm thực hiện", "lead", 0.18), Col("Cơ quan phối hợp", "partners", 0.18),
            Col("Thời hạn hoàn thành", "timeline", 0.11, "c"), Col("Nguồn vốn", "budget", 0.11)]
    out.append(Doc(
        name="wording-rl-caobang", generator=G, render="platypus", page=landscape(A4),
        font="serif", size=10.5, grid="grid",
        document={"title": "NHIỆM VỤ THỰC HIỆN ĐỀ ÁN 06 NĂM 2026",
                  "plan_number": "17/KH-UBND", "issued_on": "2026-01-19",
                  "issuer": "UBND tỉnh Cao Bằng", "province": "Cao Bằng",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["PHỤ LỤC", "NHIỆM VỤ THỰC HIỆN ĐỀ ÁN 06 NĂM 2026",
                     "(Kèm theo Kế hoạch số 17/KH-UBND ngày 19/01/2026 của UBND tỉnh Cao Bằng)"],
                    cols, rows(rnd, cols, 2, (5, 7), {"budget": lambda r: r.choice(SOURCES),
                                                      "timeline": lambda r: r.choice(DEADLINES)}),
                    title_italic_last=True)]))

    rnd = random.Random(803)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ cụ thể", "task", 0.30),
            Col("Cơ quan thực hiện", "lead", 0.16), Col("Sản phẩm đầu ra", "output", 0.16),
            Col("Thời hạn hoàn thành", "timeline", 0.10, "c"),
            Col("Dự toán kinh phí (triệu đồng)", "budget", 0.10, "c"),
            Col("Nguồn vốn", None, 0.12)]
    out.append(Doc(
        name="wording-docx-bacninh", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=11, borders="all", page_numbers=True,
        document={"title": "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "52/KH-UBND", "issued_on": "2026-02-20",
                  "issuer": "UBND tỉnh Bắc Ninh", "province": "Bắc Ninh",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục", "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 52/KH-UBND ngày 20/02/2026 của UBND tỉnh Bắc Ninh)"],
                    cols, rows(rnd, cols, 3, (3, 5), {"extra:Nguồn vốn": lambda r: r.choice(SOURCES),
                                                      "timeline": lambda r: r.choice(DEADLINES)}),
                    title_italic_last=True)]))

    rnd = random.Random(804)
    # h4: Tuyên Quang — other wordings again, ReportLab, A4 portrait, sans 9: "Nội dung",
    #     "Cơ quan chủ trì thực hiện", "Đơn vị phối hợp", "Thời gian thực hiện", "Kết quả đầu ra".
    cols = [Col("TT", "stt", 0.06, "c"), Col("Nội dung", "task", 0.32),
            Col("Cơ quan chủ trì thực hiện", "lead", 0.16), Col("Đơn vị phối hợp", "partners", 0.18),
            Col("Thời gian thực hiện", "timeline", 0.12, "c"), Col("Kết quả đầu ra", "output", 0.16)]
    out.append(Doc(
        name="wording-rl-tuyenquang", generator=G, render="platypus", page=portrait(A4),
        font="sans", size=9, grid="grid",
        document={"title": "KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "29/KH-UBND", "issued_on": "2026-01-28",
                  "issuer": "UBND tỉnh Tuyên Quang", "province": "Tuyên Quang",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục", "KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 29/KH-UBND ngày 28/01/2026 của UBND tỉnh Tuyên Quang)"],
                    cols, rows(rnd, cols, 2, (4, 6), {"timeline": lambda r: r.choice(DEADLINES)}),
                    title_italic_last=True)]))
    return out


def render(doc, path):
    (render_docx if doc.render == "docx" else render_platypus)(doc, path)


if __name__ == "__main__":
    sys.exit(0 if run(docs(), render) else 1)
