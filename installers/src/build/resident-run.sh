#!/usr/bin/env bash
# The resident service as the .deb runs it, over a compressed day, against a real local collector (issue 13).
# Usage (after `mvn -B package -pl agent,collector,installers -am`):
#   installers/src/build/resident-run.sh [MINUTES=11] [HEARTBEAT_S=30] [DELTA_S=120] [FULL_S=600]
# Unpacks the .deb, dumps the class-data archive as postinst does, starts the collector jar on a free loopback port
# behind a byte-counting TCP relay (python3), writes the enrolment settings to a 0600 config file, then runs the
# packaged service entry point (bin/rollcall-agent-service: enrols, then execs the resident) with the unit's JVM
# flags from installers/pom.xml and short intervals. Samples the resident's VmRSS every 10 s and prints its peak,
# its own CPU, its workers' CPU (waited-for children), the workers run and the bytes both ways on the wire.
set -euo pipefail
minutes=${1:-11} heartbeat=${2:-30} delta=${3:-120} full=${4:-600}
here=$(cd "$(dirname "$0")/../.." && pwd)
repo=$(cd "$here/.." && pwd)
deb="$here/target/rollcall-agent_amd64.deb"
collector_jar="$repo/collector/target/rollcall-collector.jar"
[[ -f "$deb" && -f "$collector_jar" ]] || { echo "build first: $deb and $collector_jar" >&2; exit 2; }
prop() { sed -n "s:.*<$1>\\(-X[^<]*\\)</$1>.*:\\1:p" "$here/pom.xml" | head -n 1; }
worker_opts=$(prop rollcall.service.java.opts)
resident_opts=$(prop rollcall.resident.java.opts)

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

dpkg-deb -x "$deb" "$work/root"
agent="$work/root/opt/rollcall-agent/bin/rollcall-agent"
jsa="$work/agent.jsa"
ROLLCALL_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=$jsa" "$agent" scan >/dev/null 2>&1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port) relay=$(free_port)
mkdir -p "$work/data"
java -jar "$collector_jar" --data "$work/data" --port "$port" >"$work/collector.out" 2>"$work/collector.log" &
pids+=($!)
for _ in $(seq 1 180); do
  [[ -f "$work/data/first-run.json" ]] && grep -q "serving\|first start" "$work/collector.out" 2>/dev/null && break
  sleep 1
done
# first-run.json comes before the collector is ready for enrolments: wait for /health to answer
for _ in $(seq 1 120); do
  curl -ksf "https://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 1
done
sleep 5
# counts the bytes of every connection the agent makes (TLS included), one line per connection
python3 - "$relay" "$port" "$work/conns.log" <<'PY' &
import asyncio, sys
listen, target, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
async def pipe(r, w, c, k):
    try:
        while (b := await r.read(65536)):
            c[k] += len(b); w.write(b); await w.drain()
    except Exception:
        pass
    finally:
        w.close()
async def handle(cr, cw):
    sr, sw = await asyncio.open_connection('127.0.0.1', target)
    c = {'up': 0, 'down': 0}
    await asyncio.gather(pipe(cr, sw, c, 'up'), pipe(sr, cw, c, 'down'))
    with open(log, 'a') as f:
        f.write(f"{c['up']} {c['down']}\n")
async def main():
    async with await asyncio.start_server(handle, '127.0.0.1', listen) as s:
        await s.serve_forever()
asyncio.run(main())
PY
pids+=($!)
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$work/data/first-run.json"; }
config="$work/agent.properties"
( umask 077; printf 'collector.url=https://localhost:%s\nenroll.token=%s\nca.fingerprint=%s\n' "$relay" \
  "$(field enrollToken)" "$(field caFingerprint)" >"$config" )
state="$work/state"
install -d -m 0700 "$state"
printf 'interval.full=%s\ninterval.delta=%s\ninterval.heartbeat=%s\n' "$full" "$delta" "$heartbeat" >"$state/agent.properties"

ROLLCALL_CONFIG="$config" ROLLCALL_STATE="$state" ROLLCALL_JAVA_OPTS="$worker_opts -XX:SharedArchiveFile=$jsa" \
  ROLLCALL_RESIDENT_JAVA_OPTS="$resident_opts" "$work/root/opt/rollcall-agent/bin/rollcall-agent-service" \
  >"$work/service.log" 2>&1 &
resident=$! # the entry point execs the launcher, which execs java: this is the resident JVM
pids+=("$resident")
echo "resident flags: $resident_opts"
echo "worker flags:   $worker_opts -XX:SharedArchiveFile=…"
echo "intervals: full ${full}s, delta ${delta}s, heartbeat ${heartbeat}s; ${minutes} min"
peak=0
end=$((SECONDS + minutes * 60))
while [[ $SECONDS -lt $end ]]; do
  kill -0 "$resident" 2>/dev/null || { echo "the service stopped:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
  r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$resident/status")
  [[ "$r" -gt "$peak" ]] && peak=$r
  sleep 10
done
read -r ut st cut cst < <(awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12], f[13], f[14], f[15] }' \
  "/proc/$resident/stat")
hz=$(getconf CLK_TCK)
echo "resident VmRSS peak $((peak / 1024)) MiB ($peak kB), VmHWM $(awk '/^VmHWM:/ { print $2 }' "/proc/$resident/status") kB"
awk -v a="$((ut + st))" -v b="$((cut + cst))" -v hz="$hz" \
  'BEGIN { printf "CPU: resident %.2f s, its workers %.2f s\n", a / hz, b / hz }'
echo "workers: $(grep -c 'resident: worker' "$work/service.log") ($(grep -c 'exited 0' "$work/service.log") exited 0);" \
  "queued: $(grep -o 'queued [a-z]*' "$work/service.log" | sort | uniq -c | tr -s ' \n' ' ')"
awk '{ n++; up += $1; down += $2 } END { printf "connections %d, bytes up %d, down %d\n", n, up, down }' "$work/conns.log"
"$agent" status --state "$state" | grep -E 'last (full|delivery)|outbox|dropped'
