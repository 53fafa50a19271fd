#!/usr/bin/env python3
"""Class c: two- and three-level headers — a group header over its sub-columns.

- c1 Word → LibreOffice: "Đơn vị thực hiện" over "Chủ trì | Phối hợp", "Thời gian thực hiện"
  over "Bắt đầu | Hoàn thành", "Kinh phí (triệu đồng)" over "Ngân sách tỉnh | Nguồn khác", and a
  column-number row "(1) … (8)" under the header;
- c2 platypus: three levels — "Kinh phí (triệu đồng)" over "Tổng số | Trong đó", "Trong đó"
  over "Ngân sách trung ương | Ngân sách tỉnh"; "Thời gian thực hiện" over "Bắt đầu |
  Hoàn thành";
- c3 Word → LibreOffice: a statistics table "STT | Chỉ tiêu thống kê | Kết quả thống kê
  (Đơn vị tính | Số liệu) | Ghi chú" with long notes, over several pages.

Truth fields of the leaves (README "Multi-level headers"): a leaf whose OWN wording names a
standard field maps to it ("Đơn vị thực hiện / Chủ trì" → lead); every other leaf is
`extra:<path joined by " / ">` ("extra:Thời gian thực hiện / Bắt đầu").

    python3 scripts/layouts/class_c_multilevel.py [--only NAME,…] [--out DIR]
"""
import random
import sys

from layoutlib import (Col, Doc, Row, Section, Tab, agencies, render_docx, render_platypus, run,
                       sentence, text_for, roman, SECTION_TITLES)
from reportlab.lib.pagesizes import A3, A4, landscape, portrait

G = "scripts/layouts/class_c_multilevel.py"
# In time order, so that a row's "Hoàn thành" (index ≥ its "Bắt đầu") is not before its start.
MONTHS = ["01/2026", "02/2026", "03/2026", "4/2026", "Quý II/2026", "6/2026", "9/2026",
          "Quý IV/2026", "12/2026", "2027"]


def money(rnd, p_empty=0.25):
    if rnd.random() < p_empty:
        return ""
    return f"{rnd.choice([50, 120, 300, 450, 800, 1500, 2200, 5000]):,}".replace(",", ".")


def rows_c1(rnd, cols, sections, per):
    rows, n = [], 0
    for si in range(sections):
        rows.append(Section(roman(si + 1), SECTION_TITLES[(si + 3) % len(SECTION_TITLES)]))
        for _ in range(rnd.randint(*per)):
            n += 1
            a = rnd.randrange(len(MONTHS) - 3)
            b = rnd.randrange(a, len(MONTHS))
            rows.append(Row(str(n), {
                "task": sentence(rnd, 1, 3),
                "lead": agencies(rnd, 1, 1), "partners": agencies(rnd, 1, 3),
                "extra:Thời gian thực hiện / Bắt đầu": MONTHS[a],
                "extra:Thời gian thực hiện / Hoàn thành": MONTHS[b],
                "extra:Kinh phí (triệu đồng) / Ngân sách tỉnh": money(rnd),
                "extra:Kinh phí (triệu đồng) / Nguồn khác": money(rnd, 0.6),
            }))
    return rows


def rows_c2(rnd, count):
    rows = []
    for i in range(count):
        tw, ts = money(rnd, 0.3), money(rnd, 0.2)
        total = ""
        if tw or ts:
            v = sum(int(x.replace(".", "")) for x in (tw, ts) if x)
            total = f"{v:,}".replace(",", ".")
        a = rnd.randrange(len(MONTHS) - 3)
        rows.append(Row(str(i + 1), {
            "task": sentence(rnd, 1, 3),
            "extra:Kinh phí (triệu đồng) / Tổng số": total,
            "extra:Kinh phí (triệu đồng) / Trong đó / Ngân sách trung ương": tw,
            "extra:Kinh phí (triệu đồng) / Trong đó / Ngân sách tỉnh": ts,
            "extra:Thời gian thực hiện / Bắt đầu": MONTHS[a],
            "extra:Thời gian thực hiện / Hoàn thành": MONTHS[rnd.randrange(a, len(MONTHS))],
            "lead": agencies(rnd, 1, 1),
        }))
    return rows


