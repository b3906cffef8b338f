#!/usr/bin/env bash
# Every test plancov has, on any Debian machine with Rust: installs what the
# tests need when it is missing (Chromium and Node for the browser test,
# Tesseract with Swedish and Poppler for the OCR tests, LibreOffice Writer to
# open uppfoljning.docx, the browser test's npm packages), then formatting,
# lints and `cargo test`.
# `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe \
  || need+=(tesseract-ocr tesseract-ocr-swe)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if [ ${#need[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >/dev/null
fi
if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
fi

cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test
