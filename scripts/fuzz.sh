#!/usr/bin/env bash
# Fuzzes every reader of outside input: the targets in fuzz/ (cargo-fuzz, libFuzzer).
#
#   scripts/fuzz.sh smoke                 every target for FUZZ_SMOKE_SECONDS (default 20): CI
#   scripts/fuzz.sh run [SECONDS] [TARGET...]
#                                         long runs, SECONDS per target (default 3600)
#   scripts/fuzz.sh list                  the targets
#
# The targets start from the seeds in the repository (fuzz/seeds/<target>/, the shipped files
# in assets/ and the package test vectors) and keep what they learn in a working corpus outside
# the source tree, so each run goes on from the last. A crash, a hang (10 s) or running out of
# memory (2 GB) fails the run and leaves its input in the artifacts folder; the figures of each
# run (executions, seconds, findings) are appended to summary.tsv there.
#
# Folders: the build in $FUZZ_TARGET_DIR (default: beside $CARGO_TARGET_DIR, "fuzz"), corpora
# and artifacts in $FUZZ_WORK (default: beside it, "fuzz-work"). Needs a nightly compiler: the
# nightly toolchain when installed, else the stable one with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_rust
CACHE="$(dirname "$CARGO_TARGET_DIR")"
FUZZ_TARGET_DIR="${FUZZ_TARGET_DIR:-$CACHE/fuzz}"
FUZZ_WORK="${FUZZ_WORK:-$CACHE/fuzz-work}"

TARGETS="framework practices assessment_csv published_results package_verify package_manifest signed_pdf review_file public_key enrolment_letter receiver_request"

seeds() {
  local dirs="fuzz/seeds/$1"
  case "$1" in
    framework) dirs="$dirs assets/frameworks" ;;
    practices) dirs="$dirs assets/practices" ;;
    package_verify) dirs="$dirs crates/package/tests/vectors" ;;
  esac
  for d in $dirs; do if [ -d "$d" ]; then echo "$d"; fi; done
}

toolchain=()
if command -v rustup >/dev/null && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi

build() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "Installing cargo-fuzz…"
    cargo install --locked cargo-fuzz
  fi
  echo "Building the fuzz targets in $FUZZ_TARGET_DIR"
  # Optimised with debug assertions (overflow checks) and no sanitizer: the readers are safe
  # Rust, so a sanitizer would only slow the search down.
  (cd fuzz && CARGO_TARGET_DIR="$FUZZ_TARGET_DIR" cargo "${toolchain[@]}" fuzz build -O -a -s none --fuzz-dir .)
}

binary() {
  local host
  host="$(rustc "${toolchain[@]}" -vV | sed -n 's/^host: //p')"
  echo "$FUZZ_TARGET_DIR/$host/release/$1"
}

# run TARGET SECONDS: fuzzes one target; prints its line of figures.
run_one() {
  local t="$1" secs="$2" corpus="$FUZZ_WORK/corpus/$1" artifacts="$FUZZ_WORK/artifacts/$1" log
  mkdir -p "$corpus" "$artifacts"
  log="$FUZZ_WORK/logs/$t-$(date -u +%Y%m%dT%H%M%S).log"
  mkdir -p "$(dirname "$log")"
  local status=0
  # shellcheck disable=SC2046
  "$(binary "$t")" "$corpus" $(seeds "$t") \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  local execs findings
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  findings="$(find "$artifacts" -type f | wc -l)"
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$secs" "${execs:-0}" "$findings" | tee -a "$FUZZ_WORK/summary.tsv"
  if [ "$status" != 0 ]; then
    echo "fuzz target $t failed (exit $status); the input is in $artifacts, the log in $log:" >&2
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | head -5 >&2 || true
    return 1
  fi
}

case "${1:-smoke}" in
  list) for t in $TARGETS; do echo "$t"; done ;;
  smoke)
    build
    secs="${FUZZ_SMOKE_SECONDS:-20}"
    failed=0
    for t in $TARGETS; do run_one "$t" "$secs" || failed=1; done
    exit "$failed"
    ;;
  run)
    shift
    secs="${1:-3600}"; [ $# -gt 0 ] && shift
    chosen="${*:-$TARGETS}"
    build
    failed=0
    for t in $chosen; do run_one "$t" "$secs" || failed=1; done
    exit "$failed"
    ;;
  *) echo "usage: scripts/fuzz.sh [smoke | run [SECONDS] [TARGET...] | list]" >&2; exit 2 ;;
esac
