#!/usr/bin/env bash
# Builds Living Lab and starts it. The first start shows the welcome screen, from which a
# workspace is created (in the OS app-data folder) or the example workspace is opened.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_packages $APP_PACKAGES
ensure_rust
cargo build --release --locked -p living-lab -p livinglab-cli
echo "Built: $CARGO_TARGET_DIR/release/living-lab (app) and $CARGO_TARGET_DIR/release/livinglab (CLI)"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting on a virtual display (Xvfb); the window is not visible." >&2
  ensure_packages xvfb xauth dbus dbus-x11
  exec xvfb-run -a dbus-run-session -- "$CARGO_TARGET_DIR/release/living-lab"
fi
exec "$CARGO_TARGET_DIR/release/living-lab"
