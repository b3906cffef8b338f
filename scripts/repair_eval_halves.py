#!/usr/bin/env python3
"""The OCR repair on the unseen scans, per half and damage level.

Runs `plancov repair-eval --fixtures fixtures/unseen/scanned` and sums its
per-file rows over the plans of each half (the stems of
fixtures/unseen/{tune,final}/*.json): raw and repaired WER weighted by truth
words, edit precision weighted by edits, broken words, and words per second
over the level's files together.

    scripts/repair_eval_halves.py            # PLANCOV=... for another binary
    scripts/repair_eval_halves.py --reocr    # also plancov's Swedish re-OCR, raw and repaired
"""
import os
import pathlib
import re
import subprocess
import sys

P = os.environ.get("PLANCOV", "target/release/plancov")
UNSEEN = pathlib.Path("fixtures/unseen")
ROW = re.compile(
    r"(\S+)_(mild|heavy)\.pdf\s+(\d+)\s+([\d.]+)%\s+([\d.]+)%\s+(\d+)\s+([\d.]+)%\s+(\d+)\s+(\d+)"
)

REOCR = re.compile(r"redo \(swe\): ([\d.]+)%, repaired ([\d.]+)%, at ([\d.]+) s/page")
reocr = "--reocr" in sys.argv[1:]
out = subprocess.run(
    [P, "repair-eval", "--fixtures", str(UNSEEN / "scanned")] + (["--reocr"] if reocr else []),
    check=True, capture_output=True, text=True,
).stdout
rows = []
for line in out.splitlines():
    m = ROW.match(line)
    if m:
        r = REOCR.search(line)
        rows.append(m.groups() + (r.groups() if r else (None, None, None)))
print(f"{'half':<6} {'level':<6} {'words':>6} {'raw WER':>8} {'repaired':>9} "
      f"{'precision':>9} {'broken':>6} {'words/s':>8}"
      + (f" {'swe OCR':>8} {'repaired':>9} {'s/page':>6}" if reocr else ""))
for half in ("tune", "final"):
    stems = {g.stem for g in (UNSEEN / half).glob("*.json") if g.stem != "first_contact"}
    for level in ("mild", "heavy"):
        rs = [r for r in rows if r[0] in stems and r[1] == level]
        if not rs:
            continue
        words = sum(int(r[2]) for r in rs)
        edits = sum(int(r[5]) for r in rs)
        raw = sum(int(r[2]) * float(r[3]) for r in rs) / words
        rep = sum(int(r[2]) * float(r[4]) for r in rs) / words
        prec = sum(int(r[5]) * float(r[6]) for r in rs) / max(edits, 1)
        broken = sum(int(r[7]) for r in rs)
        rate = words / sum(int(r[2]) / int(r[8]) for r in rs)
        line = (f"{half:<6} {level:<6} {words:>6} {raw:>7.2f}% {rep:>8.2f}% "
                f"{prec:>8.2f}% {broken:>6} {rate:>8.0f}")
        if reocr:
            swe = sum(int(r[2]) * float(r[9]) for r in rs) / words
            swe_rep = sum(int(r[2]) * float(r[10]) for r in rs) / words
            secs = sum(float(r[11]) for r in rs) / len(rs)
            line += f" {swe:>7.2f}% {swe_rep:>8.2f}% {secs:>6.2f}"
        print(line)
