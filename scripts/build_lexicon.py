#!/usr/bin/env python3
"""Build plancov's Swedish lexicon: corpus/lexicon/sv.tsv.gz.

Validity comes from Debian's hunspell-sv (sv_SE.dic/.aff, LGPL-3), ranking from
PyPI wordfreq's Swedish list (CC BY-SA 4.0).  See corpus/lexicon/SOURCES.md for
the output format, licences and the full rebuild recipe.  In short:

    apt-get update
    apt-get install -y hunspell-sv hunspell-tools   # brings libhunspell-1.7-0
    python3 -m venv /tmp/lexvenv
    /tmp/lexvenv/bin/pip install -r scripts/requirements-lexicon.txt
    /tmp/lexvenv/bin/python scripts/build_lexicon.py

Pipeline
--------
1. `unmunch sv_SE.dic sv_SE.aff` expands every stem with its affixes (the
   brief's reference expansion).  unmunch knows nothing about compounding,
   ONLYINCOMPOUND, FORBIDDENWORD or NEEDAFFIX, so its output contains
   compound-only fragments (`kyrk`, `haltig`) and forbidden forms (`backficka`,
   `söderhamn`): it is only a candidate source.
2. A small Python expander re-does the same one-level suffix expansion (this
   .aff has no PFX rules; its only continuation classes are compound flags)
   while keeping track of which stem flags and which suffix continuation flags
   produced each form, so that compound roles can be derived with hunspell's
   rules (see `roles_for`).  Its form set is compared with unmunch's.
3. Every candidate form is checked with libhunspell itself (ctypes,
   `Hunspell_spell`): that verdict, not unmunch's, is the `w` (stand-alone
   word) flag.  A form is written only if hunspell accepts it stand-alone or
   the .aff gives it a compound role.
4. A deterministic sample of the compound roles is cross-checked against
   libhunspell by spelling synthetic compounds (reported, not fatal unless the
   agreement collapses).
5. `wordfreq.zipf_frequency(form, "sv")` is attached to each written form.
   wordfreq never adds words: its ASCII-folded junk (`nara`, `hjalp`) can only
   rank forms hunspell already produced.
6. Frequent compounds: every purely alphabetic word of wordfreq's sv list
   that is not an expanded form but that libhunspell accepts (by its compound
   rules) is added with flags `wc`.  wordfreq only proposes, hunspell decides;
   `nara`/`hjalp` are rejected by hunspell and never appear.

Output: lines `word<TAB>zipf<TAB>flags`, sorted by the lower-case word (ties:
bytewise by UTF-8 word), unique words, case as in hunspell.  plancov reads the
lines in this order straight into its sorted array, without sorting.  Gzip with mtime 0 and no file name, so the bytes
are reproducible for fixed input versions.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gzip
import hashlib
import io
import os
import random
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Versions the committed lexicon was built from.  A mismatch aborts unless
# --allow-version-mismatch is given (then SOURCES.md must be updated by hand).
EXPECTED_VERSIONS = {
    "hunspell-sv": "1:7.5.0-1",
    "hunspell-tools": "1.7.1-1",
    "libhunspell-1.7-0": "1.7.1-1",
    "wordfreq": "3.1.1",
}
EXPECTED_SHA256 = {
    "sv_SE.dic": "8bf485a6b0be30bd901d7acbdc1a8ee9c70471885b476f2e42eeba6fe2959bee",
    "sv_SE.aff": "b721c9d44bee912feb182b601a1bc2ae3e7dffef660f4130cf2751867488a9dd",
}

# Output flag letters, in the order they are written.
FLAG_ORDER = "wcbmeunpvqa"
FLAG_DOC = {
    "w": "stand-alone word: libhunspell Hunspell_spell() accepts it as written",
    "c": "not an expanded dictionary form: a compound that hunspell accepts only by "
         "compounding, added because wordfreq's sv list contains it (always with w)",
    "b": "may be the first part of a compound (COMPOUNDBEGIN)",
    "m": "may be a middle part of a compound (COMPOUNDMIDDLE)",
    "e": "may be the last part of a compound (COMPOUNDEND)",
    "u": "a compound ending in this part must be capitalised (FORCEUCASE)",
    "n": "NOSUGGEST: valid, but hunspell never suggests it (vulgar/rare)",
    "p": "COMPOUNDRULE '>j': may precede a 'v' form (över+verb)",
    "v": "COMPOUNDRULE '>j': verb form that may follow a 'p' form",
    "q": "COMPOUNDRULE ')k': may precede an 'a' form (hyper+adjective)",
    "a": "COMPOUNDRULE ')k': adjective form that may follow a 'q' form",
}

TEST_WORDS = [
    "för", "våld", "nära", "stöd", "hälsa", "vård", "förvaltningen",
    "socialförvaltningen", "omsorgsförvaltningen", "arbetsplatsnära",
    "våldsförebyggande", "hedersförtrycket", "människohandelsgruppen",
    "våldsutövarna", "malmöbor", "Malmö", "kvinnofrid", "barnkonventionen",
    "orosanmälan", "hbtq",
]
JUNK_WORDS = ["for", "vald", "nara", "hjalp", "stod", "halsa", "var", "ar"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# versions
# --------------------------------------------------------------------------

def deb_version(pkg: str) -> str | None:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", pkg],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
        return out or None
    except (OSError, subprocess.CalledProcessError):
        return None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_versions(dic: Path, aff: Path, allow: bool) -> dict:
    found = {p: deb_version(p) for p in ("hunspell-sv", "hunspell-tools", "libhunspell-1.7-0")}
    try:
        found["wordfreq"] = metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        found["wordfreq"] = None
    found["sv_SE.dic"] = sha256(dic)
    found["sv_SE.aff"] = sha256(aff)
    expected = dict(EXPECTED_VERSIONS, **EXPECTED_SHA256)
    bad = {k: (v, found[k]) for k, v in expected.items() if found[k] != v}
    for k in expected:
        log(f"  {k}: {found[k]}" + ("" if k not in bad else f"   (EXPECTED {expected[k]})"))
    if bad and not allow:
        sys.exit("version/checksum mismatch (see above); rerun with "
                 "--allow-version-mismatch and update SOURCES.md + EXPECTED_* in this script")
    return found


# --------------------------------------------------------------------------
# .aff / .dic parsing and expansion
# --------------------------------------------------------------------------

@dataclass
class Suffix:
    flag: str
    strip: str
    add: str
    cont: frozenset
    cond: re.Pattern | None


@dataclass
class Aff:
    sfx: dict = field(default_factory=lambda: defaultdict(list))
    directives: dict = field(default_factory=dict)
    compoundrules: list = field(default_factory=list)
    fullstrip: bool = False

    def flag(self, name: str) -> str | None:
        return self.directives.get(name)


def cond_regex(cond: str) -> re.Pattern | None:
    """hunspell affix condition -> regex matched at the end of the stem."""
    if cond in (".", ""):
        return None
    out, i = [], 0
    while i < len(cond):
        c = cond[i]
        if c == "[":
            j = cond.index("]", i)
            body = cond[i + 1:j]
            neg = body.startswith("^")
            if neg:
                body = body[1:]
            out.append("[" + ("^" if neg else "") + "".join(re.escape(x) for x in body) + "]")
            i = j + 1
        elif c == ".":
            out.append(".")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("(?:" + "".join(out) + r")\Z", re.S)


def parse_aff(path: Path) -> Aff:
    aff = Aff()
    lines = path.read_text(encoding="utf-8").splitlines()
    single = {"COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND", "ONLYINCOMPOUND",
              "COMPOUNDPERMITFLAG", "COMPOUNDFORBIDFLAG", "COMPOUNDFLAG",
              "FORBIDDENWORD", "NOSUGGEST", "NEEDAFFIX", "FORCEUCASE", "KEEPCASE",
              "CIRCUMFIX", "SET", "FLAG"}
    pending = 0
    for raw in lines:
        t = raw.split()
        if not t or t[0].startswith("#"):
            continue
        key = t[0]
        if key in ("SFX", "PFX"):
            if pending == 0:
                # header: SFX flag Y/N count
                if len(t) < 4 or t[2] not in ("Y", "N") or not t[3].isdigit():
                    raise ValueError(f"bad affix header: {raw!r}")
                if key == "PFX":
                    raise NotImplementedError("this expander handles SFX only; sv_SE.aff has no PFX")
                pending = int(t[3])
                continue
            pending -= 1
            flag, strip, add = t[1], t[2], t[3]
            cond = t[4] if len(t) > 4 else "."
            strip = "" if strip == "0" else strip
            cont = frozenset()
            if "/" in add:
                add, c = add.split("/", 1)
                cont = frozenset(c)
            add = "" if add == "0" else add
            aff.sfx[flag].append(Suffix(flag, strip, add, cont, cond_regex(cond)))
        elif key in single and len(t) > 1:
            aff.directives[key] = t[1]
        elif key == "COMPOUNDRULE" and len(t) > 1 and not t[1].isdigit():
            aff.compoundrules.append(t[1])
        elif key == "FULLSTRIP":
            aff.fullstrip = True
    if aff.directives.get("SET", "UTF-8").upper() != "UTF-8":
        raise ValueError("expected SET UTF-8")
    if "FLAG" in aff.directives:
        raise NotImplementedError("only single-character flags are handled")
    return aff


def parse_dic(path: Path) -> list[tuple[str, frozenset]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines[1:]:
        if not line.strip():
            continue
        line = line.split("\t", 1)[0]          # morphological fields, if any
        slash = line.find("/", 1)
        if slash > 0:
            word, flags = line[:slash], frozenset(line[slash + 1:].strip())
        else:
            word, flags = line.strip(), frozenset()
        out.append((word, flags))
    return out


def expand(word: str, flags: frozenset, aff: Aff):
    """Yield (form, suffix_or_None) for one stem: bare stem + one suffix level."""
    yield word, None
    for f in sorted(flags):
        for s in aff.sfx.get(f, ()):
            if s.strip:
                if not word.endswith(s.strip):
                    continue
                if len(word) == len(s.strip) and not aff.fullstrip:
                    continue
            if s.cond is not None and not s.cond.search(word):
                continue
            yield word[:len(word) - len(s.strip)] + s.add, s


@dataclass
class FormInfo:
    roles: set = field(default_factory=set)
    predicted_standalone: bool = False
    nosuggest_all: bool = True      # every stand-alone-capable source is NOSUGGEST
    any_source: bool = False


def roles_for(flags: frozenset, sfx: Suffix | None, aff: Aff) -> tuple[set, bool, bool]:
    """Compound roles of a form, following hunspell 1.7 compound_check():

    * non-last parts: a suffixed form counts only if the suffix carries
      COMPOUNDPERMITFLAG; the BEGIN/MIDDLE flag may sit on the stem or on the
      suffix's continuation class;
    * last part: any suffix is allowed; END flag on stem or continuation;
    * COMPOUNDRULE parts: non-last parts must be bare stems, the last part may
      be suffixed (affix_check(..., IN_CPD_END));
    * FORBIDDENWORD stems give nothing.
    Returns (roles, predicted_standalone, nosuggest).
    """
    F = aff.flag
    forbidden, only_cpd, needaffix = F("FORBIDDENWORD"), F("ONLYINCOMPOUND"), F("NEEDAFFIX")
    permit, forceucase, nosuggest = F("COMPOUNDPERMITFLAG"), F("FORCEUCASE"), F("NOSUGGEST")
    roles: set = set()
    if forbidden in flags:
        return roles, False, False
    cont = sfx.cont if sfx else frozenset()
    nonlast_ok = sfx is None or permit in cont
    for aff_key, role in (("COMPOUNDBEGIN", "b"), ("COMPOUNDMIDDLE", "m")):
        cf = F(aff_key)
        if cf and nonlast_ok and (cf in flags or cf in cont):
            roles.add(role)
    ce = F("COMPOUNDEND")
    if ce and (ce in flags or ce in cont):
        roles.add("e")
        if forceucase and forceucase in flags:
            roles.add("u")
    # the two letter-only COMPOUNDRULEs of sv_SE.aff: ">j" and ")k"
    for rule, (lead, tail) in ((">j", ("p", "v")), (")k", ("q", "a"))):
        if rule in aff.compoundrules:
            if sfx is None and rule[0] in flags:
                roles.add(lead)
            if rule[1] in flags:
                roles.add(tail)
    standalone = (only_cpd not in flags and only_cpd not in cont
                  and not (sfx is None and needaffix in flags))
    return roles, standalone, nosuggest in flags


def run_unmunch(unmunch: str, dic: Path, aff: Path) -> tuple[set[str], int]:
    """Run unmunch and repair its two defects with continuation classes.

    hunspell-tools 1.7.1 unmunch copies a suffix's continuation class into the
    output ("omsorgs/WXZ|") and, when the suffix's add string is "0/FLAGS",
    writes the literal 0 ("Atlant0/WX|" for add="0/WX").  Both only occur on
    lines containing '/', so: cut at '/', and drop one trailing '0' there.
    Returns (forms, number of repaired lines)."""
    res = subprocess.run([unmunch, str(dic), str(aff)], check=True,
                         capture_output=True)
    forms, repaired = set(), 0
    for line in res.stdout.decode("utf-8").splitlines():
        w = line.strip()
        if "/" in w[1:]:
            repaired += 1
            w = w[:w.index("/", 1)]
            if w.endswith("0"):
                w = w[:-1]
        if w:
            forms.add(w)
    return forms, repaired


# --------------------------------------------------------------------------
# libhunspell
# --------------------------------------------------------------------------

class Hunspell:
    def __init__(self, aff: Path, dic: Path, lib: str | None):
        name = lib or ctypes.util.find_library("hunspell-1.7") or "libhunspell-1.7.so.0"
        self.lib = ctypes.CDLL(name)
        self.lib.Hunspell_create.restype = ctypes.c_void_p
        self.lib.Hunspell_create.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        self.lib.Hunspell_spell.restype = ctypes.c_int
        self.lib.Hunspell_spell.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        self.lib.Hunspell_destroy.argtypes = [ctypes.c_void_p]
        self.h = self.lib.Hunspell_create(str(aff).encode(), str(dic).encode())
        if not self.h:
            raise RuntimeError("Hunspell_create failed")

    def spell(self, w: str) -> bool:
        return bool(self.lib.Hunspell_spell(self.h, w.encode("utf-8")))


# --------------------------------------------------------------------------
# role cross-check against libhunspell
# --------------------------------------------------------------------------

def role_crosscheck(entries: dict, hs: Hunspell, n: int = 3000) -> dict:
    """Spell synthetic compounds to see whether the derived roles agree with
    hunspell.  Partners: 'bil' (b and e), 'hus' (b and e).  Only lower-case,
    purely alphabetic forms of length >= 3 are sampled, and a positive is
    counted only when the synthetic compound is not already stand-alone valid
    for other reasons.  Returns {role: (agree, total)} for positive checks and
    'not-X' negative checks."""
    rng = random.Random(20240601)
    pool = sorted(w for w in entries
                  if w.isalpha() and w.islower() and len(w) >= 3)
    stats = {}

    def build(role, w):
        if role == "b":
            return w + "bil"
        if role == "e":
            return "hus" + w
        if role == "m":
            return "hus" + w + "bil"
        raise ValueError(role)

    for role in ("b", "m", "e"):
        pos = [w for w in pool if role in entries[w]]
        neg = [w for w in pool if role not in entries[w]]
        for label, sample, want in ((role, pos, True), ("not-" + role, neg, False)):
            picks = rng.sample(sample, min(n, len(sample)))
            agree = sum(1 for w in picks if hs.spell(build(role, w)) == want)
            stats[label] = (agree, len(picks))
    return stats


# --------------------------------------------------------------------------
# licence texts
# --------------------------------------------------------------------------

def copy_licenses(dest: Path) -> None:
    """Refresh corpus/lexicon/LICENSES/ from the installed packages.
    CC-BY-SA-4.0.txt is committed as is (SPDX text, see SOURCES.md)."""
    dest.mkdir(parents=True, exist_ok=True)
    for src, name in (("/usr/share/common-licenses/LGPL-3", "LGPL-3.txt"),
                      ("/usr/share/common-licenses/GPL-3", "GPL-3.txt"),
                      ("/usr/share/common-licenses/Apache-2.0", "Apache-2.0.txt"),
                      ("/usr/share/doc/hunspell-sv/copyright", "hunspell-sv.copyright")):
        (dest / name).write_bytes(Path(src).read_bytes())
    dist = metadata.distribution("wordfreq")
    readme = dist.metadata.get_payload() or ""
    start = readme.index("## License")
    end = readme.index("## Citations to work that wordfreq is built on")
    notice = ("wordfreq " + dist.version + ": the 'License' and 'Citing wordfreq' sections of\n"
              "its README (PyPI package metadata), reproduced verbatim for attribution.\n\n"
              + readme[start:end].rstrip() + "\n")
    (dest / "wordfreq-NOTICE.md").write_text(notice, encoding="utf-8")
    lic = [f for f in (dist.files or []) if f.name.startswith("LICENSE")]
    if lic:
        (dest / "wordfreq-LICENSE.txt").write_bytes(Path(dist.locate_file(lic[0])).read_bytes())
    if not (dest / "CC-BY-SA-4.0.txt").exists():
        log("WARNING: LICENSES/CC-BY-SA-4.0.txt is missing (committed file, see SOURCES.md)")


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dic", type=Path, default=Path("/usr/share/hunspell/sv_SE.dic"))
    ap.add_argument("--aff", type=Path, default=Path("/usr/share/hunspell/sv_SE.aff"))
    ap.add_argument("--unmunch", default="unmunch")
    ap.add_argument("--libhunspell", default=None)
    ap.add_argument("--out", type=Path, default=REPO / "corpus/lexicon/sv.tsv.gz",
                    help="ends in .gz -> gzip, else plain TSV")
    ap.add_argument("--allow-version-mismatch", action="store_true")
    ap.add_argument("--skip-crosscheck", action="store_true")
    args = ap.parse_args()

    log("versions:")
    check_versions(args.dic, args.aff, args.allow_version_mismatch)

    import wordfreq  # after the version report, so a missing venv is obvious

    log("unmunch ...")
    un_forms, repaired = run_unmunch(args.unmunch, args.dic, args.aff)
    log(f"  unmunch: {len(un_forms)} distinct forms ({repaired} lines carried "
        f"continuation-class residue '/FLAGS|' and were repaired)")

    log("parse + expand ...")
    aff = parse_aff(args.aff)
    dic = parse_dic(args.dic)
    info: dict[str, FormInfo] = defaultdict(FormInfo)
    for word, flags in dic:
        for form, sfx in expand(word, flags, aff):
            roles, standalone, nosug = roles_for(flags, sfx, aff)
            fi = info[form]
            fi.roles |= roles
            fi.any_source = True
            if standalone and aff.flag("FORBIDDENWORD") not in flags:
                fi.predicted_standalone = True
                if not nosug:
                    fi.nosuggest_all = False
    exp_forms = set(info)
    log(f"  dic stems: {len(dic)}; expander: {len(exp_forms)} distinct forms")
    only_un = sorted(un_forms - exp_forms)
    only_exp = sorted(exp_forms - un_forms)
    log(f"  only in unmunch: {len(only_un)} {only_un[:10]}")
    log(f"  only in expander: {len(only_exp)} {only_exp[:10]}")
    if only_un or only_exp:
        sys.exit("unmunch and the Python expander disagree on the form set; "
                 "the .aff uses something the expander does not model")

    log("libhunspell verdicts ...")
    hs = Hunspell(args.aff, args.dic, args.libhunspell)
    candidates = un_forms | exp_forms
    dropped_space = sorted(w for w in candidates if any(c.isspace() for c in w))
    # no letter at all ("-", "12:3") or a leading punctuation mark other than
    # the compound hyphen (",:a", ".:or": COMPOUNDRULE number-suffix debris)
    dropped_noletter = sorted(
        w for w in candidates if w not in dropped_space and (
            not any(c.isalpha() for c in w)
            or not (w[0].isalnum() or w[0] == "-")))
    candidates -= set(dropped_space) | set(dropped_noletter)

    rows: dict[str, str] = {}
    n_pred_mismatch = 0
    pred_mismatch_examples = []
    dropped_invalid = []
    for w in candidates:
        ok = hs.spell(w)
        fi = info.get(w)
        roles = set(fi.roles) if fi else set()
        if fi and fi.predicted_standalone != ok:
            n_pred_mismatch += 1
            if len(pred_mismatch_examples) < 20:
                pred_mismatch_examples.append((w, fi.predicted_standalone, ok))
        if ok:
            roles.add("w")
            if fi and fi.predicted_standalone and fi.nosuggest_all:
                roles.add("n")
        if not roles:
            dropped_invalid.append(w)
            continue
        rows[w] = "".join(c for c in FLAG_ORDER if c in roles)
    log(f"  dropped: {len(dropped_space)} multi-word, {len(dropped_noletter)} without letters "
        f"or with leading punctuation {dropped_noletter[:12]}, "
        f"{len(dropped_invalid)} neither stand-alone valid nor compound parts "
        f"(e.g. {sorted(dropped_invalid)[:8]})")
    log(f"  expander stand-alone prediction differs from libhunspell: {n_pred_mismatch} "
        f"{sorted(pred_mismatch_examples)[:10]}")

    if not args.skip_crosscheck:
        log("compound-role cross-check (synthetic compounds through libhunspell):")
        for k, (a, t) in role_crosscheck(rows, hs).items():
            log(f"  {k:6s} {a}/{t} = {a / max(t, 1):.1%}")
            if t and a / t < 0.9:
                sys.exit(f"role cross-check for {k} below 90%: expander logic is off")

    log("frequent compounds from wordfreq, validated by libhunspell ...")
    n_c = 0
    for w in wordfreq.iter_wordlist("sv"):
        if w in rows or not w.isalpha():
            continue
        if hs.spell(w):
            rows[w] = "wc"
            n_c += 1
    log(f"  added {n_c} hunspell-accepted compounds (flag c)")

    log("wordfreq zipf ...")
    words = sorted(rows, key=lambda s: (s.lower(), s.encode("utf-8")))
    buf = io.StringIO()
    for w in words:
        z = wordfreq.zipf_frequency(w, "sv")
        buf.write(f"{w}\t{z:.2f}\t{rows[w]}\n")
    data = buf.getvalue().encode("utf-8")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    copy_licenses(args.out.parent / "LICENSES")
    if args.out.suffix == ".gz":
        with open(args.out, "wb") as fh:
            with gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=9, mtime=0) as gz:
                gz.write(data)
    else:
        args.out.write_bytes(data)

    # ---- report ----
    flagcount = defaultdict(int)
    for f in rows.values():
        for c in f:
            flagcount[c] += 1
    log("")
    log(f"wrote {args.out}: {len(words)} forms, {len(data)} bytes plain, "
        f"{args.out.stat().st_size} bytes on disk, sha256 {sha256(args.out)}")
    log("flag counts: " + " ".join(f"{c}={flagcount[c]}" for c in FLAG_ORDER))
    log(f"forms with an upper-case letter: {sum(1 for w in words if w != w.lower())}")
    lower_index = defaultdict(list)
    for w in words:
        lower_index[w.lower()].append(w)
    log("test words (exact line / case-insensitive lines / hunspell spell()):")
    for w in TEST_WORDS:
        line = rows.get(w)
        ci = lower_index.get(w.lower(), [])
        log(f"  {w:24s} exact={'yes ' + line if line else 'no':10s} "
            f"ci={','.join(f'{x}:{rows[x]}' for x in ci) or '-':24s} spell={hs.spell(w)} "
            f"zipf={wordfreq.zipf_frequency(w, 'sv'):.2f}")
    log("ASCII-folded junk check:")
    for w in JUNK_WORDS:
        log(f"  {w:6s} in lexicon={'yes ' + rows[w] if w in rows else 'no':10s} "
            f"spell={hs.spell(w)} zipf={wordfreq.zipf_frequency(w, 'sv'):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
