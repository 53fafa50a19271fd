#!/usr/bin/env python3
"""Class g: tables that are not nine-column plans — a numbered-row column and a header row, but
other columns: an inspection schedule (STT | Đơn vị được kiểm tra | Thời gian kiểm tra), a
statistics form (plan vs result), a list of units. Columns outside the vocabulary are
`extra:<header>` in the truth; "Thời gian kiểm tra" is the timeline, "Ghi chú" the note.

    python3 scripts/layouts/class_g_other_tables.py [--only NAME,…] [--out DIR]
"""
import random
import sys

from layoutlib import Col, Doc, Row, Tab, render_docx, render_platypus, run
from reportlab.lib.pagesizes import A4, landscape, portrait

G = "scripts/layouts/class_g_other_tables.py"
UNITS = [
    "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Công Thương", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Ban Quản lý các khu công nghiệp tỉnh",
    "UBND huyện Mường Khương", "UBND huyện Bát Xát", "UBND thị xã Sa Pa", "UBND huyện Bảo Yên",
    "UBND huyện Văn Bàn", "UBND xã Bản Lầu, huyện Mường Khương", "UBND phường Cốc Lếu",
    "UBND xã Tả Van, thị xã Sa Pa", "UBND huyện Si Ma Cai", "Thanh tra tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
]
COMMUNES = ["Bản Lầu", "Tả Van", "Bản Vược", "Cốc San", "Phong Niên", "Xuân Quang", "Gia Phú",
            "Võ Lao", "Nậm Chày", "Sơn Hải", "Bảo Hà", "Thượng Hà", "Lùng Vai", "Pha Long",
            "Bản Mế", "Nghĩa Đô", "Tân Dương", "Khánh Yên Thượng"]
DISTRICTS = ["huyện Mường Khương", "huyện Bát Xát", "thị xã Sa Pa", "huyện Bảo Yên",
             "huyện Văn Bàn", "huyện Bảo Thắng", "huyện Si Ma Cai", "huyện Bắc Hà"]
UNITS = UNITS + [f"UBND xã {c}, {DISTRICTS[i % len(DISTRICTS)]}" for i, c in enumerate(COMMUNES)]
WHEN = ["Tháng 3/2026", "Tháng 4/2026", "Tháng 5/2026", "Quý II/2026", "Quý III/2026",
        "Từ ngày 12/5/2026 đến ngày 15/5/2026", "Tháng 8/2026", "Tháng 9/2026",
        "Tuần thứ 2 tháng 10/2026", "Tháng 11/2026"]
