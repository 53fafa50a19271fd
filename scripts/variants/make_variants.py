#!/usr/bin/env python3
"""Producer variants of the bac-giang-402 fixtures.

Each variant holds the same table content as its source PDF (so the source's
truth file applies unchanged); only the PDF encoding differs: another producer
(Ghostscript, cairo), or a rewrite of the content streams / page dictionaries
with pikepdf that mimics what other producers write.

    python3 scripts/variants/make_variants.py              # make all variants
    python3 scripts/variants/make_variants.py --only word-gs,word-glyphs
    python3 scripts/variants/make_variants.py --verify     # make, then verify
    python3 scripts/variants/make_variants.py --verify-only

Output: fixtures/bac-giang-402.<variant>.pdf.  Needs: ghostscript, poppler-utils
(pdftocairo, pdftotext, pdftoppm), fonts-dejavu-core, and the Python packages in
requirements.txt.  See README.md beside this file.
"""

import argparse
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "fixtures")
STEM = "bac-giang-402"
# Fixed dates/ids so that re-running the generator gives the same bytes where the tools allow it.
EPOCH = "1629504000"  # 2021-08-21, the plan's date
PDF_DATE = "D:20210821000000Z"


def src_path(name):
    return os.path.join(FIX, f"{STEM}.{name}.pdf")


# ---------------------------------------------------------------------------
# small helpers

def num(x, nd=4):
    """A PDF number operand with a bounded number of decimals (no exponent form)."""
    s = f"{float(x):.{nd}f}".rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return Decimal(s)


def fl(o):
    return float(o)


