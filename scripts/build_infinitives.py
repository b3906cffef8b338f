#!/usr/bin/env python3
"""Derive corpus/lexicon/infinitives.txt from corpus/lexicon/sv.tsv.gz.

The list says which Swedish words are verbs in the infinitive, so that
segmentation can tell an item written as an infinitive clause ("Utbilda
chefer i …", "Ta fram en rutin …") from a sentence whose subject opens it,
without loading the 32 MB repair lexicon for every plan. Run from the project
root; the output is deterministic:

    python3 scripts/build_infinitives.py

A word of at least two letters ending in a vowel is an infinitive when the
lexicon has a present tense of it (-r, -er, or the stem of an r-verb with a
-de past: för/förde) and a past tense or supine (-de, -te, -dde, -it, -at,
-tt), and the present is not far rarer than the word itself (Zipf within
1.5): that keeps nouns and adjectives whose plural looks like a verb out
(`hela`/helar, `skola`/skolar, `unga`/ungar). Irregular verbs (ta, göra,
sätta, lägga …) are listed below with their present; their compounds count
when the lexicon has the compound's present (tydliggöra/tydliggör,
kartlägga/kartlägger). Words under Zipf 1.0 are left out.
"""
import gzip
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEXICON = ROOT / "corpus/lexicon/sv.tsv.gz"
OUT = ROOT / "corpus/lexicon/infinitives.txt"

IRREGULAR = {
    "ta": "tar", "göra": "gör", "bli": "blir", "sätta": "sätter", "lägga": "lägger",
    "stödja": "stödjer", "säga": "säger", "dra": "drar", "be": "ber", "stå": "står",
    "slå": "slår", "välja": "väljer", "vänja": "vänjer", "sälja": "säljer",
    "skilja": "skiljer", "kunna": "kan", "vilja": "vill", "veta": "vet", "böra": "bör",
    "må": "mår", "dö": "dör", "le": "ler", "gå": "går", "ge": "ger", "se": "ser",
    "få": "får", "hålla": "håller", "ligga": "ligger", "sitta": "sitter", "bära": "bär",
    "skära": "skär", "stjäla": "stjäl", "svälja": "sväljer", "glädja": "gläder",
    "dölja": "döljer",
}


def main() -> None:
    zipf: dict[str, float] = {}
    with gzip.open(LEXICON, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                zipf[parts[0]] = float(parts[1])

    def present(v: str) -> list[str]:
        forms = [v + "r"]
        if v.endswith("a"):
            stem = v[:-1]
            forms.append(stem + "er")
            if stem.endswith("r") and stem + "de" in zipf:
                forms.append(stem)
        return [f for f in forms if f in zipf]

    def past(v: str) -> bool:
        stem = v[:-1] if v.endswith("a") else v
        endings = [stem + e for e in ("de", "te", "dde", "it", "at", "tt")]
        return any(f in zipf for f in endings + [v + "de", v + "dde"])

    def regular(v: str) -> bool:
        if len(v) < 2 or v[-1] not in "aåoe":
            return False
        forms = present(v)
        return bool(forms) and past(v) and max(zipf[f] for f in forms) >= zipf[v] - 1.5

    def irregular(v: str) -> bool:
        for base, pres in IRREGULAR.items():
            if v == base:
                return True
            prefix = v[: -len(base)]
            if v.endswith(base) and len(prefix) >= 2 and prefix + pres in zipf:
                return True
        return False

    words = sorted(
        w for w, z in zipf.items()
        if z >= 1.0 and w.isalpha() and w.islower() and (regular(w) or irregular(w))
    )
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} infinitives → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
