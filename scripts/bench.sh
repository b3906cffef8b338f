#!/usr/bin/env bash
# Benchmark plancov against poppler's pdftotext on a corpus of >= 2000 plan PDFs.
#
#   scripts/bench.sh [N_PLANS] [WORK_DIR]      (defaults: 2000, /tmp/plancov-bench)
#
# Needs: poppler-utils (pdftotext, pdfseparate, pdfunite), GNU time (/usr/bin/time).
# The corpus is made from the committed fixtures: every born-digital and OCR'd
# PDF (corpus/plans, fixtures/pdf, fixtures/scanned) is split into pages, and
# each bench plan is a different run of consecutive pages of one of them, so
# plans vary in length and content. Both tools get the same files and the same
# two cores (pdftotext via xargs -P 2, plancov with its rayon pool).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
WORK=${2:-/tmp/plancov-bench}
CORES=$(nproc)
cargo build --release --quiet
BIN=target/release/plancov
mkdir -p "$WORK/pages" "$WORK/corpus"
# A corpus of the right size from an earlier run is reused.
if [ "$(ls "$WORK"/corpus/*.pdf 2>/dev/null | wc -l)" -ne "$N" ]; then
rm -f "$WORK"/corpus/*.pdf

sources=(corpus/plans/*.pdf fixtures/pdf/004_winansi_helvetica.pdf fixtures/pdf/004_type0_truetype.pdf
         fixtures/pdf/004_td_words.pdf fixtures/scanned/004_mild.pdf fixtures/scanned/004_heavy.pdf
         fixtures/scanned/002_mild.pdf fixtures/scanned/002_heavy.pdf fixtures/scanned/004_ocrmypdf.pdf)
counts=()
for s in "${!sources[@]}"; do
  d="$WORK/pages/$s"
  if [ ! -f "$d/done" ]; then
    mkdir -p "$d"
    pdfseparate "${sources[$s]}" "$d/p%03d.pdf"
    touch "$d/done"
  fi
  counts[$s]=$(ls "$d"/p*.pdf | wc -l)
done
echo "making $N plans from ${#sources[@]} source PDFs …" >&2
for ((i = 0; i < N; i++)); do
  s=$((i % ${#sources[@]}))
  total=${counts[$s]}
  start=$(( (i / ${#sources[@]}) % total + 1 ))
  len=$(( (i * 7) % total + 1 ))
  pages=()
  for ((p = 0; p < len; p++)); do
    pages+=("$WORK/pages/$s/$(printf 'p%03d.pdf' $(( (start + p - 1) % total + 1 )))")
  done
  if [ ${#pages[@]} -eq 1 ]; then
    cp "${pages[0]}" "$WORK/corpus/plan_$(printf %05d $i).pdf"
  else
    pdfunite "${pages[@]}" "$WORK/corpus/plan_$(printf %05d $i).pdf"
  fi
done
fi
BYTES=$(du -sb "$WORK/corpus" | cut -f1)
PAGES=$(for f in "$WORK"/corpus/*.pdf; do pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'; done | paste -sd+ | bc)

timed() { # command… → prints "seconds maxrss_kb" of the command
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
  tail -1 "$WORK/time.txt"
}

sync
read -r t_pdf m_pdf < <(timed bash -c "ls '$WORK'/corpus/*.pdf | xargs -P $CORES -n 8 sh -c 'for f; do pdftotext \"\$f\" /dev/null; done' _")
read -r t_pc m_pc < <(timed "$BIN" analyze "$WORK/corpus" --out "$WORK/out" --quiet)
# Peak memory against batch size: the same pipeline on a quarter of the plans.
mkdir -p "$WORK/quarter" && rm -f "$WORK"/quarter/*.pdf
# (No `ls | head` here: with pipefail, ls killed by SIGPIPE would end the script.)
plans=("$WORK"/corpus/*.pdf)
ln -sf "${plans[@]:0:N / 4}" "$WORK/quarter/"
read -r t_q m_q < <(timed "$BIN" analyze "$WORK/quarter" --out "$WORK/out-quarter" --quiet)
# plancov classify, start-up included: the mean of 20 runs.
start=$(date +%s.%N)
for ((k = 0; k < 20; k++)); do "$BIN" classify "Förvaltningen ska erbjuda stöd till våldsutsatta äldre" >/dev/null; done
end=$(date +%s.%N)
classify_ms=$(echo "($end - $start) * 1000 / 20" | bc -l)

summary=$(python3 - "$WORK/out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
print(f'{s["plans"]} plans, {s["unreadable"]} unreadable, {s["activities"]} activities, {s["flags"]} flags')
PY
)
printf '\nplancov bench — %s plan PDFs, %s pages, %s MB, %s cores\n' "$N" "$PAGES" "$((BYTES / 1000000))" "$CORES"
printf '%-44s %10s %14s\n' "" "seconds" "peak RSS (MB)"
printf '%-44s %10.2f %14.1f\n' "pdftotext (poppler), extraction only" "$t_pdf" "$(echo "$m_pdf/1024" | bc -l)"
printf '%-44s %10.2f %14.1f\n' "plancov analyze, whole pipeline" "$t_pc" "$(echo "$m_pc/1024" | bc -l)"
printf '%-44s %10.2f %14.1f\n' "plancov analyze, first $((N / 4)) plans" "$t_q" "$(echo "$m_q/1024" | bc -l)"
printf 'ratio plancov / pdftotext: %.2f\n' "$(echo "$t_pc / $t_pdf" | bc -l)"
printf 'plancov classify, start-up included: %.1f ms (mean of 20)\n' "$classify_ms"
printf 'results: %s\n' "$summary"
