#!/usr/bin/env bash
# Start-up, memory and bundle size of Living Lab against a hello-world Tauri 2 app of the same
# stack (the same tauri version from Cargo.lock, the same release profile, the same window),
# which this script writes and builds under $BENCH_DIR.
#
#   scripts/bench-startup.sh [RUNS]     (default 12 interleaved runs after one warm-up each)
#
# Living Lab starts with the example workspace open (made with `livinglab sample`, remembered
# as the last workspace, so the app opens it on its dashboard); the hello-world app shows one
# heading. Both are measured by scripts/bench_startup.py (what "mapped" and "painted" mean is
# there) on a virtual display. Needs release builds: scripts/bundle.sh makes Living Lab's.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_packages xvfb xauth dbus dbus-x11 webkit2gtk-driver python3-xlib nodejs
ensure_rust
RUNS="${1:-12}"
BENCH_DIR="${BENCH_DIR:-$HOME/.cache/livinglab/bench-startup}"
TAURI_CLI_VERSION=2.12.5
TAURI_CLI_DIR="${TAURI_CLI_DIR:-$HOME/.cache/livinglab/tauri-cli}"
[ -x "$TAURI_CLI_DIR/node_modules/.bin/tauri" ] ||
  npm install --silent --no-audit --no-fund --prefix "$TAURI_CLI_DIR" "@tauri-apps/cli@$TAURI_CLI_VERSION"
TAURI="$TAURI_CLI_DIR/node_modules/.bin/tauri"

app="$CARGO_TARGET_DIR/release/living-lab"
[ -x "$app" ] || "$TAURI" build --ci --bundles deb,rpm -- --locked
# The hello-world app builds into the same target folder by default: the crates both use at the
# same versions and features are compiled once.
HELLO_TARGET_DIR="${HELLO_TARGET_DIR:-$CARGO_TARGET_DIR}"
cargo build --release --locked -p livinglab-cli --bin livinglab
cli="$CARGO_TARGET_DIR/release/livinglab"

# The hello-world app: the project's layout, tauri's version, profile, window and icons.
hello="$BENCH_DIR/hello-world"
mkdir -p "$hello/src-tauri" "$hello/ui" "$hello/assets"
tauri_version=$(awk '/^name = "tauri"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
tauri_build_version=$(awk '/^name = "tauri-build"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
{
  cat <<EOF
[package]
name = "hello-world"
version = "0.1.0"
edition = "2021"
build = "src-tauri/build.rs"

[[bin]]
name = "hello-world"
path = "src-tauri/main.rs"

[features]
default = ["custom-protocol"]
custom-protocol = ["tauri/custom-protocol"]

[build-dependencies]
tauri-build = "=$tauri_build_version"

[dependencies]
tauri = "=$tauri_version"

EOF
  # The release profile, as Living Lab's Cargo.toml has it, with its per-crate levels (the shell
  # crate's becomes the hello-world's; cargo warns of those for crates hello-world lacks).
  awk '/^\[/ { on = /^\[profile\.release/ } on' Cargo.toml | sed 's/^\[profile.release.package.living-lab\]/[profile.release.package.hello-world]/'
} > "$hello/Cargo.toml"
cp Cargo.lock "$hello/Cargo.lock" # the same versions of everything both use
cp -r assets/icons "$hello/assets/"
cat > "$hello/src-tauri/build.rs" <<'EOF'
fn main() {
    tauri_build::build()
}
EOF
cat > "$hello/src-tauri/main.rs" <<'EOF'
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("error while running the app");
}
EOF
cat > "$hello/ui/index.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hello</title></head>
<body id="app"><h1>Hello, world</h1>
<script>requestAnimationFrame(() => requestAnimationFrame(() => { document.body.dataset.paintedAt = String(Math.round(performance.now())); }));</script>
</body></html>
EOF
python3 - "$hello/tauri.conf.json" <<'EOF'
import json, sys
conf = json.load(open("tauri.conf.json"))
w = conf["app"]["windows"][0]
hello = {
    "$schema": conf["$schema"], "productName": "Hello World", "mainBinaryName": "hello-world",
    "version": "0.1.0", "identifier": "id.livinglab.helloworld",
    "build": {"frontendDist": "ui"},
    "app": {"windows": [{k: w[k] for k in ("label", "width", "height", "minWidth", "minHeight", "center")} | {"title": "Hello World"}],
            "security": {"csp": "default-src 'self'; script-src 'self' 'unsafe-inline'"}},
    "bundle": {"active": True, "targets": ["deb", "rpm"], "icon": conf["bundle"]["icon"]},
}
json.dump(hello, open(sys.argv[1], "w"), indent=2)
EOF
echo "Building the hello-world app in $hello" >&2
(cd "$hello" && CARGO_TARGET_DIR="$HELLO_TARGET_DIR" "$TAURI" build --ci --bundles deb,rpm >&2)
hello_bin="$HELLO_TARGET_DIR/release/hello-world"

# Homes: Living Lab's has the example workspace open; the hello-world's is empty.
homes="$BENCH_DIR/homes"
rm -rf "$homes"
mkdir -p "$homes/hello" "$homes/living-lab/.config/LivingLab"
ws="$homes/living-lab/.local/share/LivingLab/workspaces/00.00-kabupaten-contoh"
"$cli" --workspace "$ws" --today 2026-11-21 sample >/dev/null
python3 - "$homes/living-lab/.config/LivingLab/config.json" "$ws" <<'EOF'
import json, sys
json.dump({"language": "id", "recent": [{"path": sys.argv[2], "name": "Kabupaten Contoh", "opened_at": "2026-11-21T08:00:00Z"}]}, open(sys.argv[1], "w"))
EOF

out="$BENCH_DIR/startup-$(date +%Y%m%d-%H%M%S).jsonl"
echo "Runs: $RUNS each, interleaved; results in $out" >&2
xvfb-run -a -s "-screen 0 1366x860x24" dbus-run-session -- \
  /usr/bin/python3 scripts/bench_startup.py "$RUNS" \
  "living-lab=$app:$homes/living-lab:#app" "hello-world=$hello_bin:$homes/hello:#app" | tee "$out"

echo
echo "Bundles:"
for f in "$CARGO_TARGET_DIR"/release/bundle/deb/Living*.deb "$CARGO_TARGET_DIR"/release/bundle/rpm/Living*.rpm \
  "$HELLO_TARGET_DIR"/release/bundle/deb/Hello*.deb "$HELLO_TARGET_DIR"/release/bundle/rpm/Hello*.rpm "$app" "$hello_bin"; do
  printf '  %10d  %s\n' "$(stat -c %s "$f")" "$f"
done