INDIC = [
    ("Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "%"),
    ("Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ", "%"),
    ("Số hồ sơ giải quyết quá hạn", "Hồ sơ"),
    ("Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa", "%"),
    ("Số cuộc thanh tra, kiểm tra công vụ", "Cuộc"),
    ("Số công chức được bồi dưỡng kỹ năng số", "Người"),
    ("Tỷ lệ văn bản điện tử có chữ ký số", "%"),
    ("Số hệ thống thông tin được đánh giá an toàn thông tin theo cấp độ", "Hệ thống"),
    ("Chỉ số hài lòng của người dân (SIPAS)", "%"),
    ("Số mô hình, sáng kiến cải cách hành chính được công nhận", "Mô hình"),
    ("Số cơ sở dữ liệu chuyên ngành được xây dựng", "Cơ sở dữ liệu"),
    ("Tỷ lệ xã, phường có điểm truy cập Internet công cộng", "%"),
]


def docs():
    out = []
    rnd = random.Random(701)
    cols = [Col("STT", "stt", 0.10, "c"), Col("Đơn vị được kiểm tra", None, 0.55),
            Col("Thời gian kiểm tra", "timeline", 0.35, "c")]
    units = rnd.sample(UNITS, 40)
    out.append(Doc(
        name="inspect-laocai", generator=G, render="docx", page=portrait(A4),
        docx_font="Times New Roman", size=14, margins=(70, 50, 56, 56),
        document={"title": "LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "35/KH-UBND", "issued_on": "2026-02-05",
                  "issuer": "UBND tỉnh Lào Cai", "province": "Lào Cai",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục", "LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 35/KH-UBND ngày 05/02/2026 của UBND tỉnh Lào Cai)"],
                    cols, [Row(str(i + 1), {"extra:Đơn vị được kiểm tra": u,
                                            "timeline": WHEN[min(i * len(WHEN) // 40, len(WHEN) - 1)]})
                           for i, u in enumerate(units)],
                    title_italic_last=True)]))

    rnd = random.Random(702)
    cols = [Col("STT", "stt", 0.06, "c"), Col("Tên chỉ tiêu", None, 0.38),
            Col("Đơn vị tính", None, 0.10, "c"), Col("Kế hoạch năm 2025", None, 0.10, "c"),
            Col("Thực hiện năm 2025", None, 0.10, "c"), Col("So sánh (%)", None, 0.09, "c"),
            Col("Ghi chú", "note", 0.17)]
    rows = []
    levels = [" cấp tỉnh", " cấp huyện", " cấp xã"]
    indic = [(n + lv, u) for lv in levels for n, u in INDIC]
    for i, (name, unit) in enumerate(rnd.sample(indic, 30)):
        if unit == "%":
            plan, done = rnd.randint(60, 100), rnd.randint(50, 100)
        else:
            plan, done = rnd.randint(10, 900), rnd.randint(8, 950)
        rows.append(Row(str(i + 1), {"extra:Tên chỉ tiêu": name, "extra:Đơn vị tính": unit,
                                     "extra:Kế hoạch năm 2025": str(plan),
                                     "extra:Thực hiện năm 2025": str(done),
                                     "extra:So sánh (%)": f"{100 * done / plan:.1f}".replace(".", ","),
                                     "note": rnd.choice(["", "", "Vượt kế hoạch", "Chưa đạt",
                                                         "Ước thực hiện đến 31/12/2025",
                                                         "Số liệu của Sở Nội vụ tổng hợp từ báo cáo của các cơ quan, đơn vị"])}))
    out.append(Doc(
        name="statsform-rl-angiang", generator=G, render="platypus", page=landscape(A4),
        font="sans", size=10, grid="grid",
        document={"title": "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NĂM 2025",
                  "plan_number": "512/BC-UBND", "issued_on": "2025-12-10",
                  "issuer": "UBND tỉnh An Giang", "province": "An Giang",
                  "period_start": 2025, "period_end": 2025},
        tables=[Tab(["Biểu số 02", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NĂM 2025",
                     "(Kèm theo Báo cáo số 512/BC-UBND ngày 10/12/2025 của UBND tỉnh An Giang)"],
                    cols, rows, title_italic_last=True)]))

    rnd = random.Random(703)
    cols = [Col("TT", "stt", 0.07, "c"), Col("Tên cơ quan, đơn vị", None, 0.38),
            Col("Địa chỉ", None, 0.27), Col("Số điện thoại", None, 0.16, "c"),
            Col("Ghi chú", "note", 0.12)]
    streets = ["Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hoàng Liên", "Hùng Vương", "Quang Trung"]
    rows = []
    for i, u in enumerate(rnd.sample(UNITS, 34)):
        rows.append(Row(str(i + 1), {
            "extra:Tên cơ quan, đơn vị": u,
            "extra:Địa chỉ": f"Số {rnd.randint(1, 480)} đường {rnd.choice(streets)}, phường Cốc Lếu, tỉnh Lào Cai",
            "extra:Số điện thoại": f"0214.38{rnd.randint(10000, 99999)}",
            "note": rnd.choice(["", "", "Đầu mối tiếp nhận", "Bộ phận một cửa"])}))
    out.append(Doc(
        name="unitlist-docx-laocai", generator=G, render="docx", page=portrait(A4),
        docx_font="Arial", size=11, borders="hrules",
        document={"title": "DANH SÁCH CƠ QUAN, ĐƠN VỊ TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ",
                  "plan_number": "36/KH-UBND", "issued_on": "2026-02-06",
                  "issuer": "UBND tỉnh Lào Cai", "province": "Lào Cai",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục III", "DANH SÁCH CƠ QUAN, ĐƠN VỊ TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ"],
                    cols, rows)]))

    # g4: Yên Bái — an inspection schedule as a report generator draws it: STT | Cơ quan, đơn
    #     vị được kiểm tra | Thời gian kiểm tra | Trưởng đoàn (a column outside the vocabulary),
    #     ReportLab, A4 portrait, serif 11.
    rnd = random.Random(704)
    cols = [Col("STT", "stt", 0.08, "c"), Col("Cơ quan, đơn vị được kiểm tra", None, 0.44),
            Col("Thời gian kiểm tra", "timeline", 0.24, "c"), Col("Trưởng đoàn", None, 0.24)]
    heads = ["Lãnh đạo Sở Nội vụ", "Lãnh đạo Văn phòng UBND tỉnh", "Lãnh đạo Sở Tư pháp"]
    units = rnd.sample(UNITS, 24)
    out.append(Doc(
        name="inspect-rl-yenbai", generator=G, render="platypus", page=portrait(A4),
        font="serif", size=11, grid="grid",
        document={"title": "LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "52/KH-UBND", "issued_on": "2026-03-02",
                  "issuer": "UBND tỉnh Yên Bái", "province": "Yên Bái",
                  "period_start": 2026, "period_end": 2026},
        tables=[Tab(["Phụ lục", "LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                     "(Kèm theo Kế hoạch số 52/KH-UBND ngày 02/3/2026 của UBND tỉnh Yên Bái)"],
                    cols, [Row(str(i + 1), {"extra:Cơ quan, đơn vị được kiểm tra": u,
                                            "timeline": WHEN[min(i * len(WHEN) // 24, len(WHEN) - 1)],
                                            "extra:Trưởng đoàn": heads[i % len(heads)]})
                           for i, u in enumerate(units)],
                    title_italic_last=True)]))
    return out


def render(doc, path):
    (render_docx if doc.render == "docx" else render_platypus)(doc, path)


if __name__ == "__main__":
    sys.exit(0 if run(docs(), render) else 1)
