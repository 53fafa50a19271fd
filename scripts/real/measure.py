#!/usr/bin/env python3
"""Run phuluc on every fixtures/real/*/doc.pdf and score it: one Markdown table row per document.

usage: scripts/real/measure.py [--bin target/release/phuluc] [--out DIR] [--score PATH] [--silent PATH]
A document phuluc refuses (exit 8: no appendix table) is scored as an output with no records.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="target/release/phuluc")
ap.add_argument("--out", default="/tmp/phuluc-real")
ap.add_argument("--score", default="/work/shared/bin/score")
ap.add_argument("--silent", default="/work/shared/bin/silent")
a = ap.parse_args()
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "real")
os.makedirs(a.out, exist_ok=True)
print("| document | exit | rows (truth) | records out | exact | missing | extra | dup keys | cell_accuracy | word_recall | wrong | silent_wrong | s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for name in sorted(os.listdir(root)):
    pdf = os.path.join(root, name, "doc.pdf")
    truth = os.path.join(root, name, "truth.json")
    if not os.path.exists(pdf):
        continue
    out = os.path.join(a.out, name + ".json")
    t0 = time.time()
    p = subprocess.run([a.bin, "extract", "-q", pdf, "-o", out], capture_output=True, text=True)
    dt = time.time() - t0
    if p.returncode not in (0, 13) or not os.path.exists(out):
        with open(out, "w") as f:
            json.dump({"records": [], "warnings": [], "error": p.stderr.strip()}, f)
    sc = json.loads(subprocess.run([sys.executable, a.score, out, truth, "--json"], capture_output=True,
                                   text=True).stdout)
    si = json.loads(subprocess.run([sys.executable, a.silent, out, truth], capture_output=True, text=True).stdout)
    print(f"| `{name}` | {p.returncode} | {sc['rows_truth']} | {sc['records_out']} | {sc['rows_exact']} | "
          f"{sc['rows_missing']} | {sc['records_extra']} | {sc['records_duplicate_key']} | "
          f"{sc['cell_accuracy']:.3f} | {si['word_recall']:.3f} | {si['wrong_records']} | {si['silent_wrong']} | {dt:.2f} |")
