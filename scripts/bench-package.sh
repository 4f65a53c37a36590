#!/usr/bin/env bash
# Package build with >= 1 GiB of evidence: peak RSS and time of `livinglab package build`
# (and `package verify`, `hub import`) beside `sha256sum` + `cp` of the same files.
#   scripts/bench-package.sh [FILES] [MIB_PER_FILE]      (default 40 × 26 MiB = 1040 MiB)
# Needs GNU time (/usr/bin/time, Debian package `time`) and about 4 × the evidence size of disk.
set -euo pipefail

FILES=${1:-40}
MIB=${2:-26}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --release -p livinglab-cli --manifest-path "$ROOT/Cargo.toml" >&2
BIN=$TARGET/release/livinglab
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-package.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export LIVINGLAB_KEYSTORE="file:$WORK/keys.json" LIVINGLAB_KEY_PASSPHRASE=bench

echo "Generating $FILES × $MIB MiB of random evidence in $WORK" >&2
mkdir -p "$WORK/src"
for i in $(seq 1 "$FILES"); do
    head -c $((MIB * 1024 * 1024)) /dev/urandom > "$WORK/src/bukti-$i.mp4"
done
"$BIN" --workspace "$WORK/ws" init --region 32.04 >/dev/null
"$BIN" --workspace "$WORK/ws" period add --year 2024 >/dev/null
for i in $(seq 1 "$FILES"); do
    "$BIN" --workspace "$WORK/ws" evidence add --period 2024 --indicator $(( (i - 1) % 47 + 1 )) "$WORK/src/bukti-$i.mp4" >/dev/null
done
"$BIN" --workspace "$WORK/ws" identity show >/dev/null
"$BIN" --hub "$WORK/hub" hub init >/dev/null
KEY=$("$BIN" --workspace "$WORK/ws" identity show --json | sed -n 's/.*"public_key": "\(.*\)".*/\1/p')
"$BIN" --hub "$WORK/hub" hub keys add --region 32.04 --public-key "$KEY" >/dev/null
STORED=$(find "$WORK/ws/evidence" -type f | sort)
sync

measure() { # label, command...
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; exit 1; }
    read -r secs kib < "$WORK/time"
    printf '| %s | %s s | %s MiB |\n' "$label" "$secs" $((kib / 1024))
}

TOTAL=$(du -cb $STORED | tail -1 | cut -f1)
echo "Evidence: $FILES files, $((TOTAL / 1024 / 1024)) MiB; $(nproc) cores"
echo
echo '| What | Wall time | Peak RSS |'
echo '|---|---|---|'
mkdir -p "$WORK/copy"
# shellcheck disable=SC2086
measure 'sha256sum of the evidence files' sha256sum $STORED
# shellcheck disable=SC2086
measure 'cp of the evidence files' cp $STORED "$WORK/copy/"
rm -rf "$WORK/copy"
sync
# Opening the key file alone: scrypt's working memory, paid by every command that signs.
measure 'livinglab identity show (key file unlocked, no package)' "$BIN" --workspace "$WORK/ws" identity show
measure 'livinglab package build' "$BIN" --workspace "$WORK/ws" package build --period 2024 --out "$WORK/p.llpkg"
sync
measure 'livinglab package verify' "$BIN" package verify "$WORK/p.llpkg"
measure 'livinglab hub import' "$BIN" --hub "$WORK/hub" hub import "$WORK/p.llpkg"
echo
echo "Package: $(stat -c %s "$WORK/p.llpkg") bytes"
