#!/usr/bin/env python3
"""Legacy Vietnamese font variants of the bac-giang-402 fixture (TCVN3 and VNI).

Re-encodes every text run of fixtures/bac-giang-402.word.pdf into the byte codes of a legacy
8-bit Vietnamese font and rebuilds the fonts so that the file looks like one typed in those fonts:

* word-tcvn3: TCVN3 (ABC).  Fonts `.VnTime` (subset-prefixed), `.VnTime,Bold`, `.VnTime,Italic`
  and their capitals fonts `.VnTimeH…`, which draw the lowercase codes as capitals.  Capitals
  with a tone (Á, Ế, Ỉ …) exist only in the H fonts: a word written all in capitals is set in the
  H font (every other capitals word), or only its toned capitals are, switching to the H font
  and back in the middle of the word (the other words: `HO` + `ạ` + `CH`).  `ư` is byte 0xAD
  (the Latin-1 soft hyphen).  No /Encoding (symbolic TrueType, glyphs by code through a (3,0)/(1,0) cmap) and a /ToUnicode to the Latin-1
  look-alikes (`Céng hoµ`), as legacy PDFs carry.
* word-vni: VNI-Windows.  Fonts `VNI-Times`, `VNI-Times,Bold`, `VNI-Times,Italic`; each toned or
  modified vowel is its base letter followed by a mark byte (`Vieät`), the mark glyph has no
  advance and draws its accent over the letter before it.  `/Encoding /WinAnsiEncoding`
  (nonsymbolic TrueType, glyphs through a (3,1) cmap by the WinAnsi character), no /ToUnicode.

The font programs are the source's own subset TrueType fonts (fontTools), with a new cmap; VNI
mark glyphs are composites of the accent components of the source's precomposed letters.
Widths are the source glyphs' widths, so every glyph stays exactly where it was (a letter's
width is that of the toned letter it stands for; marks have width 0).

    python3 scripts/variants/make_legacy.py            # make both
    python3 scripts/variants/make_legacy.py --verify   # and compare renderings with the source

Needs pikepdf and fontTools (requirements.txt); --verify also needs pdftoppm and Pillow.
"""

import argparse
import io
import os
import sys
import tempfile
import unicodedata

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_variants import (  # noqa: E402
    font_widths, image_diff, normalize_save, num, parse_tounicode, render, src_path)

# ---------------------------------------------------------------------------
# encodings (the same tables as crates/phuluc-vnfont)

TCVN3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
TCVN3_OF = {c: b for b, c in TCVN3.items()}

VNI_LETTERS = {
    "ì": 0xEC, "í": 0xED, "ĩ": 0xF3, "ỉ": 0xE6, "ị": 0xF2, "ỵ": 0xEE, "đ": 0xF1, "ơ": 0xF4, "ư": 0xF6,
    "Ì": 0xCC, "Í": 0xCD, "Ĩ": 0xD3, "Ỉ": 0xC6, "Ị": 0xD2, "Ỵ": 0xCE, "Đ": 0xD1, "Ơ": 0xD4, "Ư": 0xD6,
}
GRAVE, ACUTE, CIRC, TILDE, BREVE, HOOK, HORN, DOT = (
    "\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323")
# (modifier, tone) -> (lowercase byte, capital byte)
VNI_MARKS = {
    (None, GRAVE): (0xF8, 0xD8), (None, ACUTE): (0xF9, 0xD9), (None, HOOK): (0xFB, 0xDB),
    (None, TILDE): (0xF5, 0xD5), (None, DOT): (0xEF, 0xCF),
    (CIRC, None): (0xE2, 0xC2), (CIRC, ACUTE): (0xE1, 0xC1), (CIRC, GRAVE): (0xE0, 0xC0),
    (CIRC, HOOK): (0xE5, 0xC5), (CIRC, TILDE): (0xE3, 0xC3), (CIRC, DOT): (0xE4, 0xC4),
    (BREVE, None): (0xEA, 0xCA), (BREVE, ACUTE): (0xE9, 0xC9), (BREVE, GRAVE): (0xE8, 0xC8),
    (BREVE, HOOK): (0xFA, 0xDA), (BREVE, TILDE): (0xFC, 0xDC), (BREVE, DOT): (0xEB, 0xCB),
}


