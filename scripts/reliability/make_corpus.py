#!/usr/bin/env python3
"""Generates the broken and hostile PDF corpus of tests/corpus/broken/ (issue 5).

    python3 scripts/reliability/make_corpus.py            # needs pikepdf (pip install pikepdf)

Every file is derived deterministically from fixtures/bac-giang-402.word.pdf or written from
scratch. The expected outcome of each file lives in tests/corpus/broken/expected.json, which is
maintained by hand (this script does not overwrite it; it warns about files the manifest lacks).
tests/reliability.rs runs the `phuluc` command on every file and checks that outcome.

Deterministic: no randomness without a fixed seed, fixed /ID, no timestamps.
"""

import io
import json
import os
import random
import re
import sys
import zlib

import pikepdf

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
SRC = os.path.join(ROOT, "fixtures", "bac-giang-402.word.pdf")
OUT = os.path.join(ROOT, "tests", "corpus", "broken")


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def save(pdf, **kw):
    buf = io.BytesIO()
    kw.setdefault("deterministic_id", True)
    pdf.save(buf, **kw)
    return buf.getvalue()


def original():
    with open(SRC, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- PDFs written from scratch


def assemble(objects, trailer_extra=b"", header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"):
    """A classic PDF from {num: body bytes}; the xref is correct, /Root is 1 0 R."""
    out = bytearray(header)
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        if num in offsets:
            out += b"%010d 00000 n \n" % offsets[num]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        trailer_extra,
        xref,
    )
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(content, resources=b"<< /Font << /F1 4 0 R >> >>", more=None, compress=False):
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents 5 0 R >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    if compress:
        objs[5] = stream(zlib.compress(content, 9), b"/Filter /FlateDecode ")
    else:
        objs[5] = stream(content)
    objs.update(more or {})
    return assemble(objs)


def prose_page():
    lines = [
        "KE HOACH Thuc hien cai cach hanh chinh nam 2024",
        "Can cu Nghi quyet so 76/NQ-CP ngay 15/7/2021 cua Chinh phu;",
        "Uy ban nhan dan tinh ban hanh Ke hoach nhu sau:",
        "I. MUC DICH, YEU CAU",
        "Day manh cai cach hanh chinh, nang cao chat luong phuc vu nguoi dan.",
        "II. NHIEM VU TRONG TAM",
        "Cac so, ban, nganh chu dong trien khai thuc hien ke hoach nay.",
    ]
    ops = [b"BT /F1 11 Tf 72 780 Td 14 TL"]
    for line in lines:
        ops.append(b"(" + line.encode() + b") Tj T*")
    ops.append(b"ET")
    return one_page(b"\n".join(ops))


def image_only():
    # A 200x100 grey image drawn over the page: what a scanner produces (no text at all).
    w, h = 200, 100
    pixels = bytes((x * 7 + y * 3) % 256 for y in range(h) for x in range(w))
    img = stream(
        zlib.compress(pixels, 9),
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode " % (w, h),
    )
    return one_page(
        b"q 595 0 0 842 0 0 cm /Im1 Do Q",
        resources=b"<< /XObject << /Im1 6 0 R >> >>",
        more={6: img},
    )


def zip_bomb():
    # 1 GiB of spaces, deflated twice: a few kilobytes that inflate to a gigabyte.
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    first = bytearray()
    for _ in range(1024):
        first += z.compress(chunk)
    first += z.flush()
    twice = zlib.compress(bytes(first), 9)
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
        5: stream(twice, b"/Filter [/FlateDecode /FlateDecode] "),
    }
    return assemble(objs)


def million_text_ops():
    # One page with 1 000 000 one-glyph text-showing operators.
    body = b"BT /F1 1 Tf " + b"(a)Tj\n" * 1_000_000 + b"ET"
    return one_page(body, compress=True)


def million_moves():
    # 1 000 000 text-positioning operators that draw nothing, then one line of prose.
    body = b"BT /F1 10 Tf " + b"0 0 Td\n" * 1_000_000 + b"(Khong co bang nao o day.) Tj ET"
    return one_page(body, compress=True)


