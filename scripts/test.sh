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
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe \
  || need+=(tesseract-ocr tesseract-ocr-swe)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_install() {
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "$@" >/dev/null
}
if [ ${#need[@]} -gt 0 ] || ! command -v npm >/dev/null 2>&1; then
  $sudo apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${need[*]}" >&2
  apt_install "${need[@]}"
fi
# npm only installs the browser test's packages. Debian's npm package cannot
# always be installed (a mirror may lack one of its dependencies), so npm
# itself comes from the npm registry when apt cannot give it.
npm=(npm)
if ! command -v npm >/dev/null 2>&1 && ! apt_install npm 2>/dev/null; then
  npm_dir=target/npm-cli
  if [ ! -f "$npm_dir/package/bin/npm-cli.js" ]; then
    echo "scripts/test.sh: apt-get cannot install npm; fetching it from registry.npmjs.org" >&2
    mkdir -p "$npm_dir"
    curl -fsSL https://registry.npmjs.org/npm/-/npm-10.8.2.tgz | tar -xz -C "$npm_dir"
  fi
  npm=(node "$npm_dir/package/bin/npm-cli.js")
fi
if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
  "${npm[@]}" ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
fi

cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test
