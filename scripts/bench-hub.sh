#!/usr/bin/env bash
# Load on the hub's receiver: N regencies (default 100), each with its own workspace, key and
# package, all sending at once with `livinglab package send` to one `hub serve` on loopback.
# Reports throughput, latency percentiles of a whole send (hello, offer, uploads, submit,
# receipt), the receiver's peak RSS, and checks that every package arrived exactly once.
#   scripts/bench-hub.sh [REGENCIES] [EVIDENCE_KIB]       (default 100 regencies, 256 KiB each)
set -euo pipefail

N=${1:-100}
KIB=${2:-256}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --release -p livinglab-cli --manifest-path "$ROOT/Cargo.toml" >&2
BIN=$TARGET/release/livinglab
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-hub.XXXXXX")
trap 'kill "${HUB_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export LIVINGLAB_KEY_PASSPHRASE=bench LANG=C.UTF-8

echo "Preparing $N regencies in $WORK" >&2
"$BIN" --hub "$WORK/hub" hub init >/dev/null
# Kabupaten/kota codes from the shipped list (the first N).
CODES=$(tail -n +2 "$ROOT/assets/regions/regencies.csv" | cut -d, -f1 | head -n "$N")
i=0
for code in $CODES; do
    i=$((i + 1))
    ws="$WORK/ws-$i"
    export LIVINGLAB_KEYSTORE="file:$WORK/keys-$i.json"
    "$BIN" --workspace "$ws" init --region "$code" >/dev/null
    "$BIN" --workspace "$ws" period add --year 2024 >/dev/null
    "$BIN" --workspace "$ws" assess set --period 2024 --indicator 1 --level $(( i % 5 + 1 )) >/dev/null
    head -c $((KIB * 1024)) /dev/urandom > "$WORK/bukti-$i.pdf"
    "$BIN" --workspace "$ws" evidence add --period 2024 --indicator 1 "$WORK/bukti-$i.pdf" >/dev/null
    "$BIN" --workspace "$ws" package build --period 2024 --json 2>/dev/null \
        | sed -n 's/.*"package_id": "\(.*\)".*/\1/p' > "$WORK/id-$i"
    key=$("$BIN" --workspace "$ws" identity show --json | sed -n 's/.*"public_key": "\(.*\)".*/\1/p')
    "$BIN" --hub "$WORK/hub" hub keys add --region "$code" --public-key "$key" >/dev/null
done
N=$i

export LIVINGLAB_KEYSTORE="file:$WORK/hub-key.json"
"$BIN" --hub "$WORK/hub" hub serve --listen 127.0.0.1:0 --per-region-per-minute 60 > "$WORK/serve.out" &
HUB_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/serve.out" ] && break; sleep 0.05; done
ADDR=$(sed -n 's/.*"listening":"\([^"]*\)".*/\1/p' "$WORK/serve.out")
echo "Receiver pid $HUB_PID on $ADDR; $N regencies send at once" >&2

python3 - "$BIN" "$WORK" "$N" "$ADDR" "$HUB_PID" <<'PY'
import json, subprocess, sys, threading, time
binary, work, n, addr, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
results = [None] * n
start = threading.Barrier(n + 1)
def send(i):
    ws = f"{work}/ws-{i + 1}"
    pkg = open(f"{work}/id-{i + 1}").read().strip()
    start.wait()
    t0 = time.monotonic()
    out = subprocess.run([binary, "--workspace", ws, "package", "send", pkg, "--url", f"http://{addr}", "--json"],
                         capture_output=True, text=True)
    results[i] = (time.monotonic() - t0, out.returncode, out.stdout, out.stderr)
threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
for t in threads: t.start()
t_all = time.monotonic(); start.wait()
for t in threads: t.join()
wall = time.monotonic() - t_all
lat = sorted(r[0] for r in results)
def pct(p): return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))]
sent = sum(1 for r in results if r[1] == 0 and json.loads(r[2])[0]["state"] == "sent")
failed = [r[3].strip() for r in results if r[1] != 0][:3]
status = open(f"/proc/{pid}/status").read()
hwm = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM"))
rows = json.loads(subprocess.run([binary, "--hub", f"{work}/hub", "hub", "packages", "list", "--json"],
                                 capture_output=True, text=True, check=True).stdout)
regions = [r["region"] for r in rows]
print(f"| regencies at once | {n} |")
print(f"| sent with a receipt | {sent} |")
print(f"| packages at the hub | {len(rows)} ({len(set(regions))} regions, duplicates {len(rows) - len(set(regions))}) |")
print(f"| wall time, all | {wall:.2f} s |")
print(f"| throughput | {n / wall:.1f} packages/s |")
print(f"| latency of one send p50 / p90 / p99 / max | {pct(50):.2f} / {pct(90):.2f} / {pct(99):.2f} / {lat[-1]:.2f} s |")
print(f"| receiver peak RSS (VmHWM) | {hwm / 1024:.1f} MiB |")
if failed: print("failures:", failed, file=sys.stderr)
sys.exit(0 if sent == n and len(rows) == n == len(set(regions)) else 1)
PY
