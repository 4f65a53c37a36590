#!/usr/bin/env bash
# Installs a Living Lab .deb into a clean folder (dpkg -x, nothing of it on the system) and
# starts the installed app from there, on a virtual display with a fresh home folder:
#   1. the package's files are where a desktop looks for them and its Depends are met here;
#   2. the binary finds every library it links (ldd);
#   3. started plainly, its window maps (xdotool);
#   4. started through WebKitWebDriver, it serves the first screen: the welcome screen's title
#      in Indonesian, read from the page.
#
#   scripts/bundle-check.sh [FILE.deb]   (default: the newest under $CARGO_TARGET_DIR/release/bundle/deb)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_packages xvfb xauth dbus dbus-x11 webkit2gtk-driver xdotool python3 binutils

deb="${1:-$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/Living*.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "No .deb found; run scripts/bundle.sh first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
echo "Checking $deb ($(stat -c %s "$deb") bytes) in $root"

# The files travel xz-compressed (scripts/bundle.sh packs the bundler's .deb again).
ar t "$deb" | grep -qx 'data.tar.xz' || { echo "FAIL: the .deb's files are not xz-compressed" >&2; exit 1; }
ar p "$deb" data.tar.xz >"$work/data.tar.xz"
xz -lvv "$work/data.tar.xz" | grep -q -- '--x86' || { echo "FAIL: the .deb's files are compressed without the x86 filter" >&2; exit 1; }
rm "$work/data.tar.xz"
dpkg -x "$deb" "$root"
app="$root/usr/bin/living-lab"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$app" ] || fail "no usr/bin/living-lab in the package"
ls "$root"/usr/share/applications/*.desktop >/dev/null 2>&1 || fail "no .desktop file"
ls "$root"/usr/share/icons/hicolor/*/apps/living-lab.png >/dev/null 2>&1 || fail "no icon"
grep -q '^Exec=living-lab' "$root"/usr/share/applications/*.desktop || fail "the .desktop file does not start living-lab"
echo "ok: files (binary, .desktop, icons)"

# Every dependency the package declares is installed on this system (name, any version).
depends="$(dpkg-deb -f "$deb" Depends)"
echo "Depends: $depends"
for dep in $(echo "$depends" | tr ',' '\n' | sed 's/(.*)//; s/|.*//' | tr -d ' '); do
  dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" || fail "dependency $dep is not installed"
done
echo "ok: dependencies installed"

missing="$(ldd "$app" | grep 'not found' || true)"
[ -z "$missing" ] || fail "libraries not found: $missing"
echo "ok: ldd finds every library"

home="$work/home"
mkdir -p "$home"
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache"
export LANG=C.UTF-8 APP="$app"

xvfb-run -a -s "-screen 0 1366x860x24" dbus-run-session -- bash -c '
  set -euo pipefail
  # 3. The window maps.
  "$APP" >/dev/null 2>&1 &
  pid=$!
  start=$(date +%s%N)
  if ! timeout 30 xdotool search --sync --onlyvisible --pid "$pid" --name "^Living Lab$" >/dev/null; then
    kill $pid 2>/dev/null; echo "FAIL: no window mapped in 30 s" >&2; exit 1
  fi
  echo "ok: window mapped ($(( ($(date +%s%N) - start) / 1000000 )) ms after start)"
  kill $pid; wait $pid 2>/dev/null || true

  # 4. The first screen, read through WebKitWebDriver.
  port=$(python3 -c "import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])")
  TAURI_WEBVIEW_AUTOMATION=true setsid WebKitWebDriver --port=$port >/dev/null 2>&1 &
  driver=$!
  trap "kill -- -$driver 2>/dev/null || kill $driver 2>/dev/null || true" EXIT
  python3 - "$port" "$APP" <<"EOF"
import json, sys, time, urllib.request
port, app = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
def req(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    r = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(r, timeout=60) as resp:
        return json.load(resp)["value"]
caps = {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {"binary": app, "args": []}}}}
deadline = time.time() + 30
while True:
    try:
        session = req("POST", "/session", caps)["sessionId"]
        break
    except Exception:
        if time.time() > deadline:
            sys.exit("FAIL: no WebDriver session with the installed app")
        time.sleep(0.3)
script = {"script": "const a = document.getElementById(\"app\"); const t = document.getElementById(\"welcome-title\");"
          " return [a && a.dataset.ready, t && t.textContent, document.documentElement.lang];", "args": []}
title = None
while time.time() < deadline:
    ready, title, lang = req("POST", f"/session/{session}/execute/sync", script)
    if ready == "true" and title:
        break
    time.sleep(0.2)
req("DELETE", f"/session/{session}")
if not title or "Selamat datang" not in title:
    sys.exit(f"FAIL: the first screen did not show; title {title!r}")
print(f"ok: the first screen is served: {title!r}")
EOF
'
echo "The .deb installs into a clean folder and the app starts from it."