STATS = [
    ("Tổng số thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh", "Thủ tục"),
    ("Số thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình", "Thủ tục"),
    ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", "%"),
    ("Số hồ sơ tiếp nhận qua dịch vụ bưu chính công ích", "Hồ sơ"),
    ("Tỷ lệ người dân, doanh nghiệp hài lòng với việc giải quyết thủ tục hành chính", "%"),
    ("Số cơ quan hành chính được kiểm tra công tác cải cách hành chính", "Cơ quan"),
    ("Số văn bản quy phạm pháp luật được rà soát, hệ thống hóa", "Văn bản"),
    ("Số cán bộ, công chức, viên chức được đào tạo, bồi dưỡng", "Người"),
    ("Tỷ lệ văn bản được gửi, nhận dưới dạng điện tử", "%"),
    ("Số phản ánh, kiến nghị về quy định hành chính đã được xử lý", "Phản ánh"),
]
NOTE_SENT = [
    "Số liệu tổng hợp từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
    "tăng so với cùng kỳ năm trước do triển khai đồng bộ các giải pháp",
    "trong đó cấp tỉnh chiếm tỷ lệ cao nhất, cấp xã còn thấp",
    "một số đơn vị chưa cập nhật đầy đủ kết quả trên hệ thống",
    "Sở Nội vụ sẽ tiếp tục theo dõi, đôn đốc trong kỳ báo cáo tiếp theo",
    "số liệu tính đến ngày 15 tháng 11 năm 2025",
]


def rows_c3(rnd):
    rows = []
    for i, (name, unit) in enumerate(STATS):
        v = f"{rnd.randint(60, 99)},{rnd.randint(0, 9)}" if unit == "%" else f"{rnd.randint(5, 9000):,}".replace(",", ".")
        k = rnd.choice([0, 1, 2, 3, 5])
        note = ""
        if k:
            note = "; ".join(rnd.sample(NOTE_SENT, min(k, len(NOTE_SENT)))) + "."
            note = note[0].upper() + note[1:]
        rows.append(Row(str(i + 1), {"extra:Chỉ tiêu thống kê": name,
                                     "extra:Kết quả thống kê / Đơn vị tính": unit,
                                     "extra:Kết quả thống kê / Số liệu": v, "note": note}))
    return rows


