#!/usr/bin/env python3
"""Makes a PDF whose text layer lies: it prints the same Vietnamese, but its fonts' ToUnicode
maps decode it to other letters, as real signed plans with broken ToUnicode maps do.

    python3 scripts/scans/make_lying.py cyrillic fixtures/X.pdf OUT.pdf
    python3 scripts/scans/make_lying.py shifted  fixtures/X.pdf OUT.pdf

- `cyrillic`: Latin letters that have a Cyrillic look-alike decode to it ("Kế hoạch" →
  "Кế һоạсһ"), the case issue 12 names (a real plan's layer read as Cyrillic look-alikes).
- `shifted`: every unaccented ASCII letter decodes to the next one in the alphabet ("Kế
  hoạch" → "Lế ipạdi"): Latin letters, but not Vietnamese syllables — an off-by-one ToUnicode
  map, as some subsetting tools write.

Only the ToUnicode CMaps change (bfchar and bfrange destinations); the glyphs drawn, the page
geometry and so the truth stay those of the input. Needs pikepdf (`pip install pikepdf`).
The outputs are committed fixtures (fixtures/lying/), with the input's truth.
"""
import re
import sys

import pikepdf

CYRILLIC = dict(
    zip(
        "aceopxyhijsABCEHKMOPTX",
        "асеорхуһіјѕАВСЕНКМОРТХ",
    )
)


def shifted(c: str) -> str:
    if "a" <= c <= "z":
        return chr((ord(c) - ord("a") + 1) % 26 + ord("a"))
    if "A" <= c <= "Z":
        return chr((ord(c) - ord("A") + 1) % 26 + ord("A"))
    return c


def lie(mode: str, cp: int) -> int:
    c = chr(cp)
    if mode == "cyrillic":
        return ord(CYRILLIC.get(c, c))
    return ord(shifted(c))


def rewrite_cmap(text: str, mode: str) -> str:
    def dest(m: re.Match) -> str:
        hexs = m.group(1)
        if len(hexs) != 4:
            return m.group(0)
        return "<%04X>" % lie(mode, int(hexs, 16))

    out, extra = [], []
    section, kept = None, []
    for line in text.splitlines():
        s = line.strip()
        if s.endswith("beginbfchar"):
            section = "char"
        elif s.endswith("beginbfrange"):
            section, kept = "range", []
            continue
        elif s == "endbfchar":
            section = None
        elif s == "endbfrange":
            # Ranges are expanded to single mappings, each lied about on its own; array
            # ranges ("<lo> <hi> [...]") are kept as they are.
            if kept:
                out += [f"{len(kept)} beginbfrange", *kept, "endbfrange"]
            section = None
            continue
        elif section == "char":
            parts = re.findall(r"<[0-9A-Fa-f]+>", line)
            if len(parts) == 2:
                line = parts[0] + " " + re.sub(r"<([0-9A-Fa-f]+)>", dest, parts[1])
        elif section == "range":
            parts = re.findall(r"<[0-9A-Fa-f]+>", line)
            if len(parts) == 3 and "[" not in line:
                lo, hi, start = (int(p[1:-1], 16) for p in parts)
                width = len(parts[0]) - 2
                extra += [
                    "<%0*X> <%04X>" % (width, lo + i, lie(mode, start + i))
                    for i in range(hi - lo + 1)
                ]
            else:
                kept.append(line)
            continue
        out.append(line)
    result = out
    # bfchar blocks hold at most 100 entries.
    for i in range(0, len(extra), 100):
        chunk = extra[i : i + 100]
        at = next(j for j, l in enumerate(result) if l.strip() == "endcmap")
        result[at:at] = [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join(result) + "\n"


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[1] not in ("cyrillic", "shifted"):
        sys.exit(__doc__)
    mode, src, dst = sys.argv[1:]
    pdf = pikepdf.open(src)
    done = set()
    for page in pdf.pages:
        fonts = page.Resources.get("/Font", {})
        for _, font in fonts.items():
            tu = font.get("/ToUnicode")
            if tu is None or tu.objgen in done:
                continue
            done.add(tu.objgen)
            text = tu.read_bytes().decode("latin-1")
            tu.write(rewrite_cmap(text, mode).encode("latin-1"))
    pdf.save(dst, deterministic_id=True)


if __name__ == "__main__":
    main()
