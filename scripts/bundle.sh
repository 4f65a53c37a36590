#!/usr/bin/env bash
# Builds the Linux installers of Living Lab: a .deb (Debian, Ubuntu) and an .rpm (Fedora,
# openSUSE), with the Tauri CLI from npm at a pinned version, in the release profile of
# Cargo.toml. Windows (.msi, NSIS .exe) and macOS (.dmg) are built on their own systems by
# .github/workflows/release.yml with the same CLI.
#
#   scripts/bundle.sh            build both and print where they are and their sizes
#   scripts/bundle.sh --check    also install the .deb into a clean folder and start it
#                                (scripts/bundle-check.sh)
#
# The bundles end up in $CARGO_TARGET_DIR/release/bundle/{deb,rpm}/. Tauri's bundler writes
# both formats itself (rpmbuild is not needed); dpkg-deb, where there is one, packs the .deb
# again with xz (below).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

# The CLI's version follows the tauri crate's (Cargo.lock).
TAURI_CLI_VERSION=2.12.5
TAURI_CLI_DIR="${TAURI_CLI_DIR:-$HOME/.cache/livinglab/tauri-cli}"

ensure_packages $APP_PACKAGES nodejs
ensure_rust

tauri_cli() {
  local bin="$TAURI_CLI_DIR/node_modules/.bin/tauri"
  if [ ! -x "$bin" ] || [ "$("$bin" --version)" != "tauri-cli $TAURI_CLI_VERSION" ]; then
    command -v npm >/dev/null || ensure_packages npm
    echo "Installing @tauri-apps/cli@$TAURI_CLI_VERSION into $TAURI_CLI_DIR" >&2
    mkdir -p "$TAURI_CLI_DIR"
    npm install --silent --no-audit --no-fund --prefix "$TAURI_CLI_DIR" "@tauri-apps/cli@$TAURI_CLI_VERSION" >&2
  fi
  echo "$bin"
}

TAURI="$(tauri_cli)"
# --ci: no prompts; the bundle targets of tauri.conf.json are for every system, so name ours.
"$TAURI" build --ci --bundles deb,rpm -- --locked

bundle_dir="$CARGO_TARGET_DIR/release/bundle"
deb=$(ls -t "$bundle_dir"/deb/Living*.deb | head -1)
rpm=$(ls -t "$bundle_dir"/rpm/Living*.rpm | head -1)
# Tauri's bundler compresses the .deb's files with gzip; Debian's own packages use xz, which
# every dpkg and apt reads (Debian 12, Ubuntu 22.04) and which makes the file about a third
# smaller to e-mail or download over a slow line. The package is taken apart and built again
# with the same files, permissions and control data. Its file tree is then compressed once more
# with xz's x86 filter in front (which turns the machine code's relative jumps into absolute
# ones, so that the same target repeats): about 5 % smaller. dpkg-deb offers no filter option,
# so the package's three members are put together again with ar, in the order dpkg requires;
# any dpkg reads the result, as its xz decoder takes every filter chain.
if command -v dpkg-deb >/dev/null; then
  ensure_packages binutils xz-utils
  repack="$(mktemp -d)"
  dpkg-deb -R "$deb" "$repack/pkg"
  dpkg-deb --root-owner-group -Zxz -z9 -Sextreme -b "$repack/pkg" "$repack/out.deb" >/dev/null
  (
    cd "$repack"
    ar x out.deb debian-binary control.tar.xz data.tar.xz
    xz -dc data.tar.xz | xz -T1 --x86 --lzma2=preset=9e >data.tar.bcj
    mv data.tar.bcj data.tar.xz
    rm out.deb
    ar rcD out.deb debian-binary control.tar.xz data.tar.xz
    dpkg-deb --info out.deb >/dev/null
  )
  mv "$repack/out.deb" "$deb"
  rm -rf "$repack"
fi
size() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
echo
echo "Built:"
printf '  %s  %s (%s bytes)\n' "$deb" "$(mib "$(size "$deb")")" "$(size "$deb")"
printf '  %s  %s (%s bytes)\n' "$rpm" "$(mib "$(size "$rpm")")" "$(size "$rpm")"
printf '  app binary, stripped: %s (%s bytes)\n' "$(mib "$(size "$CARGO_TARGET_DIR/release/living-lab")")" "$(size "$CARGO_TARGET_DIR/release/living-lab")"

if [ "${1:-}" = "--check" ]; then
  exec scripts/bundle-check.sh "$deb"
fi
