#!/usr/bin/env python3
"""Start-up and memory of Tauri apps, side by side (run by scripts/bench-startup.sh).

    bench_startup.py RUNS NAME=BINARY:HOME_TEMPLATE[:MARKER_CSS] ...

For each run, and each app in turn (interleaved), on the X display in $DISPLAY:
  - a fresh copy of HOME_TEMPLATE is the app's home (its settings, its open workspace); its
    cache folder is kept from run to run (see CACHES);
  - WebKitWebDriver starts the app; t0 is the moment the script asks it to;
  - "mapped" is the first MapNotify of a top-level window after t0 (an X event, no polling);
  - "painted" is when the page's first screen was painted: the element MARKER_CSS (default
    #app) carries data-painted-at, set two animation frames after the first screen is in the
    DOM, in ms since the page's navigation started (performance.timeOrigin); one asynchronous
    WebDriver script waits for it (a MutationObserver, no polling of the page);
  - 3 s after that, RSS and PSS (/proc/PID/smaps_rollup) of the app and every process under
    it (WebKitWebProcess, WebKitNetworkProcess).
Prints one JSON line per run and app, then the medians as JSON.
"""

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from Xlib import X, display

SETTLE_S = 3.0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wd(base, method, path, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    r = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(r, timeout=timeout) as resp:
            return json.load(resp)["value"]
    except urllib.error.HTTPError as e:
        # The driver says why in its body (a script error, a timeout): keep it.
        raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')[:500]}") from None


class MapWatcher(threading.Thread):
    """Records the time of the first top-level window mapped after arm()."""

    def __init__(self):
        super().__init__(daemon=True)
        self.d = display.Display()
        root = self.d.screen().root
        root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.d.sync()
        self.armed_at = None
        self.mapped_at = None
        self.lock = threading.Lock()

    def arm(self):
        with self.lock:
            self.armed_at = time.time()
            self.mapped_at = None

    def run(self):
        while True:
            ev = self.d.next_event()
            if ev.type == X.MapNotify and not ev.override:
                now = time.time()
                with self.lock:
                    if self.armed_at is not None and self.mapped_at is None:
                        self.mapped_at = now


def children(pid):
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(p))
        except OSError:
            pass
    return out


def tree(pid):
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(children(p))
    return seen


def memory(pid):
    procs = []
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                comm = f.read().strip()
            rss = pss = 0
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss = int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss = int(line.split()[1])
            procs.append({"comm": comm, "rss_kib": rss, "pss_kib": pss})
        except OSError:
            pass
    return procs


# Each app's cache folder lives across its runs, as it does on a user's machine: what the
# graphics stack caches there (Mesa's compiled shaders: mesa_shader_cache) is made by its first
# start (the warm-up run) and read by every later one. FRESH_CACHE=1 gives every run an empty one
# (the first start after installing).
CACHES = {}


def cache_dir(name):
    if os.environ.get("FRESH_CACHE") == "1":
        return None
    if name not in CACHES:
        CACHES[name] = tempfile.mkdtemp(prefix=f"bench-cache-{name}-")
    return CACHES[name]