def docs():
    out = []
    rnd = random.Random(301)
    cols = [Col("STT", "stt", 0.05, "c"), Col("Nhiệm vụ", "task", 0.29),
            Col(["Đơn vị thực hiện", "Chủ trì"], "lead", 0.13),
            Col(["Đơn vị thực hiện", "Phối hợp"], "partners", 0.17),
            Col(["Thời gian thực hiện", "Bắt đầu"], None, 0.08, "c"),
            Col(["Thời gian thực hiện", "Hoàn thành"], None, 0.08, "c"),
            Col(["Kinh phí (triệu đồng)", "Ngân sách tỉnh"], None, 0.10, "c"),
            Col(["Kinh phí (triệu đồng)", "Nguồn khác"], None, 0.10, "c")]
    out.append(Doc(
        name="ml-docx-thanhhoa", generator=G, render="docx", page=landscape(A4),
        docx_font="Times New Roman", size=11,
        document={"title": "KẾ HOẠCH THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "66/KH-UBND", "issued_on": "2026-02-03",
                  "issuer": "UBND tỉnh Thanh Hóa", "province": "Thanh Hóa",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục", "KẾ HOẠCH THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 66/KH-UBND ngày 03/02/2026 của UBND tỉnh Thanh Hóa)"],
                    cols, rows_c1(rnd, cols, 3, (4, 6)), title_italic_last=True,
                    column_numbers=True)]))

    rnd = random.Random(302)
    cols = [Col("TT", "stt", 0.05, "c"), Col("Nội dung nhiệm vụ", "task", 0.30),
            Col(["Kinh phí (triệu đồng)", "Tổng số"], None, 0.09, "c"),
            Col(["Kinh phí (triệu đồng)", "Trong đó", "Ngân sách trung ương"], None, 0.10, "c"),
            Col(["Kinh phí (triệu đồng)", "Trong đó", "Ngân sách tỉnh"], None, 0.09, "c"),
            Col(["Thời gian thực hiện", "Bắt đầu"], None, 0.09, "c"),
            Col(["Thời gian thực hiện", "Hoàn thành"], None, 0.10, "c"),
            Col("Cơ quan chủ trì", "lead", 0.18)]
    out.append(Doc(
        name="ml-rl3-nghean", generator=G, render="platypus", page=landscape(A4), font="serif",
        size=10, grid="grid",
        document={"title": "DANH MỤC NHIỆM VỤ, DỰ ÁN CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2026-2027",
                  "plan_number": "140/KH-UBND", "issued_on": "2026-03-09",
                  "issuer": "UBND tỉnh Nghệ An", "province": "Nghệ An",
                  "period_start": 2026, "period_end": 2027},
        tables=[Tab(["Phụ lục II", "DANH MỤC NHIỆM VỤ, DỰ ÁN CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2026-2027",
                     "(Kèm theo Kế hoạch số 140/KH-UBND ngày 09/3/2026 của UBND tỉnh Nghệ An)"],
                    cols, rows_c2(rnd, 16), title_italic_last=True)]))

    rnd = random.Random(303)
    cols = [Col("STT", "stt", 0.07, "c"), Col("Chỉ tiêu thống kê", None, 0.40),
            Col(["Kết quả thống kê", "Đơn vị tính"], None, 0.12, "c"),
            Col(["Kết quả thống kê", "Số liệu"], None, 0.11, "c"),
            Col("Ghi chú", "note", 0.30)]
    out.append(Doc(
        name="ml-stats-tayninh", generator=G, render="docx", page=portrait(A4),
        docx_font="Times New Roman", size=12, page_numbers=True,
        document={"title": "BÁO CÁO THỐNG KÊ KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
                  "plan_number": "455/BC-UBND", "issued_on": "2025-11-28",
                  "issuer": "UBND tỉnh Tây Ninh", "province": "Tây Ninh",
                  "period_start": 2025, "period_end": 2025},
        tables=[Tab(["Biểu mẫu 1", "KẾT QUẢ THỐNG KÊ CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NĂM 2025"],
                    cols, rows_c3(rnd))]))

    # c4: Quảng Nam — c1's two-level header ("Đơn vị thực hiện" over Chủ trì | Phối hợp,
    #     "Thời gian thực hiện" over Bắt đầu | Hoàn thành) drawn by ReportLab instead of Word,
    #     A4 portrait, sans 9, the groups in another order.
    rnd = random.Random(304)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Nhiệm vụ", "task", 0.30),
            Col(["Thời gian thực hiện", "Bắt đầu"], None, 0.10, "c"),
            Col(["Thời gian thực hiện", "Hoàn thành"], None, 0.10, "c"),
            Col(["Đơn vị thực hiện", "Chủ trì"], "lead", 0.16),
            Col(["Đơn vị thực hiện", "Phối hợp"], "partners", 0.28)]
    out.append(Doc(
        name="ml-rl-quangnam", generator=G, render="platypus", page=portrait(A4), font="sans",
        size=9, grid="grid",
        document={"title": "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "19/KH-UBND", "issued_on": "2026-01-22",
                  "issuer": "UBND tỉnh Quảng Nam", "province": "Quảng Nam",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 19/KH-UBND ngày 22/01/2026 của UBND tỉnh Quảng Nam)"],
                    cols, rows_c1(rnd, cols, 3, (4, 6)), title_italic_last=True)]))
    return out


def render(doc, path):
    (render_docx if doc.render == "docx" else render_platypus)(doc, path)


if __name__ == "__main__":
    sys.exit(0 if run(docs(), render) else 1)
