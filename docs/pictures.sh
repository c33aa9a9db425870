#!/usr/bin/env bash
# Makes the README's pictures from the real program: the reader and the compare view drawn by
# the render code on the seeds (SVG from the test backend's buffer), and the seeds' report as
# headless Chromium shows it. Run from anywhere; writes docs/pictures/.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/pictures"
mkdir -p "$out"

CROSSREAD_PICTURES="$out" cargo test --quiet --bin crossread readme_pictures

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --quiet -- report config.toml --no-cache -o "$work/report.html"
browser="${CROSSREAD_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=1100,1500 \
  --screenshot="$out/report.png" "file://$work/report.html" 2>/dev/null
ls -l "$out"