def mat_mul(m1, m2):
    """PDF matrix product m1 x m2 (row-vector convention: p' = p . m1 . m2)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2]


def normalize_save(pdf, out, **kw):
    """Save with fixed dates and a deterministic /ID (content streams untouched)."""
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]  # XMP of gs carries random uuids
    if "/ID" in pdf.trailer:
        del pdf.trailer["/ID"]  # gs writes a random one; qpdf derives a new one from the content
    info = pdf.docinfo
    for k in ("/CreationDate", "/ModDate"):
        if k in info:
            info[k] = pikepdf.String(PDF_DATE)
    pdf.save(out, deterministic_id=True, **kw)


def run(cmd, **kw):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    subprocess.run(cmd, check=True, env=env, **kw)


def rewrite_pages(src, out, fn):
    """Open src, call fn(pdf, page, ops) -> new ops for each page, save to out."""
    pdf = pikepdf.open(src)
    for page in pdf.pages:
        ops = list(pikepdf.parse_content_stream(page))
        new = fn(pdf, page, ops)
        if new is not None:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(new))
    normalize_save(pdf, out)


def parse_tounicode(stream):
    """code (int) -> unicode str, from a simple ToUnicode CMap (bfchar/bfrange)."""
    data = stream.read_bytes().decode("latin-1")
    m = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            m[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith("["):
                for i, d in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", rest)):
                    m[lo + i] = bytes.fromhex(d).decode("utf-16-be")
            else:
                base = bytearray(bytes.fromhex(rest[1:-1]))
                for c in range(lo, hi + 1):
                    m[c] = bytes(base).decode("utf-16-be")
                    base[-1] += 1
    return m


def font_widths(font):
    first = int(font.get("/FirstChar", 0))
    ws = [fl(w) for w in font.get("/Widths", [])]
    missing = fl(font.FontDescriptor.get("/MissingWidth", 0)) if "/FontDescriptor" in font else 0.0
    return lambda c: ws[c - first] if 0 <= c - first < len(ws) else missing


# ---------------------------------------------------------------------------
# 1, 2, 8: external producers

def make_gs(src, out):
    with tempfile.TemporaryDirectory() as td:
        tmp = os.path.join(td, "gs.pdf")
        run(["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", tmp, src])
        normalize_save(pikepdf.open(tmp), out)


def make_cairo(src, out):
    with tempfile.TemporaryDirectory() as td:
        tmp = os.path.join(td, "cairo.pdf")
        # without these flags pdftocairo shrinks each page by 0.99883 to fit its paper and centres it
        run(["pdftocairo", "-pdf", "-origpagesizes", "-noshrink", "-nocenter", src, tmp])
        normalize_save(pikepdf.open(tmp), out)


# ---------------------------------------------------------------------------
# 3: stroked border segments -> thin filled rectangles (Word style)

def make_fillrects(src, out):
    def fn(pdf, page, ops):
        new = []
        stack = []
        st = {"w": 1.0, "J": 0, "RG": [Decimal(0), Decimal(0), Decimal(0)], "RGop": "rg"}
        path = []  # buffered path construction ops
        for operands, op in ops:
            o = str(op)
            if o == "q":
                stack.append(dict(st))
            elif o == "Q":
                st = stack.pop()
            elif o == "w":
                st["w"] = fl(operands[0])
            elif o == "J":
                st["J"] = int(operands[0])
            elif o in ("RG", "G", "K"):
                st["RG"] = list(operands)
                st["RGop"] = {"RG": "rg", "G": "g", "K": "k"}[o]
            if o in ("m", "l"):
                path.append((operands, op))
                continue
            if o == "S" and path and path[0][1] == Operator("m"):
                rects = segments_to_rects(path, st["w"], st["J"])
                if rects is not None:
                    new.append(([], Operator("q")))
                    new.append((st["RG"], Operator(st["RGop"])))
                    for r in rects:
                        new.append(([num(v, 3) for v in r], Operator("re")))
                    new.append(([], Operator("f")))
                    new.append(([], Operator("Q")))
                    path = []
                    continue
            new.extend(path)
            path = []
            new.append((operands, op))
        assert not path
        return new
    rewrite_pages(src, out, fn)


def segments_to_rects(path, w, cap):
    """m/l polyline of axis-parallel segments -> list of (x, y, w, h); None if not possible."""
    pts = []
    rects = []
    for operands, op in path:
        x, y = fl(operands[0]), fl(operands[1])
        if str(op) == "m":
            pts = [(x, y)]
            continue
        x0, y0 = pts[-1]
        pts.append((x, y))
        ext = w / 2 if cap == 2 else 0.0  # projecting cap extends the ends
        if abs(y - y0) < 1e-6:
            lo, hi = min(x0, x), max(x0, x)
            rects.append((lo - ext, y - w / 2, hi - lo + 2 * ext, w))
        elif abs(x - x0) < 1e-6:
            lo, hi = min(y0, y), max(y0, y)
            rects.append((x - w / 2, lo - ext, w, hi - lo + 2 * ext))
        else:
            return None
    return rects or None


# ---------------------------------------------------------------------------
# 4: whole page content in a Form XObject with a non-identity /Matrix

XO_MATRIX = [0.5, 0, 0, 0.5, 10, 20]


def make_xobject(src, out):
    pdf = pikepdf.open(src)
    for page in pdf.pages:
        mb = [fl(v) for v in page.MediaBox]
        body = b"q 2 0 0 2 0 0 cm\n" + page.obj.Contents.read_bytes() + b"\nQ\n"
        form = pdf.make_stream(body)
        form.Type = Name.XObject
        form.Subtype = Name.Form
        # form space = content pre-scaled x2; /Matrix scales it back by 0.5 and shifts by (10, 20)
        form.BBox = Array([num(2 * mb[0]), num(2 * mb[1]), num(2 * mb[2]), num(2 * mb[3])])
        form.Matrix = Array([num(v) for v in XO_MATRIX])
        form.Resources = page.Resources  # fonts live on the form only
        page.obj.Resources = Dictionary(XObject=Dictionary(Fm0=form))
        page.obj.Contents = pdf.make_stream(b"q 1 0 0 1 -10 -20 cm /Fm0 Do Q\n")
    normalize_save(pdf, out)


# ---------------------------------------------------------------------------
# 5: one glyph per Tj at an absolute Tm, space glyphs dropped

def make_glyphs(src, out):
    def fn(pdf, page, ops):
        fonts = page.Resources.get("/Font", Dictionary())
        finfo = {}

        def info(fname):
            if fname not in finfo:
                f = fonts[fname]
                assert f.Subtype in (Name.TrueType, Name.Type1), f.Subtype  # simple fonts only
                tu = parse_tounicode(f.ToUnicode)
                finfo[fname] = (font_widths(f), {c for c, u in tu.items() if u.isspace()})
            return finfo[fname]

        new = []
        ts = {"Tc": 0.0, "Tw": 0.0, "Tz": 100.0, "TL": 0.0, "font": None, "size": 0.0}
        stack = []
        tm = tlm = None
        for operands, op in ops:
            o = str(op)
            if o == "q":
                stack.append(dict(ts))
            elif o == "Q":
                ts = stack.pop()
            elif o == "BT":
                tm = tlm = [1.0, 0, 0, 1.0, 0, 0]
            elif o in ("Tc", "Tw", "Tz", "TL"):
                ts[o] = fl(operands[0])
            elif o == "Tf":
                ts["font"], ts["size"] = str(operands[0]), fl(operands[1])
            # text positioning: consumed, re-emitted as absolute Tm per glyph
            if o in ("Td", "TD"):
                tx, ty = fl(operands[0]), fl(operands[1])
                if o == "TD":
                    ts["TL"] = -ty
                tlm = mat_mul([1, 0, 0, 1, tx, ty], tlm)
                tm = tlm
                continue
            if o == "Tm":
                tm = tlm = [fl(v) for v in operands]
                continue
            if o == "T*":
                tlm = mat_mul([1, 0, 0, 1, 0, -ts["TL"]], tlm)
                tm = tlm
                continue
            if o in ("Tj", "TJ", "'", '"'):
                if o == '"':
                    ts["Tw"], ts["Tc"] = fl(operands[0]), fl(operands[1])
                    new.append(([operands[0]], Operator("Tw")))
                    new.append(([operands[1]], Operator("Tc")))
                if o in ("'", '"'):
                    tlm = mat_mul([1, 0, 0, 1, 0, -ts["TL"]], tlm)
                    tm = tlm
                items = list(operands[0]) if o == "TJ" else [operands[-1]]
                widths, spaces = info(ts["font"])
                th = ts["Tz"] / 100.0
                for it in items:
                    if not isinstance(it, pikepdf.String):
                        tm = mat_mul([1, 0, 0, 1, -fl(it) / 1000.0 * ts["size"] * th, 0], tm)
                        continue
                    for c in bytes(it):
                        if c not in spaces:
                            new.append(([num(v, 5) for v in tm], Operator("Tm")))
                            new.append(([pikepdf.String(bytes([c]))], Operator("Tj")))
                        adv = widths(c) / 1000.0 * ts["size"] + ts["Tc"] + (ts["Tw"] if c == 32 else 0)
                        tm = mat_mul([1, 0, 0, 1, adv * th, 0], tm)
                continue
            new.append((operands, op))
        return new
    rewrite_pages(src, out, fn)


# ---------------------------------------------------------------------------
# 6: prose pages (the plan's body text) in front of the appendix

PROSE_TITLE = "KẾ HOẠCH\nCải cách hành chính tỉnh Bắc Giang giai đoạn 2021-2030"
PROSE = [
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("h", "1. Mục đích"),
    ("p", "Triển khai thực hiện có hiệu quả Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ "
          "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030; xác định "
          "rõ mục tiêu, nhiệm vụ, giải pháp cải cách hành chính của tỉnh trong từng giai đoạn, gắn với "
          "trách nhiệm của người đứng đầu các cơ quan, đơn vị, địa phương."),
    ("p", "Xây dựng nền hành chính dân chủ, chuyên nghiệp, hiện đại, tinh gọn, hiệu lực, hiệu quả, có "
          "năng lực kiến tạo phát triển, liêm chính, phục vụ Nhân dân; lấy sự hài lòng của người dân, "
          "doanh nghiệp làm thước đo chất lượng phục vụ của cơ quan hành chính nhà nước các cấp."),
    ("h", "2. Yêu cầu"),
    ("p", "Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố căn cứ chức năng, nhiệm vụ được "
          "giao chủ động xây dựng kế hoạch cải cách hành chính hằng năm, bố trí đủ nguồn lực và tổ "
          "chức thực hiện đồng bộ, kịp thời các nhiệm vụ; định kỳ đánh giá, báo cáo kết quả thực hiện "
          "theo quy định."),
    ("p", "Cải cách hành chính phải gắn với chuyển đổi số, đổi mới phương thức chỉ đạo, điều hành; "
          "tăng cường kỷ luật, kỷ cương hành chính; đề cao tinh thần trách nhiệm, thái độ phục vụ của "
          "đội ngũ cán bộ, công chức, viên chức."),
    ("h", "II. MỤC TIÊU"),
    ("p", "Đến năm 2030, tiếp tục cải cách mạnh mẽ thể chế, thủ tục hành chính; tổ chức bộ máy hành "
          "chính nhà nước tinh gọn, hoạt động hiệu lực, hiệu quả; đội ngũ cán bộ, công chức, viên chức "
          "có phẩm chất, năng lực và uy tín, đáp ứng yêu cầu nhiệm vụ; chính quyền điện tử, chính quyền "
          "số được xây dựng và phát triển, góp phần thúc đẩy phát triển kinh tế - xã hội của tỉnh."),
    ("pb", ""),
    ("h", "III. NHIỆM VỤ, GIẢI PHÁP"),
    ("p", "Các nhiệm vụ, giải pháp cụ thể được xác định theo sáu nội dung: cải cách thể chế; cải cách "
          "thủ tục hành chính; cải cách tổ chức bộ máy hành chính nhà nước; cải cách chế độ công vụ; "
          "cải cách tài chính công; xây dựng và phát triển chính quyền điện tử, chính quyền số. Mục "
          "tiêu, nhiệm vụ, hoạt động, kết quả, cơ quan chủ trì, cơ quan phối hợp, thời gian thực hiện "
          "và kinh phí của từng nội dung được nêu tại Phụ lục kèm theo Kế hoạch này."),
    ("h", "IV. TỔ CHỨC THỰC HIỆN"),
    ("p", "Sở Nội vụ là cơ quan thường trực, có trách nhiệm hướng dẫn, theo dõi, đôn đốc, kiểm tra việc "
          "thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 15 "
          "tháng 12 hằng năm. Sở Tài chính tham mưu bố trí kinh phí thực hiện các nhiệm vụ theo phân "
          "cấp ngân sách hiện hành."),
    ("p", "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương phản "
          "ánh về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định./."),
]


def make_prose_pdf(path):
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab import rl_config
    rl_config.invariant = 1  # deterministic output
    ddir = "/usr/share/fonts/truetype/dejavu"
    pdfmetrics.registerFont(TTFont("DejaVuSans", os.path.join(ddir, "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", os.path.join(ddir, "DejaVuSans-Bold.ttf")))
    body = ParagraphStyle("b", fontName="DejaVuSans", fontSize=11, leading=15, alignment=TA_JUSTIFY,
                          firstLineIndent=10 * mm, spaceAfter=6)
    head = ParagraphStyle("h", fontName="DejaVuSans-Bold", fontSize=11, leading=15, spaceBefore=4, spaceAfter=4)
    title = ParagraphStyle("t", fontName="DejaVuSans-Bold", fontSize=13, leading=18, alignment=TA_CENTER)
    small = ParagraphStyle("s", fontName="DejaVuSans", fontSize=10, leading=13, alignment=TA_CENTER)
    story = [Paragraph("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", small),
             Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc", small),
             Paragraph("Số: 402/KH-UBND &nbsp;&nbsp;&nbsp; Bắc Giang, ngày 21 tháng 8 năm 2021", small),
             Spacer(1, 8 * mm)]
    for line in PROSE_TITLE.split("\n"):
        story.append(Paragraph(line, title))
    story.append(Spacer(1, 6 * mm))
    for kind, text in PROSE:
        if kind == "pb":
            story.append(PageBreak())
        else:
            story.append(Paragraph(text, head if kind == "h" else body))
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=30 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title="Kế hoạch 402/KH-UBND",
                            invariant=1)
    doc.build(story)


PROSE_PAGES = 2


def make_prose(src, out):
    with tempfile.TemporaryDirectory() as td:
        p = os.path.join(td, "prose.pdf")
        make_prose_pdf(p)
        prose = pikepdf.open(p)
        assert len(prose.pages) == PROSE_PAGES, len(prose.pages)
        pdf = pikepdf.open(src)
        for i in reversed(range(len(prose.pages))):
            pdf.pages.insert(0, prose.pages[i])
        normalize_save(pdf, out)


# ---------------------------------------------------------------------------
# 7: portrait storage + /Rotate 90; and a CropBox offset

def make_rotated(src, out):
    pdf = pikepdf.open(src)
    for page in pdf.pages:
        x0, y0, x1, y1 = [fl(v) for v in page.MediaBox]
        assert (x0, y0) == (0, 0)
        W, H = x1, y1  # displayed (landscape) size
        # stored page is H wide, W tall; viewer turns it 90 deg clockwise for display.
        # displayed (x, y) <- stored (u, v) = (H - y, x)
        page.obj.MediaBox = Array([0, 0, num(H, 6), num(W, 6)])
        page.obj.Rotate = 90
        body = page.obj.Contents.read_bytes()
        page.obj.Contents = pdf.make_stream(b"q 0 1 -1 0 " + str(num(H, 6)).encode() + b" 0 cm\n" + body + b"\nQ\n")
    normalize_save(pdf, out)


CROP_DX, CROP_DY = 30.0, 45.0


def make_cropbox(src, out):
    pdf = pikepdf.open(src)
    for page in pdf.pages:
        x0, y0, x1, y1 = [fl(v) for v in page.MediaBox]
        # content shifted by (dx, dy); MediaBox grown (with stray marks outside the crop);
        # the CropBox shows exactly the original page, so its origin is not (0, 0)
        page.obj.MediaBox = Array([num(-20), num(-15), num(x1 + 2 * CROP_DX + 20), num(y1 + 2 * CROP_DY + 15)])
        page.obj.CropBox = Array([num(CROP_DX), num(CROP_DY), num(x1 + CROP_DX, 6), num(y1 + CROP_DY, 6)])
        body = page.obj.Contents.read_bytes()
        # crop marks outside the CropBox (invisible in viewers, present in the content)
        marks = (b"q 0.25 w 0 0 0 RG 0 %s m 20 %s l S %s 0 m %s 20 l S Q\n"
                 % (str(num(CROP_DY)).encode(), str(num(CROP_DY)).encode(),
                    str(num(CROP_DX)).encode(), str(num(CROP_DX)).encode()))
        page.obj.Contents = pdf.make_stream(
            marks + b"q 1 0 0 1 " + str(num(CROP_DX)).encode() + b" " + str(num(CROP_DY)).encode()
            + b" cm\n" + body + b"\nQ\n")
    normalize_save(pdf, out)


# ---------------------------------------------------------------------------
# 9: simple TrueType fonts -> Type0 / Identity-H (CIDFontType2, CID = GID)

def make_type0(src, out):
    from fontTools.ttLib import TTFont as FTFont
    pdf = pikepdf.open(src)
    done = {}  # objgen of the simple font -> (type0 font, code -> gid)

    def convert(font):
        key = font.objgen
        if key in done:
            return done[key]
        if font.Subtype == Name.Type0:  # resources shared with a page already converted
            return next(v for v in done.values() if v[0].objgen == key)
        tt = FTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
        cmap = None
        for t in tt["cmap"].tables:
            if (t.platformID, t.platEncID) in ((3, 0), (1, 0)):
                cmap = t.cmap
                if t.platformID == 3:
                    # (3,0) symbol cmap: codes live at 0xF000 + code
                    cmap = {c & 0xFF: g for c, g in t.cmap.items()}
                break
        assert cmap is not None
        widths = font_widths(font)
        first, last = int(font.FirstChar), int(font.LastChar)
        code2gid = {}
        gidw = {}
        for c in range(first, last + 1):
            if c in cmap:
                g = tt.getGlyphID(cmap[c])
                code2gid[c] = g
                gidw[g] = widths(c)
        tu = parse_tounicode(font.ToUnicode)
        # /W: runs of consecutive GIDs; equal widths as `c1 c2 w`, otherwise `c [w ...]`
        W = []
        gids = sorted(gidw)
        i = 0
        while i < len(gids):
            j = i
            while j + 1 < len(gids) and gids[j + 1] == gids[j] + 1:
                j += 1
            run_ = gids[i:j + 1]
            ws = [gidw[g] for g in run_]
            if len(run_) > 1 and len(set(ws)) == 1:
                W += [run_[0], run_[-1], num(ws[0])]
            else:
                W += [run_[0], Array([num(w) for w in ws])]
            i = j + 1
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        pairs = sorted((code2gid[c], u) for c, u in tu.items() if c in code2gid)
        for k in range(0, len(pairs), 100):
            chunk = pairs[k:k + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            lines += [f"<{g:04X}> <{u.encode('utf-16-be').hex().upper()}>" for g, u in chunk]
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        tounicode = pdf.make_stream("\n".join(lines).encode())
        desc = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=font.BaseFont,
            CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"),
                                     Supplement=0),
            FontDescriptor=font.FontDescriptor, DW=1000, W=Array(W), CIDToGIDMap=Name.Identity))
        t0 = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type0, BaseFont=font.BaseFont, Encoding=Name("/Identity-H"),
            DescendantFonts=Array([desc]), ToUnicode=tounicode))
        done[key] = (t0, code2gid)
        return done[key]

    for page in pdf.pages:
        fonts = page.Resources.Font
        maps = {}
        newfonts = Dictionary()
        for name, f in fonts.items():
            t0, c2g = convert(f)
            newfonts[name] = t0
            maps[name] = c2g
        page.Resources.Font = newfonts
        cur = None
        new = []
        stack = []
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o == "q":
                stack.append(cur)
            elif o == "Q":
                cur = stack.pop()
            elif o == "Tf":
                cur = str(operands[0])
            elif o == "Tw":
                assert fl(operands[0]) == 0, "Tw would stop applying to code 32"

            def enc(s):
                return pikepdf.String(b"".join(maps[cur][c].to_bytes(2, "big") for c in bytes(s)))
            if o in ("Tj", "'", '"'):
                operands = list(operands[:-1]) + [enc(operands[-1])]
            elif o == "TJ":
                operands = [Array([enc(x) if isinstance(x, pikepdf.String) else x for x in operands[0]])]
            new.append((operands, op))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(new))
    pdf.remove_unreferenced_resources()
    normalize_save(pdf, out)


# ---------------------------------------------------------------------------

# name -> (source fixture, maker, number of extra pages in front)
VARIANTS = {
    "word-gs": ("word", make_gs, 0),
    "word-cairo": ("word", make_cairo, 0),
    "word-fillrects": ("word", make_fillrects, 0),
    "word-xobject": ("word", make_xobject, 0),
    "word-glyphs": ("word", make_glyphs, 0),
    "word-prose": ("word", make_prose, PROSE_PAGES),
    "word-rotated": ("word", make_rotated, 0),
    "word-cropbox": ("word", make_cropbox, 0),
    "word-type0": ("word", make_type0, 0),
    "dejavu-gs": ("word-dejavu", make_gs, 0),
    "dejavu-cairo": ("word-dejavu", make_cairo, 0),
}


# ---------------------------------------------------------------------------
# verification

# Producers that merge several cells' lines into one text run (big TJ kerns between cells) change
# pdftotext's reading order although every glyph sits where it sat: for them the order check only informs.
# pdftocairo (poppler 22) lays the page on a paper whose height is rounded up to whole points:
# everything moves up by the rounding (0.696 pt on A4): same cells, all positions moved by one translation.
# Within its long merged runs cairo rounds each TJ adjustment to 1/1000 em, so glyph x positions drift
# by up to ~0.5 pt along a run (never enough to leave a cell).
AFFINE_OK = {"word-cairo", "dejavu-cairo"}
POS_TOL = {"word-cairo": 0.6, "dejavu-cairo": 0.6}
ORDER_STRICT = {"word-gs": False, "word-cairo": False, "dejavu-gs": False, "dejavu-cairo": False}

def pdftotext_pages(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and pages[-1].strip() == "":
        pages = pages[:-1]
    return pages


def first_diff(a, b, ctx=30):
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return f"at {i}: src …{a[max(0, i - ctx):i + ctx]!r}… var …{b[max(0, i - ctx):i + ctx]!r}…"


def plumber_chars(path):
    """Per page: (text, x, baseline) of every non-space char, in the displayed page's
    coordinates (origin at the CropBox's top-left, y down), from pdfplumber's text matrices."""
    import pdfplumber
    boxes = []
    with pikepdf.open(path) as pdf:
        for pg in pdf.pages:
            mb = [fl(v) for v in pg.MediaBox]
            cb = [fl(v) for v in pg.obj.get("/CropBox", pg.MediaBox)]
            boxes.append((mb, cb, int(pg.obj.get("/Rotate", 0)) % 360))
    res = []
    with pdfplumber.open(path) as doc:
        for p, (mb, cb, rot) in zip(doc.pages, boxes):
            chars = []
            for c in p.chars:
                if c["text"].isspace():
                    continue
                mx, my = c["matrix"][4], c["matrix"][5]
                if rot == 0:  # pdfminer's device space has its origin at the MediaBox's corner
                    x, y = mx - (cb[0] - mb[0]), cb[3] - (my + mb[1])
                elif rot == 90:  # device space is the displayed page (CropBox = MediaBox here)
                    assert cb == mb
                    x, y = mx, (mb[2] - mb[0]) - my
                else:
                    raise NotImplementedError(rot)
                chars.append((c["text"], x, y))
            res.append(chars)
    return res


def _nearest(src, pts_of, tol):
    """pairs (variant point, nearest same-text source point) for chars of src, and the worst distance."""
    import numpy as np
    pairs, worst = [], 0.0
    for ch, x, y in src:
        arr = pts_of.get(ch)
        if arr is None:
            return [], float("inf")
        d = np.sqrt(((arr - (x, y)) ** 2).sum(axis=1))
        i = int(d.argmin())
        worst = max(worst, float(d[i]))
        if d[i] <= tol:
            pairs.append(((x, y), tuple(arr[i])))
    return pairs, worst


def pos_check(sc, vc):
    """Max distance of each char to the nearest same-text char on the same page of the other file
    (both ways); then the same after fitting x' = a x + c, y' = b y + d over the document."""
    import numpy as np

    def index(chars, f=lambda x, y: (x, y)):
        by = {}
        for ch, x, y in chars:
            by.setdefault(ch, []).append(f(x, y))
        return {k: np.array(v) for k, v in by.items()}
    raw, pairs = 0.0, []
    for a, b in zip(sc, vc):
        p1, w1 = _nearest(b, index(a), 3.0)
        _, w2 = _nearest(a, index(b), 3.0)
        raw = max(raw, w1, w2)
        pairs += p1
    if not pairs:
        return raw, raw, (1, 0, 1, 0)
    v = np.array([p[0] for p in pairs])
    s = np.array([p[1] for p in pairs])
    ax, cx = np.polyfit(v[:, 0], s[:, 0], 1)  # variant -> source
    ay, cy = np.polyfit(v[:, 1], s[:, 1], 1)
    fit = 0.0
    for a, b in zip(sc, vc):
        b2 = [(ch, ax * x + cx, ay * y + cy) for ch, x, y in b]
        _, w1 = _nearest(b2, index(a), 1e9)
        _, w2 = _nearest(a, index(b2), 1e9)
        fit = max(fit, w1, w2)
    return raw, fit, (ax, cx, ay, cy)


def render(path, page, td, tag):
    base = os.path.join(td, tag)
    subprocess.run(["pdftoppm", "-cropbox", "-r", "50", "-gray", "-f", str(page), "-l", str(page), "-png", path, base],
                   check=True)
    f = [x for x in os.listdir(td) if x.startswith(tag) and x.endswith(".png")][0]
    return os.path.join(td, f)


def image_diff(a, b):
    from PIL import Image, ImageChops
    ia, ib = Image.open(a).convert("L"), Image.open(b).convert("L")
    if ia.size != ib.size:
        return f"size {ia.size} vs {ib.size}"
    d = ImageChops.difference(ia, ib)
    hist = d.histogram()
    n = ia.size[0] * ia.size[1]
    mean = sum(i * h for i, h in enumerate(hist)) / n
    big = sum(hist[65:]) / n
    return f"mean |diff| {mean:.3f}/255, pixels diff>64: {100 * big:.3f}%"


def verify(name, keep_images=None):
    srcname, _, extra = VARIANTS[name]
    src, var = src_path(srcname), src_path(name)
    ok = True
    report = [f"== {name} (from {srcname})"]
    # (a) pdftotext, per page, whitespace removed (strict) / whitespace collapsed (informational)
    sp, vp = pdftotext_pages(src), pdftotext_pages(var)
    if len(vp) != len(sp) + extra:
        report.append(f"  pages: {len(vp)} vs {len(sp)}+{extra}  FAIL")
        ok = False
    vp_tab = vp[extra:]
    nows = lambda s: re.sub(r"\s+", "", s)
    coll = lambda s: re.sub(r"\s+", " ", s).strip()
    bad = [i for i, (a, b) in enumerate(zip(sp, vp_tab)) if nows(a) != nows(b)]
    badc = [i for i, (a, b) in enumerate(zip(sp, vp_tab)) if coll(a) != coll(b)]
    badm = [i for i, (a, b) in enumerate(zip(sp, vp_tab)) if sorted(nows(a)) != sorted(nows(b))]
    if badm:
        ok = False
        report.append(f"  pdftotext chars (as a multiset, per page): {len(badm)} pages differ, first p{badm[0] + 1}  FAIL")
    else:
        report.append("  pdftotext chars (as a multiset, per page): equal")
    if bad:
        i = bad[0]
        report.append(f"  pdftotext (no whitespace, in pdftotext's order): {len(bad)} pages differ, first p{i + 1} "
                      + first_diff(nows(sp[i]), nows(vp_tab[i])) + ("" if not ORDER_STRICT.get(name, True) else "  FAIL"))
        ok = ok and not ORDER_STRICT.get(name, True)
    else:
        report.append(f"  pdftotext (no whitespace, in pdftotext's order): all {len(sp)} table pages equal")
    if badc:
        i = badc[0]
        report.append(f"  pdftotext (whitespace collapsed): {len(badc)} pages differ (info), first p{i + 1} "
                      + first_diff(coll(sp[i]), coll(vp_tab[i])))
    else:
        report.append("  pdftotext (whitespace collapsed): equal")
    for k in range(extra):
        report.append(f"  prose page {k + 1}: {len(nows(vp[k]))} non-space chars of text")
    # (c) pdfplumber: non-space char count per page, and char positions
    sc, vc = plumber_chars(src), plumber_chars(var)[extra:]
    cnt_bad = [i for i, (a, b) in enumerate(zip(sc, vc)) if len(a) != len(b)]
    if cnt_bad:
        ok = False
        i = cnt_bad[0]
        report.append(f"  pdfplumber char count: {len(cnt_bad)} pages differ, first p{i + 1} "
                      f"{len(sc[i])} vs {len(vc[i])}  FAIL")
    else:
        report.append(f"  pdfplumber non-space chars: equal on every page ({sum(map(len, sc))})")
    raw, fit, (ax, cx, ay, cy) = pos_check(sc, vc)
    report.append(f"  pdfplumber char positions: max deviation {raw:.3f} pt; after fitting "
                  f"x'={ax:.6f}x{cx:+.3f}, y'={ay:.6f}y{cy:+.3f}: {fit:.3f} pt")
    if fit > POS_TOL.get(name, 0.05) or (raw > 0.05 and name not in AFFINE_OK):
        ok = False
        report.append("  positions FAIL")
    # (b) rendering of page 2
    with tempfile.TemporaryDirectory() as td:
        a = render(src, 2, td, "src")
        b = render(var, 2 + extra, td, "var")
        report.append("  render p2 @50dpi: " + image_diff(a, b))
        if keep_images:
            os.makedirs(keep_images, exist_ok=True)
            shutil.copy(a, os.path.join(keep_images, f"{srcname}-p2.png"))
            shutil.copy(b, os.path.join(keep_images, f"{name}-p2.png"))
    report.append("  OK" if ok else "  FAILED")
    print("\n".join(report), flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated variant names")
    ap.add_argument("--verify", action="store_true", help="verify after making")
    ap.add_argument("--verify-only", action="store_true", help="verify existing files, make nothing")
    ap.add_argument("--images", help="keep the page-2 renderings in this directory")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(VARIANTS)
    for n in names:
        if n not in VARIANTS:
            sys.exit(f"unknown variant {n}; known: {', '.join(VARIANTS)}")
    if not args.verify_only:
        for n in names:
            srcname, maker, _ = VARIANTS[n]
            maker(src_path(srcname), src_path(n))
            print(f"made {os.path.relpath(src_path(n), ROOT)} ({os.path.getsize(src_path(n))} bytes)", flush=True)
    if args.verify or args.verify_only:
        results = {n: verify(n, args.images) for n in names}
        failed = [n for n, ok in results.items() if not ok]
        print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
