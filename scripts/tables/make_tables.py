#!/usr/bin/env python3
"""Realistic plan-appendix PDFs with their truth, from a content model.

Each document is a content model (title block, columns, sections, numbered rows, merged cells)
laid out the way a word processor lays out a table:

- cell text wrapped to the column width (at spaces, and after a hyphen inside a word when the
  word does not fit: "2021-" / "2030"), list items ("- ...") on lines of their own;
- the header row repeated on every page;
- rows allowed to break across pages: the lines of every cell that fit stay, the rest continue
  at the top of the next page under the repeated header (no STT there);
- vertically merged cells (objective, task, lead, timeline ...): one cell over several rows,
  text at its top, the horizontal borders over the merged column left out, and continuing over
  a page break like any other cell;
- section rows ("I" + title, or one cell "A. TITLE") merged across the table;
- page furniture (running title, page numbers), prose pages before the table, a signature page
  after it, portrait and landscape pages mixed, other page sizes.

Every model is drawn in several ruling styles (variants) that share one truth file:
``ruled`` (stroked grid), ``fill`` (borders as thin filled rectangles), ``hrules`` (horizontal
rules only), ``norules`` (no rules), ``dashed`` (a dash pattern), ``dashes`` (every dash a separate
segment), ``doubled`` (two parallel lines per border), ``partial`` (some vertical rules missing).

    python3 scripts/tables/make_tables.py            # all fixtures into fixtures/
    python3 scripts/tables/make_tables.py --only lao-cai-cds --out /tmp/x

The truth file has the format of fixtures/bac-giang-402.truth.json (no ``norm``). Texts are the
model's texts: lines joined by one space, a line-final hyphen glued to its word joined without
space, "\\n" before a list item. The output is deterministic (fixed seed, fixed dates).
"""

import argparse
import datetime
import json
import os
import random
import sys

from reportlab.lib.pagesizes import A3, A4, LETTER, landscape, portrait
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/dejavu"]
FONTS = {
    "serif": ("LiberationSerif-Regular", "LiberationSerif-Bold", "LiberationSerif-Italic"),
    "sans": ("LiberationSans-Regular", "LiberationSans-Bold", "LiberationSans-Italic"),
    "dejavu": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"),
}


def register_fonts():
    for names in FONTS.values():
        for n in names:
            for d in FONT_DIRS:
                p = os.path.join(d, n + ".ttf")
                if os.path.exists(p):
                    pdfmetrics.registerFont(TTFont(n, p))
                    break
            else:
                sys.exit(f"font {n} not found: apt-get install -y fonts-dejavu-core fonts-liberation2")


# ---------------------------------------------------------------------------
# text wrapping


def wrap_paragraph(text, font, size, width):
    """Greedy wrap at spaces; a word too long for the line breaks after a hyphen inside it,
    else (wider than the whole line) at the edge."""
    sw = lambda s: pdfmetrics.stringWidth(s, font, size)
    lines, cur = [], ""
    words = text.split(" ")
    i = 0
    while i < len(words):
        w = words[i]
        cand = w if not cur else cur + " " + w
        if sw(cand) <= width:
            cur = cand
            i += 1
            continue
        # Break after a hyphen inside the word when the head fits.
        cut = None
        for k in range(len(w) - 1, 0, -1):
            if w[k - 1] == "-" and k < len(w):
                head = w[:k]
                if sw(head if not cur else cur + " " + head) <= width:
                    cut = k
                    break
        if cut is not None:
            lines.append(w[:cut] if not cur else cur + " " + w[:cut])
            words[i] = w[cut:]
            cur = ""
            continue
        if cur:
            lines.append(cur)
            cur = ""
            continue
        # A word wider than the line: cut it at the edge.
        k = len(w)
        while k > 1 and sw(w[:k]) > width:
            k -= 1
        lines.append(w[:k])
        words[i] = w[k:]
    if cur:
        lines.append(cur)
    return lines


def wrap(text, font, size, width):
    out = []
    for para in text.split("\n"):
        out.extend(wrap_paragraph(para, font, size, width))
    return out


# ---------------------------------------------------------------------------
# the content models

AGENCIES = [
    "Sở Thông tin và Truyền thông", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư", "Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Công an tỉnh", "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch", "Ban Dân tộc tỉnh", "Bảo hiểm xã hội tỉnh",
    "UBND các huyện, thị xã, thành phố", "Các sở, ban, ngành", "UBND cấp xã",
    "Trung tâm Phục vụ hành chính công tỉnh", "Đài Phát thanh và Truyền hình tỉnh",
]

VERBS = [
    "Triển khai", "Xây dựng", "Nâng cấp", "Rà soát, đánh giá", "Tổ chức", "Hoàn thiện",
    "Tăng cường", "Đẩy mạnh", "Duy trì và vận hành", "Tuyên truyền, phổ biến", "Kiểm tra, giám sát",
    "Đào tạo, bồi dưỡng", "Số hóa", "Chuẩn hóa", "Tích hợp, kết nối",
]
OBJECTS = [
    "hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh",
    "cơ sở dữ liệu dùng chung của tỉnh, bảo đảm kết nối, chia sẻ dữ liệu với các cơ sở dữ liệu quốc gia",
    "nền tảng tích hợp, chia sẻ dữ liệu (LGSP) phục vụ chính quyền số",
    "hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
    "đội ngũ cán bộ, công chức, viên chức làm công tác chuyển đổi số",
    "các văn bản quy phạm pháp luật thuộc thẩm quyền ban hành của HĐND, UBND tỉnh",
    "dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia",
    "mô hình một cửa, một cửa liên thông tại cấp huyện và cấp xã",
    "hạ tầng mạng truyền số liệu chuyên dùng đến 100% xã, phường, thị trấn",
    "Trung tâm giám sát, điều hành đô thị thông minh (IOC)",
    "việc thực hiện chế độ công vụ, kỷ luật, kỷ cương hành chính",
    "hệ thống quản lý văn bản và điều hành, chữ ký số chuyên dùng",
    "các nhiệm vụ bảo đảm an toàn thông tin mạng theo mô hình 4 lớp",
    "bộ chỉ số đánh giá mức độ hài lòng của người dân, doanh nghiệp (SIPAS)",
]
PURPOSES = [
    "nhằm nâng cao hiệu lực, hiệu quả quản lý nhà nước trên địa bàn tỉnh",
    "bảo đảm đúng tiến độ theo yêu cầu của Chính phủ",
    "góp phần cải thiện chỉ số PAR Index, SIPAS, PCI của tỉnh",
    "phục vụ người dân và doanh nghiệp",
    "theo Nghị định số 45/2020/NĐ-CP và Nghị định số 107/2021/NĐ-CP",
    "đáp ứng yêu cầu phát triển kinh tế - xã hội của địa phương",
    "tạo điều kiện thuận lợi cho tổ chức, cá nhân",
    "theo hướng dẫn của Bộ Thông tin và Truyền thông",
]
OUTPUTS = [
    "Kế hoạch", "Báo cáo kết quả", "Quyết định phê duyệt", "Hệ thống được đưa vào vận hành",
    "Cơ sở dữ liệu", "Văn bản hướng dẫn", "Hội nghị, lớp tập huấn", "Quyết định công bố",
    "Tài liệu tuyên truyền", "Thông báo kết luận kiểm tra", "Đề án được phê duyệt",
]
TIMELINES = ["2024", "Quý I/2024", "Quý II/2024", "Hằng năm", "2024-2025", "Tháng 6/2024",
             "Thường xuyên", "2026-2030", "Năm 2026", "Quý IV hằng năm", "2025-2027"]