def cp1252_char(b):
    return bytes([b]).decode("cp1252") if b != 0xAD else "\u00ad"


def cp1252_byte(c):
    try:
        b = c.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return b[0] if len(b) == 1 else None


def is_viet(c):
    return c.lower() in TCVN3_OF and c.lower() not in "\u00ad"


def vni_parts(c):
    """VNI for one character: [(byte, char drawn, is_mark)] — the letter, then its mark."""
    if c.isascii():
        return [(ord(c), c, False)]
    if c in VNI_LETTERS:
        return [(VNI_LETTERS[c], c, False)]
    if not is_viet(c):
        b = cp1252_byte(c)
        assert b is not None and b < 0xC0, c
        return [(b, c, False)]
    d = unicodedata.normalize("NFD", c)
    base, mods = d[0], d[1:]
    modifier = next((m for m in mods if m in (CIRC, BREVE)), None)
    tone = next((m for m in mods if m in (GRAVE, ACUTE, TILDE, HOOK, DOT)), None)
    if HORN in mods:
        letter = {"o": "ơ", "u": "ư", "O": "Ơ", "U": "Ư"}[base]
        out = [(VNI_LETTERS[letter], letter, False)]
    else:
        letter = base
        out = [(ord(base), base, False)]
    if modifier or tone:
        lo, up = VNI_MARKS[(modifier, tone)]
        out.append((up if base.isupper() else lo, (modifier, tone, base.isupper()), True))
    return out


# ---------------------------------------------------------------------------
# source fonts

class Source:
    """One source font: code -> unicode, unicode -> (glyph name, width)."""

    def __init__(self, font):
        from fontTools.ttLib import TTFont
        self.font = font
        self.tt_bytes = font.FontDescriptor.FontFile2.read_bytes()
        tt = TTFont(io.BytesIO(self.tt_bytes))
        cmap = {}
        for t in tt["cmap"].tables:
            for c, g in t.cmap.items():
                cmap.setdefault(c & 0xFF if t.platformID == 3 else c, g)
        self.tu = parse_tounicode(font.ToUnicode)
        widths = font_widths(font)
        self.glyph = {}  # unicode char -> glyph name
        self.width = {}  # unicode char -> PDF width
        for code, u in self.tu.items():
            assert len(u) == 1, (code, u)
            self.glyph[u] = cmap[code]
            self.width[u] = widths(code)
        self.tt = tt

    def text(self, s):
        return "".join(self.tu[c] for c in bytes(s))


def base_glyph(src, letter):
    """The glyph of a letter; when the subset has no glyph mapped to it, the base component
    of a precomposed letter built on it."""
    if letter in src.glyph:
        return src.glyph[letter]
    nl = unicodedata.normalize("NFD", letter)
    glyf = src.tt["glyf"]
    for u, gname in sorted(src.glyph.items()):
        d = unicodedata.normalize("NFD", u)
        g = glyf[gname]
        if d.startswith(nl) and len(d) > len(nl) and g.isComposite():
            rest = d[len(nl):]
            if HORN not in rest or HORN in nl:
                return g.components[0].glyphName
    raise KeyError(letter)


def accent_components(src, want):
    """Accent components of a precomposed letter with (modifier, tone, capital) = want, as
    (glyph, x relative to the end of the base, y, flags), from a composite in src."""
    glyf = src.tt["glyf"]
    hmtx = src.tt["hmtx"]
    best = None
    for u, gname in src.glyph.items():
        d = unicodedata.normalize("NFD", u)
        if len(d) < 2 or not d[0].isalpha() or d[0] in "iI":
            continue
        mods = d[1:]
        modifier = next((m for m in mods if m in (CIRC, BREVE)), None)
        tone = next((m for m in mods if m in (GRAVE, ACUTE, TILDE, HOOK, DOT)), None)
        if (modifier, tone, d[0].isupper()) != want:
            continue
        g = glyf[gname]
        if not g.isComposite():
            continue
        comps = g.components
        base = comps[0].glyphName
        wb = hmtx[base][0]
        accents = [(c.glyphName, c.x - wb, c.y, c.flags) for c in comps[1:]]
        if not accents:
            continue
        # Prefer plain bases (a e o u y) over horned ones.
        rank = 0 if HORN not in mods else 1
        if best is None or rank < best[0]:
            best = (rank, accents)
    return best[1] if best else None


