#!/usr/bin/env python3
"""Class d: several tables in one PDF, each numbered from 1, a heading printed just above each
(its title), prose between them:

- d1 Word → LibreOffice: "Phụ lục I" (a sectioned CCHC table) and, after a paragraph of prose
  on the same page, "Phụ lục II" (another column set, no sections);
- d2 platypus: a statistics report with sub-forms "Biểu mẫu 1 …" … "Biểu mẫu 4 …" (STT | Chỉ
  tiêu | Đơn vị tính | Số liệu | Ghi chú), a sentence of prose between them;
- d3 Word → LibreOffice: two appendices back to back, each starting on a new page, the same
  columns, headed "a) …" / "b) …".
Truth rows carry "table" (index into "tables", each with its printed title and columns).

    python3 scripts/layouts/class_d_multi.py [--only NAME,…] [--out DIR]
"""
import random
import sys

from layoutlib import (Col, Doc, Row, Section, Tab, agencies, render_docx, render_platypus, run,
                       sentence, text_for, roman, SECTION_TITLES)
from reportlab.lib.pagesizes import A4, landscape, portrait

G = "scripts/layouts/class_d_multi.py"

INDICATORS = [
    ("Số thủ tục hành chính được công bố", "Thủ tục"),
    ("Số thủ tục hành chính được đơn giản hóa", "Thủ tục"),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn", "%"),
    ("Số hồ sơ tiếp nhận trực tuyến", "Hồ sơ"),
    ("Số dịch vụ công trực tuyến toàn trình", "Dịch vụ"),
    ("Tỷ lệ hồ sơ được số hóa kết quả giải quyết", "%"),
    ("Số cuộc kiểm tra công tác cải cách hành chính", "Cuộc"),
    ("Số cán bộ, công chức được bồi dưỡng", "Người"),
    ("Số văn bản quy phạm pháp luật được ban hành", "Văn bản"),
    ("Số kiến nghị, phản ánh được tiếp nhận", "Kiến nghị"),
    ("Tỷ lệ cơ quan sử dụng chữ ký số chuyên dùng", "%"),
    ("Số cơ sở dữ liệu được kết nối, chia sẻ", "Cơ sở dữ liệu"),
]
STAT_NOTES = ["", "", "Số liệu đến ngày 15/11/2025", "Tăng so với cùng kỳ", "Ước thực hiện",
              "Theo báo cáo của Sở Nội vụ"]


def plan_rows(rnd, cols, sections, per):
    rows, n = [], 0
    for si in range(sections):
        if sections > 0:
            rows.append(Section(roman(si + 1), SECTION_TITLES[(si + 2) % len(SECTION_TITLES)]))
        for _ in range(rnd.randint(*per)):
            n += 1
            rows.append(Row(str(n), {c.key: text_for(rnd, c.key, str(n))
                                     for c in cols if c.key != "stt"}))
    return rows


def flat_rows(rnd, cols, count):
    return [Row(str(i + 1), {c.key: text_for(rnd, c.key, str(i + 1)) for c in cols if c.key != "stt"})
            for i in range(count)]


def stat_rows(rnd, count):
    picks = rnd.sample(INDICATORS, count)
    rows = []
    for i, (name, unit) in enumerate(picks):
        v = f"{rnd.randint(50, 99)},{rnd.randint(0, 9)}" if unit == "%" else f"{rnd.randint(3, 4800):,}".replace(",", ".")
        rows.append(Row(str(i + 1), {"extra:Chỉ tiêu": name, "extra:Đơn vị tính": unit,
                                     "extra:Số liệu": v, "note": rnd.choice(STAT_NOTES)}))
    return rows


PROSE_MID = [
    ("p", "Các cơ quan, đơn vị được giao chủ trì có trách nhiệm xây dựng kế hoạch chi tiết, bố trí "
          "nguồn lực thực hiện các nhiệm vụ nêu tại Phụ lục I; định kỳ hằng quý báo cáo kết quả "
          "thực hiện về Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh."),
    ("p", "Danh mục các nhiệm vụ, đề án trình UBND tỉnh trong năm được nêu tại Phụ lục II dưới đây; "
          "thời gian trình là thời hạn cuối cùng cơ quan chủ trì gửi hồ sơ đến Văn phòng UBND tỉnh."),
]