NOTES = ["", "", "", "Nhiệm vụ chuyển tiếp", "Theo đề xuất của đơn vị", "Lồng ghép các chương trình"]

SECTION_TITLES = [
    "Hoàn thiện thể chế, cơ chế chính sách", "Phát triển hạ tầng số",
    "Phát triển chính quyền số", "Phát triển kinh tế số", "Phát triển xã hội số",
    "Bảo đảm an toàn, an ninh mạng", "Đào tạo, phát triển nguồn nhân lực",
    "Công tác thông tin, tuyên truyền",
]


def sentence(rnd, lo=1, hi=3):
    parts = [f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}"]
    for _ in range(rnd.randint(lo, hi) - 1):
        parts.append(rnd.choice(PURPOSES))
    s = ", ".join(parts)
    if rnd.random() < 0.25:
        s += f"; {rnd.choice(VERBS).lower()} {rnd.choice(OBJECTS)}"
    return s + ("." if rnd.random() < 0.4 else "")


# Agency cell text -> the names the model put in it, in order (for the truth's `norm`).
PICKS = {}


def agencies(rnd, n_lo, n_hi, sep="; "):
    picks = rnd.sample(AGENCIES, rnd.randint(n_lo, n_hi))
    if len(picks) > 2 and rnd.random() < 0.3:
        text = "\n".join("- " + p for p in picks)
    else:
        text = sep.join(picks)
    PICKS[text] = picks
    return text


def agencies_from(rnd, names, n_lo, n_hi):
    """Agencies of a model's own list, joined by "; ", or (half the time, when several) one per
    line with no separator at all, as many plans print them."""
    picks = rnd.sample(names, rnd.randint(n_lo, n_hi))
    if len(picks) > 1 and rnd.random() < 0.5:
        text = "\n".join(picks)
    else:
        text = "; ".join(picks)
    PICKS[text] = picks
    return text


def budget(rnd):
    if rnd.random() < 0.35:
        return ""
    v = rnd.choice([150, 200, 350, 500, 1200, 1500, 2500, 12000])
    s = f"{v:,}".replace(",", ".")
    return s


MERGE = object()  # "same cell as the row above" (a vertical merge)


class Doc:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def roman(n):
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]


LETTERS = ["A", "B", "C", "D", "Đ", "E", "G", "H"]


def build_rows(rnd, fields, sections, per_section, numbering, merge_fields, text_fn):
    """Rows of the model: ("section", number, title) and ("row", stt, {field: text | MERGE}).
    `numbering` is "SECTIONS/ROWS": sections roman, letter or digit; rows continuing through
    the table ("continue"), restarting at 1 in each section ("restart") or "dotted" (1.1, 1.2)."""
    rows = []
    n = 0
    sec_style, numbering = numbering.split("/")
    for si in range(sections):
        if sec_style == "roman":
            num = roman(si + 1)
        elif sec_style == "letter":
            num = LETTERS[si]
        else:
            num = str(si + 1)
        rows.append(("section", num, SECTION_TITLES[si % len(SECTION_TITLES)]))
        count = rnd.randint(*per_section)
        prev = None
        for k in range(count):
            if numbering == "dotted":
                stt = f"{num}.{k + 1}"
            elif numbering == "restart":
                stt = str(k + 1)
            else:
                n += 1
                stt = str(n)
            cells = {}
            for f in fields:
                if f == "stt":
                    continue
                if prev is not None and f in merge_fields and rnd.random() < merge_fields[f]:
                    cells[f] = MERGE
                else:
                    cells[f] = text_fn(rnd, f, stt)
            rows.append(("row", stt, cells))
            prev = cells
    return rows


def text_cds(rnd, f, stt):
    if f == "task":
        return sentence(rnd, 1, 4)
    if f == "objective":
        return f"Mục tiêu {stt}: " + sentence(rnd, 1, 3)
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


# The agencies and timelines of the two newer models (a centrally-run city; a plan after the
# 2025 reorganisation).
CITY_AGENCIES = [
    "Sở Thông tin và Truyền thông", "Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư",
    "Văn phòng UBND Thành phố", "Công an Thành phố", "Sở Lao động - Thương binh và Xã hội",
    "UBND các quận, huyện, thị xã", "Các sở, ban, ngành Thành phố", "Sở Văn hóa và Thể thao",
    "Sở Du lịch", "Sở Giao thông vận tải", "UBND các xã, phường, thị trấn",
]
CITY_TIMELINES = ["Hàng quý", "Định kỳ 6 tháng", "Cả năm", "6 tháng cuối năm", "Trước 30/6/2024",
                  "Hàng năm", "Thường xuyên", "Quý III/2024", "Tháng 9 - 10/2024"]
NEW_AGENCIES = [
    "Sở Nội vụ", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
    "Sở Xây dựng", "Sở Dân tộc và Tôn giáo", "Văn phòng UBND tỉnh", "UBND các xã, phường",
    "UBND cấp xã", "Chủ tịch UBND cấp xã", "Công an cấp xã", "Các sở, ban, ngành",
    "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh", "Thuế tỉnh", "Sở Tư pháp",
]
NEW_TIMELINES = ["Thường xuyên", "Hằng năm", "Hàng quý", "Định kỳ 6 tháng", "Cả năm",
                 "Tháng 3 - 4", "Quý II - III", "6 tháng cuối năm", "Trước 30/6/2026",
                 "Từ năm 2026", "Đến năm 2030", "Quý IV"]