def build_font(pdf, src, name, code_glyph, code_width, symbolic, marks=None, tounicode=None):
    """A simple TrueType font: the source's font program with a cmap code -> glyph (and
    composite mark glyphs `marks`: glyph name -> components), /Widths by code."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
    tt = TTFont(io.BytesIO(src.tt_bytes), recalcTimestamp=False)  # same bytes on every run
    glyf, hmtx = tt["glyf"], tt["hmtx"]
    order = list(tt.getGlyphOrder())
    for gname, comps in (marks or {}).items():
        g = Glyph()
        g.numberOfContours = -1
        g.components = []
        for cname, x, y, flags in comps:
            gc = GlyphComponent()
            gc.glyphName, gc.x, gc.y, gc.flags = cname, int(round(x)), int(y), flags
            g.components.append(gc)
        glyf.glyphs[gname] = g
        order.append(gname)
        hmtx[gname] = (0, 0)
    tt.setGlyphOrder(order)
    glyf.glyphOrder = order
    for gname in marks or {}:
        glyf[gname].recalcBounds(glyf)
        hmtx[gname] = (0, glyf[gname].xMin)
    subs = []
    if symbolic:
        t = CmapSubtable.newSubtable(4)
        t.platformID, t.platEncID, t.language = 3, 0, 0
        t.cmap = {0xF000 + c: g for c, g in code_glyph.items()}
        subs.append(t)
    else:
        t = CmapSubtable.newSubtable(4)
        t.platformID, t.platEncID, t.language = 3, 1, 0
        t.cmap = {ord(cp1252_char(c)): g for c, g in code_glyph.items() if c != 0xAD}
        subs.append(t)
    t = CmapSubtable.newSubtable(6)
    t.platformID, t.platEncID, t.language = 1, 0, 0
    t.cmap = dict(code_glyph)
    subs.append(t)
    tt["cmap"].tables = subs
    if "post" in tt:
        tt["post"].formatType = 3.0
    out = io.BytesIO()
    tt.save(out)
    data = out.getvalue()
    fd_src = src.font.FontDescriptor
    fd = Dictionary()
    for k, v in fd_src.items():
        if k not in ("/FontFile2", "/FontName", "/Flags"):
            fd[k] = v
    fd.Type = Name.FontDescriptor
    fd.FontName = Name("/" + name)
    flags = int(fd_src.get("/Flags", 0)) & ~(4 | 32)
    fd.Flags = flags | (4 if symbolic else 32)
    ff = pdf.make_stream(data)
    ff.Length1 = len(data)
    fd.FontFile2 = ff
    first, last = min(code_glyph), max(code_glyph)
    widths = [num(code_width.get(c, 0)) for c in range(first, last + 1)]
    font = Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/" + name),
                      FirstChar=first, LastChar=last, Widths=Array(widths),
                      FontDescriptor=pdf.make_indirect(fd))
    if not symbolic:
        font.Encoding = Name.WinAnsiEncoding
    if tounicode is not None:
        font.ToUnicode = pdf.make_stream(tounicode)
    return pdf.make_indirect(font)


def lookalike_tounicode(codes):
    """A /ToUnicode that maps each code to its Latin-1 look-alike, as legacy PDFs have."""
    codes = sorted(codes)
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<00> <FF>", "endcodespacerange"]
    for k in range(0, len(codes), 100):
        chunk = codes[k:k + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{c:02X}> <{ord(cp1252_char(c)):04X}>" for c in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()


STYLE = {"Bold": ",Bold", "Italic": ",Italic"}


def style_of(src):
    n = str(src.font.BaseFont)
    return next((s for k, s in STYLE.items() if n.endswith("-" + k)), "")


# ---------------------------------------------------------------------------
# content rewrite


def split_words(text):
    """Index ranges of words written all in capitals (two letters or more) that contain a
    toned capital."""
    caps = []
    i = 0
    while i < len(text):
        if text[i].isalpha():
            j = i
            while j < len(text) and text[j].isalpha():
                j += 1
            w = text[i:j]
            if len(w) >= 2 and w.isupper() and any(c not in TCVN3_OF and not c.isascii() for c in w):
                caps.append(range(i, j))
            i = j
        else:
            i += 1
    return caps


def rewrite(pdf, encode_run):
    """For each page: every show operator's string is decoded through its source font and
    re-encoded by encode_run(source font name, text) -> [(new font resource name, bytes)], with
    Tf switches where the font changes (TJ arrays are split; kerns stay in place)."""
    for page in pdf.pages:
        new = []
        emitted = None  # font resource name last set by Tf in the output
        logical = None  # (source name, size) set by the source's Tf
        stack = []
        ops = list(pikepdf.parse_content_stream(page))
        for operands, op in ops:
            o = str(op)
            if o == "q":
                stack.append((emitted, logical))
            elif o == "Q":
                emitted, logical = stack.pop()
            if o == "Tf":
                # Set lazily, before the first string, to the font the string needs.
                logical = (str(operands[0]), operands[1])
                emitted = None
                continue
            if o in ("Tj", "TJ"):
                items = list(operands[0]) if o == "TJ" else [operands[0]]
                groups = []  # [(font, [items])]
                for it in items:
                    if not isinstance(it, pikepdf.String):
                        if groups:
                            groups[-1][1].append(it)
                        else:
                            groups.append((emitted, [it]))
                        continue
                    for fname, b in encode_run(logical[0], it):
                        if groups and groups[-1][0] == fname and isinstance(groups[-1][1][-1], pikepdf.String):
                            groups[-1][1][-1] = pikepdf.String(bytes(groups[-1][1][-1]) + b)
                        elif groups and groups[-1][0] == fname:
                            groups[-1][1].append(pikepdf.String(b))
                        else:
                            groups.append((fname, [pikepdf.String(b)]))
                for fname, its in groups:
                    if fname != emitted:
                        new.append(([Name(fname), logical[1]], Operator("Tf")))
                        emitted = fname
                    if o == "Tj" and len(its) == 1:
                        new.append((its, Operator("Tj")))
                    else:
                        new.append(([Array(its)], Operator("TJ")))
                continue
            assert o not in ("'", '"'), o
            new.append((operands, op))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(new))


def fonts_of(pdf):
    out = {}
    for page in pdf.pages:
        for name, f in page.Resources.Font.items():
            out.setdefault(f.objgen, (f, set()))[1].add(name)
    return out


def make_tcvn3(src_file, out_file):
    pdf = pikepdf.open(src_file)
    sources = {}  # resource name -> Source (resource names are shared by all pages)
    for f, names in fonts_of(pdf).values():
        s = Source(f)
        for n in names:
            sources[n] = s
    used = {}  # (resource name, capitals) -> {byte: char drawn}
    caps_words = [0]

    def encode_run(fname, s):
        src = sources[fname]
        text = src.text(s)
        # Words in capitals: every other one is typed wholly in the capitals font, the others
        # in the base font with only their toned capitals from the capitals font (a font
        # change in the middle of the word, `HO` + `ạ` + `CH`).
        caps = set()
        for r in split_words(text):
            caps_words[0] += 1
            if caps_words[0] % 2:
                caps.update(r)
        out = []
        for i, c in enumerate(text):
            capitals = i in caps or (c not in TCVN3_OF and not c.isascii() and is_viet(c))
            if capitals:
                b = TCVN3_OF.get(c.lower(), None)
                if b is None:
                    b = ord(c.lower()) if c.isascii() else cp1252_byte(c)
            else:
                b = TCVN3_OF.get(c) or (ord(c) if c.isascii() else cp1252_byte(c))
                assert b is not None and (b not in TCVN3 or TCVN3[b] == c), c
            assert b is not None, c
            used.setdefault((fname, capitals), {})[b] = c
            rname = fname + ("H" if capitals else "V")
            if out and out[-1][0] == rname:
                out[-1] = (rname, out[-1][1] + bytes([b]))
            else:
                out.append((rname, bytes([b])))
        return out

    rewrite(pdf, encode_run)
    made = {}
    for (fname, capitals), codes in sorted(used.items()):
        src = sources[fname]
        key = (id(src), capitals)
        if key not in made:
            family = ".VnTimeH" if capitals else ".VnTime"
            style = style_of(src)
            name = family + style if style else f"BAAAAA+{family}"
            code_glyph = {b: src.glyph[c] for b, c in codes.items()}
            code_width = {b: src.width[c] for b, c in codes.items()}
            made[key] = build_font(pdf, src, name, code_glyph, code_width, symbolic=True,
                                   tounicode=lookalike_tounicode(codes))
    # All codes of a (source, capitals) pair are gathered before fonts are built: resource
    # names map to the same source on every page.
    for page in pdf.pages:
        fonts = Dictionary()
        if any(n not in sources for n in page.Resources.Font.keys()):
            continue  # resources shared with a page already done
        for name in page.Resources.Font.keys():
            src = sources[name]
            for capitals, suffix in ((False, "V"), (True, "H")):
                if (id(src), capitals) in made:
                    fonts[name + suffix] = made[(id(src), capitals)]
        page.Resources.Font = fonts
    pdf.remove_unreferenced_resources()
    normalize_save(pdf, out_file)


def make_vni(src_file, out_file):
    pdf = pikepdf.open(src_file)
    sources = {}
    for f, names in fonts_of(pdf).values():
        s = Source(f)
        for n in names:
            sources[n] = s
    used = {}  # resource name -> {byte: char drawn or mark key}

    def encode_run(fname, s):
        src = sources[fname]
        b = bytearray()
        for c in src.text(s):
            parts = vni_parts(c)
            # The letter takes the width of the character it stands for; the mark none.
            for byte, drawn, is_mark in parts:
                prev = used.setdefault(fname, {}).get(byte)
                if not is_mark:
                    want = (drawn, src.width[c])
                    assert prev is None or prev[1] == want[1], (c, prev, want)
                    used[fname][byte] = want
                else:
                    used[fname][byte] = (drawn, 0)
                b.append(byte)
        return [(fname + "N", bytes(b))]

    rewrite(pdf, encode_run)
    made = {}
    for fname, codes in sorted(used.items()):
        src = sources[fname]
        if id(src) in made:
            continue
        style = style_of(src)
        name = "VNI-Times" + style
        code_glyph, code_width, marks = {}, {}, {}
        for b, (drawn, w) in codes.items():
            if isinstance(drawn, tuple):
                comps = accent_components(src, drawn)
                assert comps, (fname, drawn)
                gname = f"vnimark{b:02X}"
                marks[gname] = comps
                code_glyph[b] = gname
            else:
                code_glyph[b] = base_glyph(src, drawn)
            code_width[b] = w
        made[id(src)] = build_font(pdf, src, name, code_glyph, code_width, symbolic=False, marks=marks)
    for page in pdf.pages:
        fonts = Dictionary()
        if any(n not in sources for n in page.Resources.Font.keys()):
            continue  # resources shared with a page already done
        for name in page.Resources.Font.keys():
            fonts[name + "N"] = made[id(sources[name])]
        page.Resources.Font = fonts
    pdf.remove_unreferenced_resources()
    normalize_save(pdf, out_file)


VARIANTS = {"word-tcvn3": make_tcvn3, "word-vni": make_vni}


def verify(name, images=None):
    src, var = src_path("word"), src_path(name)
    with tempfile.TemporaryDirectory() as td:
        report = []
        for p in (1, 2, 15):
            a = render(src, p, td, f"src{p}")
            b = render(var, p, td, f"var{p}")
            report.append(f"p{p}: " + image_diff(a, b))
            if images:
                os.makedirs(images, exist_ok=True)
                import shutil
                shutil.copy(b, os.path.join(images, f"{name}-p{p}.png"))
                shutil.copy(a, os.path.join(images, f"word-p{p}.png"))
    print(f"== {name}: " + "; ".join(report))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated: word-tcvn3, word-vni")
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--images", help="keep renderings in this directory")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(VARIANTS)
    for n in names:
        VARIANTS[n](src_path("word"), src_path(n))
        print(f"made fixtures/{os.path.basename(src_path(n))} ({os.path.getsize(src_path(n))} bytes)")
    if args.verify:
        for n in names:
            verify(n, args.images)


if __name__ == "__main__":
    main()