def docs():
    out = []
    # d1: Hưng Yên, two appendices on continuing pages, Word → LibreOffice, A4 landscape.
    rnd = random.Random(401)
    c1 = [Col("STT", "stt", 0.05, "c"), Col("Nội dung nhiệm vụ", "task", 0.34),
          Col("Cơ quan chủ trì", "lead", 0.14), Col("Cơ quan phối hợp", "partners", 0.19),
          Col("Thời gian hoàn thành", "timeline", 0.11, "c"), Col("Sản phẩm", "output", 0.17)]
    c2 = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.44),
          Col("Cơ quan chủ trì", "lead", 0.2), Col("Thời gian trình", "timeline", 0.14, "c"),
          Col("Ghi chú", "note", 0.16)]
    out.append(Doc(
        name="multi-phuluc-hungyen", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=12,
        document={"title": "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "19/KH-UBND", "issued_on": "2026-01-22",
                  "issuer": "UBND tỉnh Hưng Yên", "province": "Hưng Yên",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục I", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 19/KH-UBND ngày 22/01/2026 của UBND tỉnh Hưng Yên)"],
                    c1, plan_rows(rnd, c1, 2, (3, 5)), title_italic_last=True),
                Tab(["Phụ lục II", "DANH MỤC ĐỀ ÁN, NHIỆM VỤ TRÌNH UBND TỈNH NĂM 2026"],
                    c2, flat_rows(rnd, c2, 6), prose_before=PROSE_MID)]))

    # d2: Vĩnh Long, statistics report with four sub-forms, platypus, A4 portrait.
    rnd = random.Random(402)
    cs = [Col("STT", "stt", 0.08, "c"), Col("Chỉ tiêu", None, 0.46),
          Col("Đơn vị tính", None, 0.14, "c"), Col("Số liệu", None, 0.12, "c"),
          Col("Ghi chú", "note", 0.20)]
    titles = ["Biểu mẫu 1: Kết quả cải cách thủ tục hành chính",
              "Biểu mẫu 2: Kết quả cung cấp dịch vụ công trực tuyến",
              "Biểu mẫu 3: Kết quả kiểm tra công tác cải cách hành chính",
              "Biểu mẫu 4: Kết quả xây dựng chính quyền số"]
    prose = ["Số liệu tổng hợp từ báo cáo của các sở, ban, ngành và UBND cấp huyện.",
             "Kết quả cung cấp dịch vụ công trực tuyến được thống kê trên Cổng Dịch vụ công của tỉnh.",
             "Công tác kiểm tra được thực hiện theo Kế hoạch kiểm tra cải cách hành chính năm 2025.",
             "Kết quả xây dựng chính quyền số tính đến hết kỳ báo cáo."]
    tabs = []
    for i, t in enumerate(titles):
        tabs.append(Tab([t], cs, stat_rows(rnd, rnd.randint(4, 7)),
                        prose_before=[("p", prose[i])], title_align="l"))
    out.append(Doc(
        name="multi-bieumau-vinhlong", generator=G, render="platypus", page=portrait(A4),
        font="serif", size=11, grid="grid",
        document={"title": "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
                  "plan_number": "310/BC-UBND", "issued_on": "2025-11-20",
                  "issuer": "UBND tỉnh Vĩnh Long", "province": "Vĩnh Long",
                  "period_start": 2025, "period_end": 2025},
        tables=tabs))

    # d3: Cà Mau, two appendices back to back (each from a new page), same columns,
    #     headings "a) …" and "b) …", Word → LibreOffice, A4 portrait.
    rnd = random.Random(403)
    c3 = [Col("TT", "stt", 0.07, "c"), Col("Nhiệm vụ", "task", 0.40),
          Col("Chủ trì", "lead", 0.17), Col("Phối hợp", "partners", 0.22),
          Col("Thời gian", "timeline", 0.14, "c")]
    out.append(Doc(
        name="multi-backtoback-camau", generator=G, render="docx", page=portrait(A4),
        docx_font="Times New Roman", size=11, table_page_break=True, page_numbers=True,
        document={"title": "KẾ HOẠCH THỰC HIỆN CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "07/KH-UBND", "issued_on": "2026-01-09",
                  "issuer": "UBND tỉnh Cà Mau", "province": "Cà Mau",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["a) Nhiệm vụ phát triển chính quyền số"], c3, flat_rows(rnd, c3, 8),
                    title_align="l"),
                Tab(["b) Nhiệm vụ phát triển kinh tế số, xã hội số"], c3, flat_rows(rnd, c3, 7),
                    title_align="l")]))

    # d4: Kiên Giang, three tables with the same columns one after another on running pages,
    #     each under a heading "a) …", "b) …", "c) …" (no prose, no page break; the second
    #     crosses a page break with its header repeated), Word → LibreOffice, A4 portrait.
    rnd = random.Random(404)
    c4 = [Col("STT", "stt", 0.07, "c"), Col("Nội dung nhiệm vụ", "task", 0.43),
          Col("Cơ quan chủ trì", "lead", 0.18), Col("Cơ quan phối hợp", "partners", 0.2),
          Col("Thời gian", "timeline", 0.12, "c")]
    heads = ["a) Tổ chức tuyên truyền, phổ biến về cải cách hành chính",
             "b) Cải cách thủ tục hành chính",
             "c) Xây dựng và phát triển chính quyền điện tử, chính quyền số"]
    out.append(Doc(
        name="multi-headings-kiengiang", generator=G, render="docx", page=portrait(A4),
        docx_font="Times New Roman", size=12, page_numbers=True,
        document={"title": "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "25/KH-UBND", "issued_on": "2026-01-30",
                  "issuer": "UBND tỉnh Kiên Giang", "province": "Kiên Giang",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab([h], c4, flat_rows(rnd, c4, rnd.randint(4, 6)), title_align="l",
                    prose_before=[("c", "PHỤ LỤC"),
                                  ("i", "(Kèm theo Kế hoạch số 25/KH-UBND ngày 30/01/2026 của UBND tỉnh Kiên Giang)")]
                    if k == 0 else [])
                for k, h in enumerate(heads)]))

    # d5: Hà Nam — d1's two appendices ("Phụ lục I", "Phụ lục II", different columns) drawn by
    #     ReportLab on running pages (the second starts mid-page), A4 landscape, sans 10.
    rnd = random.Random(405)
    c5a = [Col("STT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.36),
           Col("Chủ trì", "lead", 0.15), Col("Phối hợp", "partners", 0.2),
           Col("Thời gian", "timeline", 0.12, "c"), Col("Ghi chú", "note", 0.12)]
    c5b = [Col("TT", "stt", 0.06, "c"), Col("Tên đề án, nhiệm vụ", "task", 0.5),
           Col("Cơ quan chủ trì", "lead", 0.24), Col("Thời gian trình", "timeline", 0.2, "c")]
    out.append(Doc(
        name="multi-phuluc-hanam", generator=G, render="platypus", page=landscape(A4),
        font="sans", size=10, grid="grid",
        document={"title": "NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                  "plan_number": "41/KH-UBND", "issued_on": "2026-02-12",
                  "issuer": "UBND tỉnh Hà Nam", "province": "Hà Nam",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục I", "NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                     "(Kèm theo Kế hoạch số 41/KH-UBND ngày 12/02/2026 của UBND tỉnh Hà Nam)"],
                    c5a, plan_rows(rnd, c5a, 2, (3, 5)), title_italic_last=True),
                Tab(["Phụ lục II", "DANH MỤC ĐỀ ÁN TRÌNH UBND TỈNH NĂM 2026"],
                    c5b, flat_rows(rnd, c5b, 6))]))
    return out


def render(doc, path):
    (render_docx if doc.render == "docx" else render_platypus)(doc, path)


if __name__ == "__main__":
    sys.exit(0 if run(docs(), render) else 1)