# Registry ids of every agency name the models use (written by hand from the built-in
# registry's entries), and the id each belongs to on 2026-01-01, after the 2025 reorganisation.
AGENCY_IDS = {
    "Sở Thông tin và Truyền thông": ("so-tttt", "so-khcn"), "Sở Nội vụ": ("so-noi-vu", None),
    "Sở Tư pháp": ("so-tu-phap", None), "Sở Tài chính": ("so-tai-chinh", None),
    "Sở Kế hoạch và Đầu tư": ("so-khdt", "so-tai-chinh"), "Văn phòng UBND tỉnh": ("vp-ubnd-tinh", None),
    "Sở Khoa học và Công nghệ": ("so-khcn", None), "Sở Giáo dục và Đào tạo": ("so-gddt", None),
    "Sở Y tế": ("so-y-te", None), "Công an tỉnh": ("cong-an-tinh", None),
    "Sở Tài nguyên và Môi trường": ("so-tnmt", "so-nnmt"),
    "Sở Nông nghiệp và Phát triển nông thôn": ("so-nnptnt", "so-nnmt"),
    "Sở Lao động - Thương binh và Xã hội": ("so-ldtbxh", "so-noi-vu"),
    "Sở Văn hóa, Thể thao và Du lịch": ("so-vhttdl", None),
    "Ban Dân tộc tỉnh": ("ban-dan-toc", "so-dan-toc-ton-giao"), "Bảo hiểm xã hội tỉnh": ("bhxh-tinh", None),
    "UBND các huyện, thị xã, thành phố": ("group:district-pcs", ""),
    "Các sở, ban, ngành": ("group:provincial-agencies", None), "UBND cấp xã": ("group:commune-pcs", None),
    "Trung tâm Phục vụ hành chính công tỉnh": ("tt-phvcc", None),
    "Đài Phát thanh và Truyền hình tỉnh": ("dai-ptth", None),
    # a centrally-run city: "Thành phố" is the provincial level
    "Văn phòng UBND Thành phố": ("vp-ubnd-tinh", None), "Công an Thành phố": ("cong-an-tinh", None),
    "UBND các quận, huyện, thị xã": ("group:district-pcs", ""),
    "Các sở, ban, ngành Thành phố": ("group:provincial-agencies", None),
    "Sở Văn hóa và Thể thao": ("so-vhtt", None), "Sở Du lịch": ("so-du-lich", None),
    "Sở Giao thông vận tải": ("so-gtvt", "so-xay-dung"),
    "UBND các xã, phường, thị trấn": ("group:commune-pcs", None),
    # after the 2025 reorganisation
    "Sở Nông nghiệp và Môi trường": ("so-nnmt", None), "Sở Xây dựng": ("so-xay-dung", None),
    "Sở Dân tộc và Tôn giáo": ("so-dan-toc-ton-giao", None),
    "UBND các xã, phường": ("group:commune-pcs", None), "Chủ tịch UBND cấp xã": ("group:commune-pcs", None),
    "Công an cấp xã": ("group:commune-police", None), "Thuế tỉnh": ("cuc-thue-tinh", None),
}


def text_model(agency_names, timelines):
    def text(rnd, f, stt):
        if f == "lead":
            return agencies_from(rnd, agency_names, 1, 2)
        if f == "partners":
            return agencies_from(rnd, agency_names, 1, 4)
        if f == "timeline":
            return rnd.choice(timelines)
        return text_cds(rnd, f, stt)
    return text