def page_tree_cycle():
    return assemble(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
            # an intermediate node whose kid is its own parent's parent
            6: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 1 >>",
        }
    )


def self_reference():
    # Objects that are, or lead only to, themselves: /Contents, /Resources, /Length, /Font.
    return assemble(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox 7 0 R /Resources 8 0 R "
            b"/Contents [5 0 R 9 0 R 5 0 R] >>",
            5: b"<< /Length 5 0 R >>\nstream\nBT /F1 12 Tf 72 700 Td (x) Tj ET\nendstream",
            7: b"7 0 R",
            8: b"<< /Font << /F1 10 0 R >> /XObject << /X 11 0 R >> /Self 8 0 R >>",
            9: b"9 0 R",
            10: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 10 0 R "
            b"/ToUnicode 10 0 R /Widths 10 0 R /FirstChar 10 0 R >>",
            11: b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources 8 0 R "
            b"/Length 8 >>\nstream\n/X Do  \nendstream",
        }
    )


def many_streams():
    """One page of 40 Flate content streams of 3 MiB each (comments), then a word: 120 MiB of
    content on one page, under the 128 MiB page limit (issue 15, item 12: the streams were
    joined before being read, 388 MB peak)."""
    line = b"%" + b"x" * 1022 + b"\n"
    z = zlib.compress(line * 3072, 9)
    objs = {i: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream" for i in range(10, 50)}
    word = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"
    objs[50] = stream(word)
    kids = b" ".join(b"%d 0 R" % i for i in range(10, 51))
    objs.update(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents [" + kids + b"] >>",
            4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        }
    )
    return assemble(objs)


def deep_nesting():
    # 50 000-deep arrays and dictionaries in the object syntax and 100 000-deep arrays,
    # 10 000 nested q and 5 000 nested BT in the content.
    deep_arr = b"[" * 50_000 + b"]" * 50_000
    deep_dict = b"<< /A " * 20_000 + b"1" + b" >>" * 20_000
    content = (
        b"[" * 100_000
        + b"]" * 100_000
        + b" q" * 10_000
        + b" BT" * 5_000
        + b" /F1 12 Tf 72 700 Td (deep) Tj"
        + b" ET" * 5_000
        + b" Q" * 10_000
    )
    return one_page(
        content,
        compress=True,
        more={6: deep_arr, 7: deep_dict},
    )


# ------------------------------------------------------------------------ damaged fixtures


