#!/usr/bin/env python3
"""Baseline for the OCR repair: Debian's hunspell (sv_SE) replaces every word it
does not know by its first suggestion. Writes fixtures/scanned/NAME.hunspell.txt
beside each scanned fixture, which `plancov repair-eval` scores on the same pages.

    apt-get install hunspell hunspell-sv
    cargo build --release && python3 scripts/hunspell_baseline.py
"""
import pathlib, re, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "plancov"


def first_suggestions(words):
    """Map each unknown word to hunspell's first suggestion (or itself)."""
    out = subprocess.run(["hunspell", "-d", "sv_SE", "-a"], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout
    fixes = {}
    for line in out.splitlines():
        if line.startswith("& "):
            head, _, sugg = line.partition(": ")
            word = head.split()[1]
            fixes[word] = sugg.split(", ")[0]
    return fixes


def main():
    for pdf in sorted((ROOT / "fixtures" / "scanned").glob("*.pdf")):
        if "image_only" in pdf.name:
            continue
        text = subprocess.run([str(BIN), "extract", str(pdf)], capture_output=True, text=True).stdout
        words = sorted(set(re.findall(r"\w+", text)))
        fixes = first_suggestions(words)
        fixed = re.sub(r"\w+", lambda m: fixes.get(m.group(0), m.group(0)), text)
        out = pdf.with_suffix(".hunspell.txt")
        out.write_text(fixed, encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {len(fixes)} words replaced", file=sys.stderr)


if __name__ == "__main__":
    main()
