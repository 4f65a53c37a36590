#!/usr/bin/env bash
# The progress report PDF against headless Chromium printing the same content from HTML, in one
# interleaved run (scripts/bench_report.py says what is measured).
#
#   scripts/bench-report.sh [RUNS]      (default 15)
#
# The data: the example workspace (`livinglab sample`), period 2025, as of 2026-11-21.
# `livinglab report --preview` lays the report out and writes it (no number is taken, no seal:
# the seal is a signature, which a browser's print does not make either).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_packages chromium python3-websocket time poppler-utils fonts-dejavu-core
ensure_rust
RUNS="${1:-15}"
cargo build --release --locked -p livinglab-cli --bin livinglab
cli="$CARGO_TARGET_DIR/release/livinglab"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ws="$work/ws"
"$cli" --workspace "$ws" --today 2026-11-21 sample >/dev/null
python3 scripts/report_html.py "$cli" "$ws" 2025 2026-11-21 "$work/report.html"
/usr/bin/python3 scripts/bench_report.py "$RUNS" "$work" \
  -- "$cli" --workspace "$ws" --today 2026-11-21 report --period 2025 --preview --out "$work/ours.pdf" \
  -- "$work/report.html"
for f in ours chromium-fresh chromium-running; do
  printf '%-17s %s pages, %s bytes\n' "$f.pdf" "$(pdfinfo "$work/$f.pdf" | awk '/^Pages/ { print $2 }')" "$(stat -c %s "$work/$f.pdf")"
done