def one_run(name, binary, template, marker, watcher):
    home = tempfile.mkdtemp(prefix=f"bench-{name}-")
    try:
        shutil.copytree(template, home, dirs_exist_ok=True, symlinks=True)
        env = dict(os.environ)
        env.update(
            HOME=home,
            XDG_CONFIG_HOME=f"{home}/.config",
            XDG_DATA_HOME=f"{home}/.local/share",
            XDG_CACHE_HOME=cache_dir(name) or f"{home}/.cache",
            TAURI_WEBVIEW_AUTOMATION="true",
            LANG="C.UTF-8",
        )
        port = free_port()
        driver = subprocess.Popen(
            ["WebKitWebDriver", f"--port={port}"], env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.time() > deadline:
                        raise RuntimeError("WebKitWebDriver does not listen")
                    time.sleep(0.02)
            caps = {"capabilities": {"alwaysMatch": {
                "webkitgtk:browserOptions": {"binary": binary, "args": []},
                "timeouts": {"script": 60000},
            }}}
            watcher.arm()
            t0 = time.time()
            session = wd(base, "POST", "/session", caps)["sessionId"]
            script = (
                # WebDriver passes the callback after the script's own arguments.
                "const el = document.querySelector(arguments[0]); const done = arguments[arguments.length - 1];"
                "const give = () => done([performance.timeOrigin, Number(el.dataset.paintedAt)]);"
                "if (el.dataset.paintedAt) give(); else new MutationObserver((m, o) => {"
                " if (el.dataset.paintedAt) { o.disconnect(); give(); } })"
                ".observe(el, {attributes: true});"
            )
            origin, painted = wd(base, "POST", f"/session/{session}/execute/async", {"script": script, "args": [marker]})
            painted_at = (origin + painted) / 1000.0
            app_pids = children(driver.pid)
            if len(app_pids) != 1:
                raise RuntimeError(f"expected one app process under the driver, found {app_pids}")
            app_pid = app_pids[0]
            mapped_at = watcher.mapped_at
            time.sleep(SETTLE_S)
            procs = memory(app_pid)
            dom = wd(base, "POST", f"/session/{session}/execute/sync",
                     {"script": "return document.getElementsByTagName('*').length", "args": []})
            # Where the time went on the page: the app's own measures (each IPC call, the view's
            # module and render), ms, and when the page's own script began.
            steps = wd(base, "POST", f"/session/{session}/execute/sync", {"script": (
                "const m = {}; for (const e of performance.getEntriesByType('measure')) m[e.name] = Math.round((m[e.name] || 0) + e.duration);"
                "for (const e of performance.getEntriesByType('mark')) m['at ' + e.name] = Math.round(e.startTime);"
                "const n = performance.getEntriesByType('navigation')[0];"
                "m['page dom_interactive'] = n ? Math.round(n.domInteractive) : null; return m;"), "args": []})
            try:
                wd(base, "DELETE", f"/session/{session}", timeout=10)
            except Exception:
                pass
            return {
                "app": name,
                "mapped_ms": round((mapped_at - t0) * 1000, 1) if mapped_at else None,
                "painted_ms": round((painted_at - t0) * 1000, 1),
                # Of which: until the page's navigation began (process, window, webview), and
                # from there to the painted frame (the page's own loading and work).
                "navigation_ms": round((origin / 1000.0 - t0) * 1000, 1),
                "page_ms": round(painted, 1),
                "rss_mib": round(sum(p["rss_kib"] for p in procs) / 1024, 1),
                "pss_mib": round(sum(p["pss_kib"] for p in procs) / 1024, 1),
                "processes": {p["comm"]: [round(p["rss_kib"] / 1024, 1), round(p["pss_kib"] / 1024, 1)] for p in procs},
                "dom_elements": dom,
                "steps_ms": steps,
            }
        finally:
            try:
                os.killpg(driver.pid, signal.SIGTERM)
            except OSError:
                pass
            driver.wait()
            time.sleep(0.5)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main():
    runs = int(sys.argv[1])
    apps = []
    for spec in sys.argv[2:]:
        name, rest = spec.split("=", 1)
        parts = rest.split(":")
        apps.append((name, parts[0], parts[1], parts[2] if len(parts) > 2 else "#app"))
    watcher = MapWatcher()
    watcher.start()
    results = {a[0]: [] for a in apps}
    # One warm-up run each: the first start after a build reads the binary from disk.
    for a in apps:
        one_run(*a, watcher)
    for i in range(runs):
        order = apps if i % 2 == 0 else list(reversed(apps))
        for a in order:
            r = one_run(*a, watcher)
            r["run"] = i + 1
            print(json.dumps(r), flush=True)
            results[a[0]].append(r)
    summary = {}
    for name, rs in results.items():
        med = lambda k: statistics.median(r[k] for r in rs if r[k] is not None)
        comms = sorted({c for r in rs for c in r["processes"]})
        summary[name] = {
            "runs": len(rs),
            "mapped_ms": med("mapped_ms"),
            "painted_ms": med("painted_ms"),
            "navigation_ms": med("navigation_ms"),
            "page_ms": med("page_ms"),
            "rss_mib": med("rss_mib"),
            "pss_mib": med("pss_mib"),
            "dom_elements": med("dom_elements"),
            "steps_ms": {
                k: statistics.median(r["steps_ms"][k] for r in rs if r["steps_ms"].get(k) is not None)
                for k in sorted({k for r in rs for k in r["steps_ms"]})
                if any(r["steps_ms"].get(k) is not None for r in rs)
            },
            "processes_rss_pss_mib": {
                c: [statistics.median(r["processes"][c][0] for r in rs if c in r["processes"]),
                    statistics.median(r["processes"][c][1] for r in rs if c in r["processes"])]
                for c in comms
            },
        }
    print(json.dumps({"medians": summary}, indent=1))


if __name__ == "__main__":
    main()
