#!/usr/bin/env python3
"""Runs phuluc on every fixtures/layouts/*.pdf and scores it against its truth.

    python3 scripts/layouts/measure.py [--bin target/release/phuluc] [--only NAME,…] [--show N]

Prints a markdown table (cell accuracy, rows exact / truth, missing, extra, duplicate keys,
silent_wrong, word_recall, exit code) and, with --show, the first misses per file.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = "/work/shared/bin"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "phuluc"))
    ap.add_argument("--dir", action="append",
                    help="a directory of generated documents (repeatable; default: the exact "
                         "fixtures/layouts and the open tests/corpus/open/layouts)")
    ap.add_argument("--only")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--tmp", default="/tmp/layouts-out")
    ap.add_argument("--readme", action="store_true",
                    help="rewrite the measurement, rules and cross-check blocks of README.md")
    args = ap.parse_args()
    args.dir = args.dir or [os.path.join(ROOT, "fixtures", "layouts"),
                            os.path.join(ROOT, "tests", "corpus", "open", "layouts")]
    if args.readme:
        import contextlib
        import io
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            args.readme = False
            table(args)
        rules = subprocess.run([sys.executable, os.path.join(HERE, "rules_report.py")] +
                               sorted(p for d in args.dir for p in glob.glob(os.path.join(d, "rl-*.pdf"))) +
                               [os.path.join(args.dir[0], "stagger-split-travinh.pdf")],
                               capture_output=True, text=True, cwd=ROOT).stdout
        rules = rules.replace(ROOT + "/", "")
        cross = subprocess.run([sys.executable, os.path.join(HERE, "crosscheck.py")],
                               capture_output=True, text=True).stdout
        path = os.path.join(HERE, "README.md")
        text = open(path, encoding="utf-8").read()
        for tag, body in (("measure", buf.getvalue()), ("rules", "```\n" + rules + "```\n"),
                          ("cross", "```\n" + cross + "```\n")):
            a, b = f"<!-- {tag}:start -->\n", f"<!-- {tag}:end -->"
            i, j = text.index(a) + len(a), text.index(b)
            text = text[:i] + body.rstrip("\n") + "\n" + text[j:]
        open(path, "w", encoding="utf-8").write(text)
        return
    table(args)


def table(args):
    os.makedirs(args.tmp, exist_ok=True)
    only = set(args.only.split(",")) if args.only else None
    print("| file | class | pages | exit | cell_accuracy | rows exact / truth | missing | extra | dup keys | silent_wrong | flagged_right | word_recall |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    details = []
    def klass(pdf):
        gen = json.load(open(pdf[:-4] + ".truth.json", encoding="utf-8")).get("generator", "")
        return gen.split("class_")[1][0] if "class_" in gen else "?"

    pdfs = [p for d in args.dir for p in glob.glob(os.path.join(d, "*.pdf"))]
    for pdf in sorted(pdfs, key=lambda p: (klass(p), os.path.basename(p))):
        name = os.path.basename(pdf)[:-4]
        if only and name not in only:
            continue
        truth = pdf[:-4] + ".truth.json"
        out = os.path.join(args.tmp, name + ".json")
        if os.path.exists(out):
            os.remove(out)
        p = subprocess.run([args.bin, "extract", pdf, "-o", out], capture_output=True, text=True)
        if not os.path.exists(out):
            with open(out, "w") as f:
                json.dump({"records": [], "warnings": []}, f)
        sc = json.loads(subprocess.run([sys.executable, os.path.join(SHARED, "score"), out, truth,
                                        "--json", "--show", str(args.show or 0)],
                                       capture_output=True, text=True).stdout)
        si = json.loads(subprocess.run([sys.executable, os.path.join(SHARED, "silent"), out, truth],
                                       capture_output=True, text=True).stdout)
        import pdfplumber
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
        print(f"| {name} | {klass(pdf)} | {pages} | {p.returncode} | {sc['cell_accuracy']:.4f} | "
              f"{sc['rows_exact']} / {sc['rows_truth']} | {sc['rows_missing']} | {sc['records_extra']} | "
              f"{sc['records_duplicate_key']} | {si['silent_wrong']} | {si['flagged_right']} | {si['word_recall']} |")
        details.append((name, p.stderr.strip().splitlines()[-1:] , sc))
    if args.show:
        for name, err, sc in details:
            print(f"\n### {name}\nstderr: {err}\nper field: " +
                  ", ".join(f"{k} {v:.2f}" for k, v in sc["fields"].items()))
            for m in sc.get("first_misses", []):
                print(f"- {m['row']} {m['field']}: want {m['want']!r}\n  got {m['got']!r}")


if __name__ == "__main__":
    main()
