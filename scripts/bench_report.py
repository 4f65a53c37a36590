#!/usr/bin/env python3
"""The progress report PDF by `livinglab report` against headless Chromium printing the same
content as HTML (run by scripts/bench-report.sh).

    bench_report.py RUNS OUT_DIR -- LIVINGLAB_REPORT_COMMAND... -- HTML_FILE

Each run, in turn:
  ours     the livinglab command (a whole process: opening the workspace, gathering, laying out,
           writing the PDF), under GNU time for its peak RSS;
  fresh    a new `chromium --headless --print-to-pdf` process (what a tool that shells out to a
           browser per document does); its process tree's RSS is sampled every 10 ms and summed,
           and GNU time gives the largest single process's peak;
  running  a print by a Chromium already running (the DevTools protocol: a new tab loads the
           file, Page.printToPDF, the tab closes), its tree's RSS sampled the same way.
Prints one JSON line per run, then the medians and ratios.
"""

import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import websocket

CHROMIUM = os.environ.get("CHROMIUM", "chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check"]


def tree(pid):
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except OSError:
                pass
    out, todo = [], [pid]
    while todo:
        q = todo.pop()
        out.append(q)
        todo.extend(kids.get(q, []))
    return out


def rss_kib(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class TreeSampler(threading.Thread):
    """The peak of the summed RSS of a process tree, sampled every 10 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, False

    def run(self):
        while not self.stop:
            self.peak = max(self.peak, rss_kib(tree(self.pid)))
            time.sleep(0.01)


def timed(cmd, sample_tree):
    """Runs cmd under GNU time; (wall s, peak RSS of its largest process KiB, tree peak KiB)."""
    with tempfile.NamedTemporaryFile("r") as tf:
        t0 = time.perf_counter()
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", tf.name, *cmd],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sampler = TreeSampler(p.pid) if sample_tree else None
        if sampler:
            sampler.start()
        rc = p.wait()
        wall = time.perf_counter() - t0
        if sampler:
            sampler.stop = True
            sampler.join()
        if rc != 0:
            raise RuntimeError(f"{cmd[0]} failed ({rc})")
        return wall, int(tf.read().strip() or 0), sampler.peak if sampler else None


class RunningChromium:
    def __init__(self, profile):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--remote-debugging-port={self.port}",
                                      f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                self.version = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/version", timeout=1))
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.ws = websocket.create_connection(self.version["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0

    def call(self, method, session=None, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            r = json.loads(self.ws.recv())
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise RuntimeError(r["error"])
                return r["result"]

    def wait_event(self, name, session):
        while True:
            r = json.loads(self.ws.recv())
            if r.get("method") == name and r.get("sessionId") == session:
                return r

    def print_pdf(self, url, out):
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session)
        self.call("Page.navigate", session, url=url)
        self.wait_event("Page.loadEventFired", session)
        data = self.call("Page.printToPDF", session, paperWidth=8.27, paperHeight=11.69, preferCSSPageSize=True,
                         printBackground=True)["data"]
        with open(out, "wb") as f:
            f.write(base64.b64decode(data))
        self.call("Target.closeTarget", targetId=target)

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait()


def main():
    args = sys.argv[1:]
    runs, out_dir = int(args[0]), args[1]
    sep = [i for i, a in enumerate(args) if a == "--"]
    ours_cmd = args[sep[0] + 1:sep[1]]
    html = os.path.abspath(args[sep[1] + 1])
    url = "file://" + html
    profile = tempfile.mkdtemp(prefix="bench-chromium-")
    running = RunningChromium(profile)
    print(json.dumps({"chromium": running.version.get("Browser")}), flush=True)
    results = []
    # One warm-up of each: the first start reads the binaries from disk.
    for warm in range(1):
        timed(ours_cmd, False)
        timed([CHROMIUM, *FLAGS, "--no-pdf-header-footer", f"--user-data-dir={profile}-fresh",
               f"--print-to-pdf={out_dir}/chromium-fresh.pdf", url], False)
        running.print_pdf(url, f"{out_dir}/chromium-running.pdf")
    for i in range(runs):
        r = {"run": i + 1}
        order = ["ours", "fresh", "running"]
        order = order[i % 3:] + order[:i % 3]
        for which in order:
            if which == "ours":
                wall, peak, _ = timed(ours_cmd, False)
                r["ours_s"], r["ours_peak_mib"] = wall, peak / 1024
            elif which == "fresh":
                wall, peak, tree_peak = timed([CHROMIUM, *FLAGS, "--no-pdf-header-footer", f"--user-data-dir={profile}-fresh",
                                               f"--print-to-pdf={out_dir}/chromium-fresh.pdf", url], True)
                r["fresh_s"], r["fresh_largest_mib"], r["fresh_tree_mib"] = wall, peak / 1024, tree_peak / 1024
            else:
                sampler = TreeSampler(running.proc.pid)
                sampler.start()
                t0 = time.perf_counter()
                running.print_pdf(url, f"{out_dir}/chromium-running.pdf")
                r["running_s"] = time.perf_counter() - t0
                sampler.stop = True
                sampler.join()
                r["running_tree_mib"] = sampler.peak / 1024
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()}), flush=True)
        results.append(r)
    running.close()
    med = {k: statistics.median(r[k] for r in results) for k in results[0] if k != "run"}
    med["fresh_over_ours"] = med["fresh_s"] / med["ours_s"]
    med["running_over_ours"] = med["running_s"] / med["ours_s"]
    med["sizes"] = {n: os.path.getsize(f"{out_dir}/{n}") for n in ("ours.pdf", "chromium-fresh.pdf", "chromium-running.pdf")}
    print(json.dumps({"medians": {k: round(v, 4) if isinstance(v, float) else v for k, v in med.items()}}, indent=1))


if __name__ == "__main__":
    main()