def models():
    docs = []

    # (every model's truth carries `norm`, set at the end)
    # 1. Lào Cai, digital transformation 2024: TT | Nhiệm vụ, giải pháp | Đơn vị chủ trì | ...
    #    No merged cells (so it can be drawn without any rules too). Sections I, II ...
    rnd = random.Random(402)
    fields = ["stt", "task", "lead", "partners", "budget", "timeline"]
    docs.append(Doc(
        name="lao-cai-cds",
        variants=["ruled", "hrules", "norules", "dashes"],
        title_block=[
            ("b", "Phụ lục I"),
            ("b", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TỈNH LÀO CAI NĂM 2024"),
            ("i", "(Kèm theo Kế hoạch số 15/KH-UBND ngày 05/02/2024 của UBND tỉnh Lào Cai)"),
        ],
        document={"title": "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TỈNH LÀO CAI NĂM 2024",
                  "plan_number": "15/KH-UBND", "issued_on": "2024-02-05",
                  "issuer": "UBND tỉnh Lào Cai", "province": "Lào Cai",
                  "period_start": 2024, "period_end": 2024},
        columns=[("TT", "stt", 0.05, "c"), ("Nhiệm vụ, giải pháp", "task", 0.37, "l"),
                 ("Đơn vị chủ trì", "lead", 0.15, "l"), ("Đơn vị phối hợp", "partners", 0.21, "l"),
                 ("Kinh phí dự kiến (triệu đồng)", "budget", 0.11, "c"),
                 ("Tiến độ", "timeline", 0.11, "c")],
        rows=build_rows(rnd, fields, 3, (4, 7), "roman/continue", {}, text_cds),
        page=landscape(A4), font="serif", size=12, header_bold=True, section_style="stt",
        furniture=None, prose=0, trailer=False,
    ))

    # 2. Quảng Ninh, 2026-2030: STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
    #    Thời gian hoàn thành | Sản phẩm | Ghi chú. Sections A, B, C, D, Đ in one merged cell
    #    ("A. TITLE"), STT restarting in each; lead and timeline merged; prose pages (portrait)
    #    before the landscape table, a signature page after; running title and page numbers.
    rnd = random.Random(2026)
    fields = ["stt", "task", "lead", "partners", "timeline", "output", "note"]
    docs.append(Doc(
        name="quang-ninh-cchc",
        variants=["ruled", "fill", "doubled", "dashed", "hrules"],
        title_block=[
            ("b", "PHỤ LỤC"),
            ("b", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TỈNH QUẢNG NINH GIAI ĐOẠN 2026-2030"),
            ("i", "(Ban hành kèm theo Kế hoạch số 87/KH-UBND ngày 12 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Quảng Ninh)"),
        ],
        document={"title": "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TỈNH QUẢNG NINH GIAI ĐOẠN 2026-2030",
                  "plan_number": "87/KH-UBND", "issued_on": "2026-03-12",
                  "issuer": "Ủy ban nhân dân tỉnh Quảng Ninh", "province": "Quảng Ninh",
                  "period_start": 2026, "period_end": 2030},
        columns=[("STT", "stt", 0.05, "c"), ("Nội dung nhiệm vụ", "task", 0.30, "l"),
                 ("Cơ quan chủ trì", "lead", 0.14, "l"), ("Cơ quan phối hợp", "partners", 0.17, "l"),
                 ("Thời gian hoàn thành", "timeline", 0.10, "c"), ("Sản phẩm", "output", 0.13, "l"),
                 ("Ghi chú", "note", 0.11, "l")],
        rows=build_rows(rnd, fields, 5, (3, 6), "letter/restart", {"lead": 0.4, "timeline": 0.5},
                        text_cds),
        page=landscape(A4), font="serif", size=12, header_bold=True, section_style="merged",
        furniture="top", prose=2, trailer=True,
    ))

    # 3. Hà Tĩnh: objective / task / activity, sections 1, 2, 3 with rows 1.1, 1.2 …, merged
    #    objective and task; A3 landscape, sans font; some vertical rules missing.
    rnd = random.Random(3)
    fields = ["stt", "objective", "task", "activity", "output", "lead", "partners", "timeline",
              "budget"]
    docs.append(Doc(
        name="ha-tinh-kh",
        variants=["ruled", "partial", "hrules"],
        title_block=[
            ("b", "Phụ lục 02"),
            ("b", "KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ TỈNH HÀ TĨNH GIAI ĐOẠN 2025-2027"),
            ("i", "(Kèm theo Kế hoạch số 231/KH-UBND ngày 15/7/2025 của UBND tỉnh Hà Tĩnh)"),
        ],
        document={"title": "KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ TỈNH HÀ TĨNH GIAI ĐOẠN 2025-2027",
                  "plan_number": "231/KH-UBND", "issued_on": "2025-07-15",
                  "issuer": "UBND tỉnh Hà Tĩnh", "province": "Hà Tĩnh",
                  "period_start": 2025, "period_end": 2027},
        columns=[("STT", "stt", 0.045, "c"), ("Mục tiêu", "objective", 0.15, "l"),
                 ("Nhiệm vụ", "task", 0.16, "l"), ("Hoạt động", "activity", 0.16, "l"),
                 ("Kết quả/ Sản phẩm", "output", 0.10, "l"), ("Chủ trì", "lead", 0.1, "l"),
                 ("Phối hợp", "partners", 0.125, "l"), ("Thời gian", "timeline", 0.07, "c"),
                 ("Kinh phí (triệu đồng)", "budget", 0.09, "c")],
        rows=build_rows(rnd, fields, 3, (4, 7), "digit/dotted", {"objective": 0.7, "task": 0.45},
                        text_cds),
        page=landscape(A3), font="sans", size=13, header_bold=True, section_style="stt",
        furniture="bottom", prose=0, trailer=False, column_numbers=True,
    ))

    # 4. Nghệ An: Letter portrait, DejaVu Sans, STT restarting 1, 2, 3 under A/B/C sections,
    #    no merged cells; page numbers at the bottom; drawn without rules and with h-rules only.
    rnd = random.Random(45)
    fields = ["stt", "task", "lead", "partners", "timeline", "note"]
    docs.append(Doc(
        name="nghe-an-pctt",
        variants=["norules", "hrules", "ruled"],
        title_block=[
            ("b", "PHỤ LỤC"),
            ("b", "DANH MỤC NHIỆM VỤ NĂM 2025"),
            ("i", "(Kèm theo Kế hoạch số 112/KH-UBND ngày 20/01/2025 của UBND tỉnh Nghệ An)"),
        ],
        document={"title": "DANH MỤC NHIỆM VỤ NĂM 2025",
                  "plan_number": "112/KH-UBND", "issued_on": "2025-01-20",
                  "issuer": "UBND tỉnh Nghệ An", "province": "Nghệ An",
                  "period_start": 2025, "period_end": 2025},
        columns=[("STT", "stt", 0.07, "c"), ("Nhiệm vụ", "task", 0.38, "l"),
                 ("Chủ trì", "lead", 0.17, "l"), ("Phối hợp", "partners", 0.2, "l"),
                 ("Thời gian", "timeline", 0.1, "c"), ("Ghi chú", "note", 0.08, "l")],
        rows=build_rows(rnd, fields, 3, (4, 6), "digit/restart", {}, text_cds),
        page=portrait(LETTER), font="dejavu", size=10, header_bold=True, section_style="stt",
        furniture="bottom", prose=0, trailer=False,
    ))

    # 5. Hà Nội (a centrally-run city), 2024: "UBND Thành phố", "Sở … Thành phố", "UBND các
    #    quận, huyện, thị xã"; agencies one per line without separators; recurring timelines
    #    ("Hàng quý", "Định kỳ 6 tháng", "Cả năm", "6 tháng cuối năm" …) over a one-year plan.
    rnd = random.Random(1010)
    fields = ["stt", "task", "lead", "partners", "timeline", "budget"]
    docs.append(Doc(
        name="ha-noi-cds",
        variants=["ruled", "hrules"],
        title_block=[
            ("b", "Phụ lục"),
            ("b", "DANH MỤC NHIỆM VỤ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN, CHUYỂN ĐỔI SỐ NĂM 2024"),
            ("i", "(Kèm theo Kế hoạch số 45/KH-UBND ngày 25/01/2024 của UBND Thành phố Hà Nội)"),
        ],
        document={"title": "DANH MỤC NHIỆM VỤ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN, CHUYỂN ĐỔI SỐ NĂM 2024",
                  "plan_number": "45/KH-UBND", "issued_on": "2024-01-25",
                  "issuer": "UBND Thành phố Hà Nội", "province": "Hà Nội",
                  "period_start": 2024, "period_end": 2024},
        columns=[("STT", "stt", 0.05, "c"), ("Nhiệm vụ", "task", 0.37, "l"),
                 ("Đơn vị chủ trì", "lead", 0.17, "l"), ("Đơn vị phối hợp", "partners", 0.2, "l"),
                 ("Thời gian", "timeline", 0.11, "c"), ("Kinh phí (triệu đồng)", "budget", 0.1, "c")],
        rows=build_rows(rnd, fields, 3, (4, 6), "roman/continue", {},
                        text_model(CITY_AGENCIES, CITY_TIMELINES)),
        page=landscape(A4), font="serif", size=12, header_bold=True, section_style="stt",
        furniture="bottom", prose=0, trailer=False,
    ))

    # 6. Phú Thọ after the 2025 reorganisation, plan for 2026: merged departments (Sở Nông
    #    nghiệp và Môi trường, Sở Dân tộc và Tôn giáo …), commune level ("UBND các xã, phường",
    #    "Chủ tịch UBND cấp xã", "Công an cấp xã"), "của Chủ tịch UBND tỉnh", one-per-line lists.
    rnd = random.Random(2027)
    fields = ["stt", "task", "lead", "partners", "timeline", "note"]
    docs.append(Doc(
        name="phu-tho-cchc-2026",
        variants=["ruled", "norules"],
        title_block=[
            ("b", "PHỤ LỤC I"),
            ("b", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"),
            ("i", "(Ban hành kèm theo Kế hoạch số 18/KH-UBND ngày 15/01/2026 của Chủ tịch UBND tỉnh Phú Thọ)"),
        ],
        document={"title": "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                  "plan_number": "18/KH-UBND", "issued_on": "2026-01-15",
                  "issuer": "UBND tỉnh Phú Thọ", "province": "Phú Thọ",
                  "period_start": 2026, "period_end": 2026},
        columns=[("TT", "stt", 0.05, "c"), ("Nhiệm vụ", "task", 0.38, "l"),
                 ("Cơ quan chủ trì", "lead", 0.17, "l"), ("Cơ quan phối hợp", "partners", 0.2, "l"),
                 ("Thời gian hoàn thành", "timeline", 0.11, "c"), ("Ghi chú", "note", 0.09, "l")],
        rows=build_rows(rnd, fields, 3, (4, 6), "roman/restart", {},
                        text_model(NEW_AGENCIES, NEW_TIMELINES)),
        page=landscape(A4), font="dejavu", size=11, header_bold=True, section_style="stt",
        furniture="top", prose=0, trailer=False,
    ))
    for d in docs:
        d.norm = True
    return docs


# ---------------------------------------------------------------------------
# truth


def _month_end(y, m):
    return (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)).isoformat()


def timeline_norm(text, period):
    """The interval and recurrence of a model timeline (written by hand for every wording the
    models use; see docs/normalization.md). A rhythm, or "Cả năm", takes the plan period."""
    p0, p1 = period
    plan = (f"{p0}-01-01", f"{p1}-12-31")
    if text == "Quý IV hằng năm" and p0 == p1:
        # the fourth quarter of every year: in a one-year plan, that year's
        return (f"{p0}-10-01", f"{p0}-12-31", "annual")
    rhythm = {"Hằng năm": "annual", "Hàng năm": "annual", "Quý IV hằng năm": "annual",
              "Thường xuyên": "ongoing", "Hàng quý": "quarterly", "Định kỳ 6 tháng": "semiannual"}
    if text in rhythm:
        return plan + (rhythm[text],)
    q = {"I": (1, 3), "II": (4, 6), "III": (7, 9), "IV": (10, 12)}
    y = p0 if p0 == p1 else None  # a wording without a year takes the year of a one-year plan
    table = {
        "Cả năm": (f"{y}-01-01", f"{y}-12-31"),
        "6 tháng cuối năm": (f"{y}-07-01", f"{y}-12-31"),
        "Tháng 3 - 4": (f"{y}-03-01", _month_end(y, 4)) if y else None,
        "Quý II - III": (f"{y}-04-01", f"{y}-09-30"),
        "Quý IV": (f"{y}-10-01", f"{y}-12-31"),
        "Trước 30/6/2024": (None, "2024-06-30"),
        "Trước 30/6/2026": (None, "2026-06-30"),
        "Từ năm 2026": ("2026-01-01", None),
        "Đến năm 2030": (None, "2030-12-31"),
        "Tháng 6/2024": ("2024-06-01", "2024-06-30"),
        "Tháng 9 - 10/2024": ("2024-09-01", "2024-10-31"),
        "Năm 2026": ("2026-01-01", "2026-12-31"),
    }
    if text in table:
        return table[text] + (None,)
    if text.isdigit():
        return (f"{text}-01-01", f"{text}-12-31", None)
    if "-" in text and all(x.strip().isdigit() for x in text.split("-")):
        a, b = (x.strip() for x in text.split("-"))
        return (f"{a}-01-01", f"{b}-12-31", None)
    if text.startswith("Quý ") and "/" in text:
        n, yy = text[4:].split("/")
        m0, m1 = q[n]
        return (f"{yy}-{m0:02d}-01", _month_end(int(yy), m1), None)
    raise SystemExit(f"no hand-written norm for timeline {text!r}")


def agency_norm(text):
    out = []
    for name in PICKS[text]:
        aid, now = AGENCY_IDS[name]
        m = {"raw": name, "agency": aid}
        # The id it belongs to on 2026-01-01: the same, a successor, or "" (abolished).
        m["current_2026"] = aid if now is None else (now or None)
        out.append(m)
    return out


def norm_of(doc, row):
    n = {}
    period = (doc.document["period_start"], doc.document["period_end"])
    for f in ("lead", "partners"):
        if f in row:
            n[f] = agency_norm(row["_raw_" + f])
    if "timeline" in row:
        a, b, r = timeline_norm(row["timeline"], period)
        n["timeline"] = {"start": a, "end": b, "recurrence": r}
    if "budget" in row:
        n["budget_million_vnd"] = float(row["budget"].replace(".", "")) if row["budget"] else None
    return n


def printed(text):
    """A cell's truth text: lines joined by one space, "\n" only before a list item."""
    return "\n".join(
        " ".join(group.split("\n")) for group in text.replace("\n- ", "\x00- ").split("\x00"))


def truth_of(doc):
    cols = [{"field": f, "header": h} for (h, f, _, _) in doc.columns]
    out_rows = []
    section, title = "", ""
    last = {}
    for r in doc.rows:
        if r[0] == "section":
            section, title = r[1], r[2]
            if doc.section_style == "merged":
                title = title.upper()  # printed in capitals
            last = {}
            continue
        _, stt, cells = r
        row = {"stt": stt, "section": section, "section_title": title}
        for (_, f, _, _) in doc.columns:
            if f == "stt":
                continue
            v = cells.get(f, "")
            if v is MERGE:
                v = last.get("_raw_" + f, last.get(f, ""))
            row[f] = printed(v)
            row["_raw_" + f] = v
        last = {k: row[k] for k in row}
        out_rows.append(row)
    if getattr(doc, "norm", False):
        for row in out_rows:
            row["norm"] = norm_of(doc, row)
    for row in out_rows:
        for k in [k for k in row if k.startswith("_raw_")]:
            del row[k]
    return {"document": doc.document, "columns": cols, "rows": out_rows}


# ---------------------------------------------------------------------------
# layout


class Table:
    """The body as blocks: a section row, or a group of rows tied by vertical merges. A block
    holds per-row cells and merged cells, each as a list of wrapped lines."""


def layout_blocks(doc, colx, fonts):
    font, bold, _ = fonts
    size = doc.size
    pad = 0.35 * size
    ncols = len(doc.columns)
    widths = [colx[i + 1] - colx[i] for i in range(ncols)]
    fields = [c[1] for c in doc.columns]
    blocks = []
    for r in doc.rows:
        if r[0] == "section":
            _, num, title = r
            if doc.section_style == "merged":
                text = f"{num}. {title.upper()}"
                lines = wrap(text, bold, size, colx[-1] - colx[0] - 2 * pad)
                cells = [{"c0": 0, "c1": ncols - 1, "lines": lines, "font": bold, "align": "l"}]
            else:
                cells = [
                    {"c0": 0, "c1": 0, "lines": [num], "font": bold, "align": "c"},
                    {"c0": 1, "c1": ncols - 1, "lines": wrap(title, bold, size,
                                                             colx[-1] - colx[1] - 2 * pad),
                     "font": bold, "align": "l"},
                ]
            blocks.append({"section": True, "rows": [{"cells": cells}], "merged": []})
            continue
        _, stt, cells_in = r
        row_cells = []
        merged_cont = []
        for i, f in enumerate(fields):
            if f == "stt":
                lines = [stt]
            else:
                v = cells_in.get(f, "")
                if v is MERGE:
                    merged_cont.append(i)
                    continue
                lines = wrap(v, font, size, widths[i] - 2 * pad) if v else []
            align = doc.columns[i][3]
            row_cells.append({"c0": i, "c1": i, "lines": lines, "font": font, "align": align})
        if merged_cont and blocks and not blocks[-1]["section"]:
            blk = blocks[-1]
            ri = len(blk["rows"])
            for i in merged_cont:
                # Extend the merged cell of column i that covers the previous row.
                m = next((m for m in blk["merged"] if m["c0"] == i and m["r1"] == ri - 1), None)
                if m is None:
                    prev = blk["rows"][ri - 1]["cells"]
                    cell = next(c for c in prev if c["c0"] == i)
                    prev.remove(cell)
                    m = {"c0": i, "c1": i, "r0": ri - 1, "r1": ri - 1, "lines": cell["lines"],
                         "font": cell["font"], "align": cell["align"]}
                    blk["merged"].append(m)
                m["r1"] = ri
            blk["rows"].append({"cells": row_cells})
        else:
            blocks.append({"section": False, "rows": [{"cells": row_cells}], "merged": []})
    return blocks


def block_heights(doc, blk):
    lead = doc.size * 1.2
    pad = 0.35 * doc.size
    hs = []
    for row in blk["rows"]:
        n = max([len(c["lines"]) for c in row["cells"]] + [1])
        hs.append(2 * pad + n * lead)
    for m in blk["merged"]:
        need = 2 * pad + max(len(m["lines"]), 1) * lead
        have = sum(hs[m["r0"]:m["r1"] + 1])
        if have < need:
            hs[m["r1"]] += need - have
    return hs


def split_block(doc, blk, avail):
    """Cuts a block so that its first part fits in `avail`: returns (head, tail), (blk, None)
    when it fits whole, or None when not even one line of it fits."""
    lead = doc.size * 1.2
    pad = 0.35 * doc.size
    hs = block_heights(doc, blk)
    y = 0.0
    cut = None
    for ri, h in enumerate(hs):
        if y + h <= avail:
            y += h
            continue
        cut = ri
        break
    if cut is None:
        return blk, None
    keep = int(max(avail - y - 2 * pad, 0) // lead + 1e-9)
    row = blk["rows"][cut]
    head_cells = [dict(c, lines=c["lines"][:keep]) for c in row["cells"]]
    tail_cells = [dict(c, lines=c["lines"][keep:]) for c in row["cells"]]
    head_has = keep > 0 and any(c["lines"] for c in head_cells)
    head = {"section": False, "rows": list(blk["rows"][:cut]), "merged": []}
    tail = {"section": False, "rows": list(blk["rows"][cut + 1:]), "merged": []}
    if head_has:
        head["rows"].append({"cells": head_cells})
        tail["rows"].insert(0, {"cells": tail_cells})
        head_bottom = y + 2 * pad + keep * lead
        last_head = cut
    else:
        tail["rows"].insert(0, row)
        head_bottom = y
        last_head = cut - 1
    if not head["rows"]:
        return None
    for m in blk["merged"]:
        top = sum(hs[:m["r0"]])
        if m["r0"] > last_head:
            tail["merged"].append(dict(m, r0=m["r0"] - cut, r1=m["r1"] - cut))
            continue
        fit = int(max(head_bottom - top - 2 * pad, 0) // lead + 1e-9)
        head["merged"].append(dict(m, r1=min(m["r1"], last_head), lines=m["lines"][:fit]))
        if m["r1"] >= cut:
            tail["merged"].append(dict(m, r0=0, r1=m["r1"] - cut, lines=m["lines"][fit:]))
    # A merged cell covering only one row becomes an ordinary cell of that row.
    for part in (head, tail):
        keepm = []
        for m in part["merged"]:
            if m["r0"] == m["r1"]:
                part["rows"][m["r0"]] = {"cells": part["rows"][m["r0"]]["cells"] + [
                    {k: m[k] for k in ("c0", "c1", "lines", "font", "align")}]}
            else:
                keepm.append(m)
        part["merged"] = keepm
    return head, tail


# ---------------------------------------------------------------------------
# drawing


class Painter:
    def __init__(self, c, style, lw=0.5):
        self.c, self.style, self.lw = c, style, lw

    def hline(self, x0, x1, y):
        self._line(x0, y, x1, y, True)

    def vline(self, x, y0, y1, interior=True, col=None):
        if self.style == "hrules":
            return
        if self.style == "partial" and interior and col is not None and col in self.missing:
            return
        self._line(x, y0, x, y1, False)

    def _line(self, x0, y0, x1, y1, horiz):
        c, s = self.c, self.style
        if s == "norules":
            return
        c.setLineWidth(self.lw)
        if s in ("ruled", "hrules", "partial"):
            c.line(x0, y0, x1, y1)
        elif s == "fill":
            w = self.lw
            if horiz:
                c.rect(x0 - w / 2, y0 - w / 2, x1 - x0 + w, w, stroke=0, fill=1)
            else:
                c.rect(x0 - w / 2, min(y0, y1) - w / 2, w, abs(y1 - y0) + w, stroke=0, fill=1)
        elif s == "dashed":
            c.setDash(3, 2)
            c.line(x0, y0, x1, y1)
            c.setDash()
        elif s == "dashes":
            # Every dash its own path (as some producers write dotted borders).
            length = abs(x1 - x0) + abs(y1 - y0)
            t = 0.0
            while t < length:
                e = min(t + 2.0, length)
                if horiz:
                    c.line(min(x0, x1) + t, y0, min(x0, x1) + e, y0)
                else:
                    c.line(x0, min(y0, y1) + t, x0, min(y0, y1) + e)
                t += 3.5
        elif s == "doubled":
            c.setLineWidth(0.4)
            g = 0.9
            if horiz:
                c.line(x0, y0 - g, x1, y1 - g)
                c.line(x0, y0 + g, x1, y1 + g)
            else:
                c.line(x0 - g, y0, x1 - g, y1)
                c.line(x0 + g, y0, x1 + g, y1)


def draw_text_lines(c, lines, font, size, x0, x1, top, align, pad, H):
    lead = size * 1.2
    for k, ln in enumerate(lines):
        base = top + pad + k * lead + size * 0.93
        c.setFont(font, size)
        w = pdfmetrics.stringWidth(ln, font, size)
        if align == "c":
            x = (x0 + x1) / 2 - w / 2
        else:
            x = x0 + pad
        c.drawString(x, H - base, ln)


def render(doc, style, path):
    register_fonts()
    fonts = FONTS[doc.font]
    font, bold, italic = fonts
    W, H = doc.page
    size = doc.size
    pad = 0.35 * size
    lead = size * 1.2
    margin_x, margin_top, margin_bottom = 42.0, 50.0, 56.0
    twidth = W - 2 * margin_x
    colx = [margin_x]
    for (_, _, frac, _) in doc.columns:
        colx.append(colx[-1] + frac * twidth)
    colx[-1] = W - margin_x
    ncols = len(doc.columns)
    c = canvas.Canvas(path, pagesize=doc.page, invariant=1, pageCompression=1)
    c.setTitle(doc.document["title"])
    c.setAuthor("phuluc make_tables.py")
    painter = Painter(c, style)
    # Partial ruling: vertical rules missing at two interior bounds (drawn index = column left).
    painter.missing = {ncols // 2, ncols - 1}
    page_no = [0]
    total_pages = "{total}"

    def furniture(W, H):
        page_no[0] += 1
        if doc.furniture == "top":
            c.setFont(italic, 9)
            c.drawString(margin_x, H - 28, f"Kế hoạch số {doc.document['plan_number']} - Phụ lục")
            c.setFont(font, 10)
            c.drawRightString(W - margin_x, H - 28, f"{page_no[0]}")
        elif doc.furniture == "bottom":
            c.setFont(font, 10)
            c.drawCentredString(W / 2, 30, f"Trang {page_no[0]}")

    # Prose pages (portrait) before the table.
    if doc.prose:
        pw, ph = portrait(A4)
        prose_pages(c, doc, fonts, pw, ph, furniture)
    c.setPageSize(doc.page)

    header_lines = [wrap(h, bold if doc.header_bold else font, size, colx[i + 1] - colx[i] - 2 * pad)
                    for i, (h, _, _, _) in enumerate(doc.columns)]
    header_h = 2 * pad + max(len(l) for l in header_lines) * lead

    def start_page(first):
        furniture(W, H)
        y = margin_top
        if first:
            for kind, text in doc.title_block:
                f = bold if kind == "b" else italic
                c.setFont(f, size + (1 if kind == "b" else 0))
                for ln in wrap(text, f, size + 1, twidth - 40):
                    c.drawCentredString(W / 2, H - (y + size), ln)
                    y += lead + 1
            y += lead
        # Header row.
        hf = bold if doc.header_bold else font
        for i, ls in enumerate(header_lines):
            # Vertically centred in the header.
            off = (header_h - 2 * pad - len(ls) * lead) / 2
            draw_text_lines(c, ls, hf, size, colx[i], colx[i + 1], y + off, "c", pad, H)
        painter.hline(colx[0], colx[-1], H - y)
        painter.hline(colx[0], colx[-1], H - (y + header_h))
        for i, x in enumerate(colx):
            painter.vline(x, H - y, H - (y + header_h), interior=0 < i < ncols, col=i)
        y += header_h
        if getattr(doc, "column_numbers", False):
            # A row of column numbers "(1) (2) …" under the header, as many appendices print.
            num_h = 2 * pad + lead
            for i in range(ncols):
                draw_text_lines(c, [f"({i + 1})"], font, size, colx[i], colx[i + 1], y, "c", pad, H)
            painter.hline(colx[0], colx[-1], H - (y + num_h))
            for i, x in enumerate(colx):
                painter.vline(x, H - y, H - (y + num_h), interior=0 < i < ncols, col=i)
            y += num_h
        return y

    def draw_block(blk, y):
        hs = block_heights(doc, blk)
        tops = [y]
        for h in hs:
            tops.append(tops[-1] + h)
        merged_cols = {}
        for m in blk["merged"]:
            for r in range(m["r0"], m["r1"]):
                merged_cols.setdefault(r, set()).add(m["c0"])
        for ri, row in enumerate(blk["rows"]):
            for cell in row["cells"]:
                draw_text_lines(c, cell["lines"], cell["font"], size, colx[cell["c0"]],
                                colx[cell["c1"] + 1], tops[ri], cell["align"], pad, H)
        for m in blk["merged"]:
            draw_text_lines(c, m["lines"], m["font"], size, colx[m["c0"]], colx[m["c1"] + 1],
                            tops[m["r0"]], m["align"], pad, H)
        # Borders: a horizontal segment under every row per column, except over a merge.
        for ri in range(len(hs)):
            yb = tops[ri + 1]
            for ci in range(ncols):
                if ci in merged_cols.get(ri, set()):
                    continue
                painter.hline(colx[ci], colx[ci + 1], H - yb)
            # Vertical borders of the row: only cell edges.
            edges = {0, ncols}
            for cell in blk["rows"][ri]["cells"]:
                edges.add(cell["c0"])
                edges.add(cell["c1"] + 1)
            for m in blk["merged"]:
                if m["r0"] <= ri <= m["r1"]:
                    edges.add(m["c0"])
                    edges.add(m["c1"] + 1)
            if not blk["section"]:
                edges = set(range(ncols + 1))
            for e in sorted(edges):
                painter.vline(colx[e], H - tops[ri], H - yb, interior=0 < e < ncols, col=e)
        return tops[-1]

    blocks = layout_blocks(doc, colx, fonts)
    y = start_page(True)
    bottom_limit = H - margin_bottom
    i = 0
    first_on_page = True
    while i < len(blocks):
        blk = blocks[i]
        h = sum(block_heights(doc, blk))
        avail = bottom_limit - y
        # A section row is kept with the first line of the row below it.
        need = h + (2 * pad + lead if blk["section"] and i + 1 < len(blocks) else 0)
        if need <= avail:
            y = draw_block(blk, y)
            i += 1
            first_on_page = False
            continue
        if not blk["section"]:
            parts = split_block(doc, blk, avail)
            if parts is not None and parts[1] is not None:
                head, tail = parts
                y = draw_block(head, y)
                blocks[i] = tail
        if first_on_page and blk["section"]:
            y = draw_block(blk, y)
            i += 1
            continue
        c.showPage()
        y = start_page(False)
        first_on_page = True
    if doc.trailer:
        c.showPage()
        pw, ph = portrait(A4)
        c.setPageSize((pw, ph))
        furniture(pw, ph)
        signature_page(c, doc, fonts, pw, ph)
    c.showPage()
    c.save()


PROSE = [
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("h", "1. Mục đích"),
    ("p", "Tiếp tục đẩy mạnh cải cách hành chính, xây dựng nền hành chính dân chủ, chuyên nghiệp, "
          "hiện đại, tinh gọn, hiệu lực, hiệu quả, có năng lực kiến tạo phát triển, liêm chính, phục vụ "
          "Nhân dân. Mục tiêu tổng quát của Kế hoạch là cải thiện chỉ số hài lòng của người dân và "
          "doanh nghiệp, nâng cao thứ hạng các chỉ số PAR Index, SIPAS của tỉnh."),
    ("h", "2. Yêu cầu"),
    ("p", "Các sở, ban, ngành, UBND các huyện, thị xã, thành phố xác định cụ thể nhiệm vụ, giải pháp, "
          "thời gian hoàn thành và kết quả, sản phẩm; phân công rõ cơ quan chủ trì, cơ quan phối hợp "
          "thực hiện; bố trí kinh phí đầy đủ, kịp thời. Thời gian thực hiện các nhiệm vụ theo tiến độ "
          "tại Phụ lục kèm theo."),
    ("h", "II. NHIỆM VỤ, GIẢI PHÁP"),
    ("p", "Thực hiện đồng bộ các nhiệm vụ cải cách thể chế, cải cách thủ tục hành chính, cải cách tổ "
          "chức bộ máy, cải cách chế độ công vụ, cải cách tài chính công và xây dựng chính quyền "
          "điện tử, chính quyền số. Chi tiết nhiệm vụ, giải pháp, cơ quan chủ trì, cơ quan phối hợp, "
          "thời gian hoàn thành và sản phẩm tại Phụ lục kèm theo Kế hoạch này."),
    ("h", "III. KINH PHÍ THỰC HIỆN"),
    ("p", "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành "
          "và các nguồn kinh phí hợp pháp khác. Hằng năm, căn cứ nhiệm vụ được giao, các cơ quan, đơn vị "
          "lập dự toán kinh phí gửi Sở Tài chính thẩm định, trình cấp có thẩm quyền phê duyệt."),
    ("h", "IV. TỔ CHỨC THỰC HIỆN"),
    ("p", "1. Sở Nội vụ là cơ quan thường trực, chủ trì, phối hợp với các cơ quan, đơn vị theo dõi, "
          "đôn đốc, kiểm tra việc thực hiện Kế hoạch; tổng hợp, báo cáo UBND tỉnh kết quả thực hiện "
          "định kỳ 6 tháng, hằng năm."),
    ("p", "2. Các sở, ban, ngành, UBND cấp huyện căn cứ nhiệm vụ được giao tại Phụ lục, xây dựng kế "
          "hoạch chi tiết, bảo đảm tiến độ và chất lượng; ghi chú rõ các nhiệm vụ chuyển tiếp."),
    ("p", "3. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo "
          "cáo, đề xuất UBND tỉnh (qua Sở Nội vụ) xem xét, quyết định./."),
]


def prose_pages(c, doc, fonts, pw, ph, furniture):
    font, bold, italic = fonts
    c.setPageSize((pw, ph))
    size = 13
    lead = size * 1.5
    mx = 70
    for page in range(doc.prose):
        furniture(pw, ph)
        y = 70
        if page == 0:
            for ln in ["ỦY BAN NHÂN DÂN", f"TỈNH {doc.document['province'].upper()}"]:
                c.setFont(bold, size)
                c.drawCentredString(160, ph - y, ln)
                y += lead
            c.setFont(bold, 14)
            y += lead
            c.drawCentredString(pw / 2, ph - y, "KẾ HOẠCH")
            y += lead * 2
        items = PROSE if page == 0 else PROSE[5:]
        for kind, text in items:
            f = bold if kind == "h" else font
            for ln in wrap(text, f, size, pw - 2 * mx - (30 if kind == "p" else 0)):
                if y > ph - 90:
                    break
                c.setFont(f, size)
                c.drawString(mx + (30 if kind == "p" and ln == wrap(text, f, size, pw - 2 * mx - 30)[0] else 0), ph - y, ln)
                y += lead
            y += 4
        c.showPage()


def signature_page(c, doc, fonts, pw, ph):
    font, bold, italic = fonts
    y = 80
    c.setFont(bold, 12)
    c.drawString(70, ph - y, "Nơi nhận:")
    c.setFont(italic, 11)
    for ln in ["- Văn phòng Chính phủ;", "- Bộ Nội vụ;", "- TT Tỉnh ủy, TT HĐND tỉnh;",
               "- Các sở, ban, ngành;", "- Lưu: VT, NV."]:
        y += 15
        c.drawString(70, ph - y, ln)
    c.setFont(bold, 12)
    for k, ln in enumerate(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]):
        c.drawCentredString(420, ph - (80 + 16 * k), ln)
    c.drawCentredString(420, ph - 200, "Nguyễn Văn A")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated document names")
    ap.add_argument("--out", default=os.path.join(ROOT, "fixtures"))
    ap.add_argument("--truth-only", action="store_true", help="write the truth files, not the PDFs")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    os.makedirs(args.out, exist_ok=True)
    for doc in models():
        if only and doc.name not in only:
            continue
        truth = truth_of(doc)
        with open(os.path.join(args.out, f"{doc.name}.truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
            f.write("\n")
        for v in ([] if args.truth_only else doc.variants):
            path = os.path.join(args.out, f"{doc.name}.{v}.pdf")
            render(doc, v, path)
            print(path, len(truth["rows"]), "rows")


if __name__ == "__main__":
    main()
