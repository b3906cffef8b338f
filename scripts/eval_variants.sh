#!/usr/bin/env bash
# Score the same gold labels against every version of the plans in a set: the
# text, each born-digital PDF kind and each scan (fixtures/unseen layout:
# DIR/pdf/STEM.KIND.pdf, DIR/scanned/STEM_LEVEL.pdf), each read through
# `plancov eval` exactly as analyze reads it. Prints the set row per version.
#   scripts/eval_variants.sh fixtures/unseen tune [plancov args…]
set -euo pipefail
dir=$1; set_=$2; shift 2
P=${PLANCOV:-target/release/plancov}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for variant in text pdf/word pdf/reportlab pdf/fpdf scanned/mild scanned/heavy scanned/image; do
  mkdir -p "$tmp/$variant"
  for g in "$dir/$set_"/*.json; do
    [ "$(basename "$g")" = first_contact.json ] && continue
    stem=$(basename "$g" .json)
    case $variant in
      text) plan="$stem.txt" ;;
      pdf/*) plan="pdf/$stem.${variant#pdf/}.pdf" ;;
      scanned/*) plan="scanned/${stem}_${variant#scanned/}.pdf" ;;
    esac
    [ -f "$dir/$plan" ] || continue
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["plan"]=sys.argv[2]; json.dump(d,open(sys.argv[3],"w"),ensure_ascii=False)' "$g" "$plan" "$tmp/$variant/$stem.json"
  done
  printf '%-16s ' "$variant"
  "$P" eval --gold "$tmp/$variant" --plans "$dir" "$@" | grep '^all ' || echo "(no plans)"
done
