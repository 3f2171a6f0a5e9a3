#!/usr/bin/env bash
# Screenshot of a Cordon report rendered by headless Chromium (Debian package `chromium`).
#
#   scripts/screenshot-report.sh DIR OUT.png [WIDTHxHEIGHT]
#
# DIR is a results directory holding report.html (`cordon report DIR` writes it). The page is
# opened from the file system with networking features off, so the screenshot also shows that
# the report needs nothing outside itself. Default window: 1280x2400 (a laptop's width; the top
# of the report). Exit 2 on bad arguments, 1 if Chromium fails or writes no image.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 DIR OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
dir=$1
out=$2
size=${3:-1280x2400}
report="$dir/report.html"
if [[ ! -f "$report" ]]; then
  echo "error: $report does not exist (run \`cordon report $dir\` first)" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
  echo "error: no chromium found (Debian: apt-get install -y chromium)" >&2
  exit 2
fi
abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$abs_out"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --window-size="${size/x/,}" \
  --screenshot="$abs_out" "file://$abs_report" >/dev/null 2>"$profile/chromium.log" || {
  cat "$profile/chromium.log" >&2
  exit 1
}
if [[ ! -s "$abs_out" ]]; then
  cat "$profile/chromium.log" >&2
  echo "error: chromium wrote no screenshot" >&2
  exit 1
fi
echo "$abs_out"
