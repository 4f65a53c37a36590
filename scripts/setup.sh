# Sourced by run.sh and test.sh: installs what a fresh Debian/Ubuntu machine lacks.
# On Windows and macOS see README.md ("Windows and macOS").

# System packages the app builds and runs with.
APP_PACKAGES="build-essential pkg-config curl libwebkit2gtk-4.1-dev"
# What the tests need on top: a virtual display, the WebKit WebDriver, a session bus,
# the PDF and QR tools the document tests read their output with, and xdotool for the
# native save dialog (python3-xlib closes a window as a window manager would); node checks
# the UI's modules parse before a webview loads them.
TEST_PACKAGES="xvfb xauth webkit2gtk-driver dbus dbus-x11 poppler-utils zbar-tools libnss3-tools gnome-keyring xdotool nodejs python3-xlib"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to install packages: $*" >&2; return 1; fi
}

ensure_packages() {
  local missing=""
  for p in $*; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Missing packages:$missing. Install them with your system's package manager." >&2
    return 1
  fi
  echo "Installing:$missing"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  fi
  if ! command -v cargo >/dev/null; then
    echo "Installing Rust (rustup)…"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "$HOME/.cargo/env"
  fi
}

# Builds go to a cache outside the source tree, so a fresh clone reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/livinglab/target}"
