#!/usr/bin/env bash
# Runs every test: unit, integration, CLI, documents, and end-to-end tests that drive the
# real app in its real webview (WebKitWebDriver) on a virtual display.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_packages $APP_PACKAGES $TEST_PACKAGES
ensure_rust
echo "Build cache: $CARGO_TARGET_DIR"
# Style and lints first: a run that fails them fails before the long part.
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy 2>/dev/null || true
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
# A module that does not parse leaves the window blank; say which one, before any build.
for module in $(find ui -name '*.js'); do
  node --input-type=module --check < "$module" || { echo "ui: $module does not parse" >&2; exit 1; }
done
cargo test --locked --workspace --no-run
# The end-to-end tests start one app each; one at a time keeps a 2-core machine responsive.
# The keychain tests need a real Secret Service: a private session bus with an unlocked
# gnome-keyring, and they must not skip here. The keyring gets a folder of its own with an empty
# password (a keyring left in the user's folder may want a password, and its prompt would wait
# forever), and no display, so that anything that would prompt fails instead.
export LIVINGLAB_REQUIRE_KEYCHAIN=1
# The storage-fault tests mount a small tmpfs; as root (CI) they must run, not skip.
if [ "$(id -u)" = 0 ]; then export LIVINGLAB_REQUIRE_MOUNT=1; fi
KEYRING_DATA="$(mktemp -d)"
trap 'rm -rf "$KEYRING_DATA"' EXIT
export KEYRING_DATA
xvfb-run -a -s "-screen 0 1366x860x24" dbus-run-session -- bash -c '
  start_keyring() { printf "\n" | env -u DISPLAY XDG_DATA_HOME="$KEYRING_DATA" gnome-keyring-daemon "$@" --components=secrets; }
  eval "$(start_keyring --unlock)"
  eval "$(start_keyring --start)"
  export GNOME_KEYRING_CONTROL
  exec cargo test --locked --workspace -- --test-threads="${TEST_THREADS:-1}"'
# A short run of every fuzz target (FUZZ_SMOKE_SECONDS each, default 20) on the readers of
# outside input; scripts/fuzz.sh run does the long runs.
bash scripts/fuzz.sh smoke