def truncations(data):
    n = len(data)
    write("trunc-header.pdf", data[:512])
    write("trunc-10pct.pdf", data[: n // 10])
    write("trunc-50pct.pdf", data[: n // 2])
    write("trunc-90pct.pdf", data[: n * 9 // 10])
    # only the trailer is cut: startxref/%%EOF missing, every object intact
    write("trunc-no-trailer.pdf", data[: data.rfind(b"trailer")])


def stream_spans(data):
    spans = []
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        if end > 0:
            spans.append((m.end(), end))
    return spans


def flips(data):
    rng = random.Random(5)
    # bytes flipped inside (compressed) content streams: those pages lose their text
    spans = [s for s in stream_spans(data) if s[1] - s[0] > 2000]
    buf = bytearray(data)
    for start, end in spans[:3]:
        for _ in range(6):
            i = rng.randrange(start + 20, end - 20)
            buf[i] ^= 0xFF
    write("flip-stream.pdf", bytes(buf))
    # object syntax damaged: some "obj"/"endobj" keywords and dictionary brackets broken
    buf = bytearray(data)
    hits = [m.start() for m in re.finditer(rb"\d+ 0 obj", data)]
    for pos in hits[5:60:6]:
        buf[pos : pos + 1] = b"#"
    for m in list(re.finditer(rb">>", data))[10:200:25]:
        buf[m.start()] = ord("}")
    write("flip-syntax.pdf", bytes(buf))


def xref_damage(data):
    start = data.rfind(b"xref")
    end = data.find(b"trailer", start)
    table = data[start:end]
    shifted = re.sub(
        rb"(\d{10}) (\d{5}) n",
        lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)),
        table,
    )
    write("xref-shifted.pdf", data[:start] + shifted + data[end:])
    garbage = re.sub(rb"\d", b"9", table)
    write("xref-garbage.pdf", data[:start] + garbage + data[end:])
    # no xref table at all, and startxref pointing nowhere
    no_xref = data[:start] + data[end:]
    no_xref = re.sub(rb"startxref\s+\d+", b"startxref\n999999999", no_xref)
    write("xref-missing.pdf", no_xref)


def wrong_lengths(data):
    # Every stream length object (LibreOffice writes /Length n 0 R) off by +50 or -50.
    def fix(m):
        v = int(m.group(2))
        return m.group(1) + str(v + 50 if int(m.group(0)[:1]) % 2 else max(1, v - 50)).encode()

    out = re.sub(rb"(\d+ 0 obj\s*)(\d+)(?=\s*endobj)", lambda m: fix(m), data)
    write("wrong-length.pdf", out)


def incremental(data):
    """The base revision has page 5's content replaced by an empty stream; an incremental
    update restores it. A reader that honours the last revision sees the whole table."""
    pdf = pikepdf.open(io.BytesIO(data))
    page = pdf.pages[4]
    contents = page.obj["/Contents"]
    num = contents.objgen[0]
    raw = contents.read_raw_bytes()
    filt = contents.get("/Filter")
    base = original_bytes = data
    # base: same file, but the stream data of object `num` is emptied (classic xref kept)
    m = re.search(rb"(?<![0-9])%d 0 obj" % num, base)
    s = base.find(b"stream", m.end())
    e = base.find(b"endstream", s)
    body_start = base.find(b"\n", s) + 1
    blank = b"q Q" + b" " * (e - body_start - 3 - 1) + b"\n"
    # keep every offset: same length, uncompressed blank content, the /Filter dropped by
    # writing spaces over it
    head = base[m.end() : s].replace(b"/Filter/FlateDecode", b" " * len(b"/Filter/FlateDecode"))
    damaged = base[: m.end()] + head + base[s:body_start] + blank + base[e:]
    assert len(damaged) == len(original_bytes)
    startxref = int(re.findall(rb"startxref\s+(\d+)", damaged)[-1])
    size = int(re.findall(rb"/Size (\d+)", damaged)[-1])
    root = re.findall(rb"/Root (\d+ 0 R)", damaged)[-1]
    upd = bytearray(b"\n")
    off = len(damaged) + len(upd)
    upd += b"%d 0 obj\n<< /Length %d /Filter %s >>\nstream\n" % (num, len(raw), str(filt).encode())
    upd += raw + b"\nendstream\nendobj\n"
    xref = len(damaged) + len(upd)
    upd += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (num, off)
    upd += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        root,
        startxref,
        xref,
    )
    write("incremental-update.pdf", damaged + bytes(upd))


def structures(data):
    pdf = pikepdf.open(io.BytesIO(data))
    write(
        "object-streams.pdf",
        save(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate),
    )
    pdf = pikepdf.open(io.BytesIO(data))
    write("linearized.pdf", save(pdf, linearize=True))
    for name, enc in [
        ("encrypted-empty-aes128.pdf", pikepdf.Encryption(owner="owner", user="", R=4, aes=True)),
        ("encrypted-empty-rc4.pdf", pikepdf.Encryption(owner="owner", user="", R=3, aes=False, metadata=False)),
        ("encrypted-empty-aes256.pdf", pikepdf.Encryption(owner="owner", user="", R=6)),
        ("encrypted-user-password.pdf", pikepdf.Encryption(owner="owner", user="secret", R=4)),
    ]:
        pdf = pikepdf.open(io.BytesIO(data))
        # encryption salts are random, so these files differ from run to run
        write(name, save(pdf, encryption=enc, deterministic_id=False, static_id=True))


def broken_cmap(data):
    """Two kinds of ToUnicode damage.

    broken-tounicode.pdf: every /ToUnicode CMap gets a garbage line in the middle of its first
    bf section and loses its ending (endcmap …): the entries around the damage still work.
    tounicode-garbage.pdf: the first font's /ToUnicode is not a CMap at all: that font falls
    back to its encoding (which for these subset TrueType fonts gives the wrong letters).
    """
    pdf = pikepdf.open(io.BytesIO(data))
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            tu = font.get("/ToUnicode")
            if tu is None or tu.objgen in seen:
                continue
            seen.add(tu.objgen)
            cmap = tu.read_bytes()
            sec = cmap.find(b"beginbf")
            lines = cmap[sec:].split(b"\n")
            mid = max(2, len(lines) // 2)
            lines.insert(mid, b"<0G> <zz> @@ \x00\xff >> ] garbage")
            body = b"\n".join(lines)
            tail = body.find(b"endcmap")
            if tail > 0:
                body = body[:tail]
            tu.write(cmap[:sec] + body)
    write("broken-tounicode.pdf", save(pdf, object_stream_mode=pikepdf.ObjectStreamMode.disable))

    pdf = pikepdf.open(io.BytesIO(data))
    fonts = pdf.pages[0].obj["/Resources"]["/Font"]
    for _, font in fonts.items():
        if "/ToUnicode" in font:
            font["/ToUnicode"].write(b"\x00\x01 this is not a CMap ] >> endbfrange" * 20)
            break
    write("tounicode-garbage.pdf", save(pdf, object_stream_mode=pikepdf.ObjectStreamMode.disable))


def xref_entry(data, num):
    """Offset of object `num`'s 20-byte entry in the (single, classic) xref table."""
    start = data.rfind(b"\nxref\n") + 1
    m = re.match(rb"xref\r?\n0 (\d+)\r?\n", data[start:])
    return start + m.end() + 20 * num


def obj_span(data, num):
    m = re.search(rb"(?<![0-9])%d 0 obj" % num, data)
    return m.start(), data.find(b"endobj", m.end()) + 6


def stream_data(data, num):
    s, _ = obj_span(data, num)
    st = data.find(b"stream", s) + 6
    st += 2 if data[st : st + 2] == b"\r\n" else 1
    return st, data.find(b"endstream", st)


# The content streams of pages 2, 3, 4 of the fixture and their indirect /Length objects.
CONTENTS = [5, 8, 11]
LENGTHS = [6, 9, 12]


def issue15(data):
    """Damage that qpdf and pdftotext recover (issue 15, item 4); every file keeps its size,
    so the xref stays right."""
    # /Length n 0 R unusable: the length objects freed in the xref ...
    b = bytearray(data)
    for n in LENGTHS:
        i = xref_entry(data, n)
        b[i + 17 : i + 18] = b"f"
    write("length-freed.pdf", bytes(b))
    # ... their values garbage ...
    b = bytearray(data)
    for n in LENGTHS:
        s, e = obj_span(data, n)
        b[s:e] = re.sub(rb"obj\n(\d+)\n", lambda m: b"obj\n" + b"x" * len(m.group(1)) + b"\n", data[s:e])
    write("length-garbage.pdf", bytes(b))
    # ... their xref offsets shifted into another object ...
    b = bytearray(data)
    for n in LENGTHS:
        i = xref_entry(data, n)
        b[i : i + 10] = b"%010d" % (int(data[i : i + 10]) + 40)
    write("length-shifted.pdf", bytes(b))
    # ... or pointing at another object: a page dictionary, another stream's length
    other = (
        data.replace(b"/Length 6 0 R", b"/Length 4 0 R")
        .replace(b"/Length 9 0 R", b"/Length 3 0 R")
        .replace(b"/Length 12 0 R", b"/Length 15 0 R")
    )
    write("length-other.pdf", other)
    # Flate data damaged: the zlib header, the first block, the middle
    for name, where in [("flate-bad-header.pdf", 0), ("flate-first-block.pdf", 2), ("flate-middle.pdf", None)]:
        b = bytearray(data)
        for n in CONTENTS:
            st, en = stream_data(data, n)
            if where == 0:
                b[st] ^= 0x01
            else:
                at = st + where if where is not None else st + (en - st) // 2
                for k in range(8):
                    b[at + k] ^= 0x55
        write(name, bytes(b))
    # the body font maps 'ữ' (U+1EEF) to U+0000: before issue 15 every cell with an 'ữ' held a
    # NUL, and -f sql / -f sqlite refused the whole document (item 9)
    pdf = pikepdf.open(io.BytesIO(data))
    done = set()
    for page in pdf.pages:
        for _, font in page.obj.Resources.Font.items():
            if str(font.BaseFont).endswith("+LiberationSerif") and font.objgen not in done:
                done.add(font.objgen)
                tu = font.ToUnicode
                cmap = tu.read_bytes()
                fixed = re.sub(rb"(<[0-9A-F]{2}>) <1EEF>", rb"\1 <0000>", cmap)
                assert fixed != cmap
                tu.write(fixed)
    write("nul-glyph.pdf", save(pdf))
    # page 2's /Type misspelt
    misspelt = data.replace(b"4 0 obj\n<</Type/Page/", b"4 0 obj\n<</Type/Pgae/", 1)
    assert misspelt != data
    write("page-type-misspelt.pdf", misspelt)


def not_pdfs():
    write("not-pdf-empty.pdf", b"")
    write(
        "not-pdf-html.pdf",
        b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
        b"<body><h1>Not Found</h1></body></html>\n",
    )
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    write("not-pdf-png.pdf", png)


GROUPS = ["truncations", "flips", "xref_damage", "wrong_lengths", "incremental", "structures",
          "broken_cmap", "not_pdfs", "scratch", "issue15", "many_streams"]


def main():
    """`make_corpus.py [GROUP…]`: every group, or only those named (the encrypted files of
    `structures` change at every run, so regenerate only what changed)."""
    os.makedirs(OUT, exist_ok=True)
    data = original()
    only = set(sys.argv[1:])
    unknown = only - set(GROUPS)
    if unknown:
        sys.exit(f"unknown group(s) {sorted(unknown)}; groups: {' '.join(GROUPS)}")
    if only:
        for g in GROUPS:
            if g in only:
                if g == "scratch":
                    scratch_files()
                elif g == "many_streams":
                    write("many-streams.pdf", many_streams())
                elif g == "not_pdfs":
                    not_pdfs()
                else:
                    globals()[g](data)
        report()
        return
    truncations(data)
    flips(data)
    xref_damage(data)
    wrong_lengths(data)
    incremental(data)
    structures(data)
    broken_cmap(data)
    not_pdfs()
    issue15(data)
    scratch_files()
    report()


def scratch_files():
    write("image-only.pdf", image_only())
    write("prose-no-table.pdf", prose_page())
    write("zip-bomb.pdf", zip_bomb())
    write("million-text-ops.pdf", million_text_ops())
    write("million-moves.pdf", million_moves())
    write("page-tree-cycle.pdf", page_tree_cycle())
    write("self-reference.pdf", self_reference())
    write("deep-nesting.pdf", deep_nesting())
    write("many-streams.pdf", many_streams())


def report():
    files = sorted(f for f in os.listdir(OUT) if f.endswith(".pdf"))
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in files)
    print(f"{len(files)} files, {total / 1e6:.2f} MB in {OUT}")
    manifest = os.path.join(OUT, "expected.json")
    if os.path.exists(manifest):
        with open(manifest) as f:
            known = {c["file"] for c in json.load(f)["cases"]}
        for f in files:
            if f not in known:
                print(f"warning: {f} has no entry in expected.json", file=sys.stderr)


if __name__ == "__main__":
    main()
