#!/usr/bin/env bash
# Resident memory of the packaged agent's `run` over time, against a real local collector.
# Usage (after `mvn -B package -pl agent,collector,installers -am`):
#   installers/src/build/footprint-run.sh [MINUTES=20] [DELTA_S=30] [HEARTBEAT_S=10] [FULL_S=600]
# Unpacks the .deb, makes the class-data archive with postinst itself, starts the collector jar on a free port, enrols,
# then runs `rollcall-agent run` with the service's JVM flags and short intervals, so that MINUTES of wall time hold
# far more scans than an hour of the default schedule (24 h full, 1 h delta, 15 min heartbeat). Samples VmRSS and
# CPU of the agent's JVM every minute, prints one line per sample and a summary (start, max, end). BENCHMARKS.md.
set -euo pipefail
minutes=${1:-20} delta=${2:-30} heartbeat=${3:-10} full=${4:-600}
here=$(cd "$(dirname "$0")/../.." && pwd)
repo=$(cd "$here/.." && pwd)
deb="$here/target/rollcall-agent_amd64.deb"
collector_jar="$repo/collector/target/rollcall-collector.jar"
[[ -f "$deb" && -f "$collector_jar" ]] || { echo "build first: $deb and $collector_jar" >&2; exit 2; }
opts=$(sed -n 's:.*<rollcall.service.java.opts>\(-X[^<]*\)</rollcall.service.java.opts>.*:\1:p' "$here/pom.xml" | head -n 1)

work=$(mktemp -d)
collector_pid="" agent_pid=""
cleanup() {
  if [[ -n "$agent_pid" ]]; then kill "$agent_pid" 2>/dev/null || true; fi
  if [[ -n "$collector_pid" ]]; then kill "$collector_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

dpkg-deb -x "$deb" "$work/root"
dpkg-deb -e "$deb" "$work/control"
agent="$work/root/opt/rollcall-agent/bin/rollcall-agent"
# the class-data archive exactly as postinst makes it (every path under the sandbox; no systemd, no enrolment there)
ROLLCALL_ROOT="$work/root" sh "$work/control/postinst" configure >/dev/null 2>&1 || true
jsa="$work/root/var/cache/rollcall-agent/agent.jsa"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/data"
java -jar "$collector_jar" --data "$work/data" --port "$port" >"$work/collector.out" 2>"$work/collector.log" &
collector_pid=$!
for _ in $(seq 1 180); do
  [[ -f "$work/data/first-run.json" ]] && grep -q "serving\|first start" "$work/collector.out" 2>/dev/null && break
  kill -0 "$collector_pid" 2>/dev/null || { tail -20 "$work/collector.log" >&2; exit 1; }
  sleep 1
done
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$work/data/first-run.json"; }

state="$work/state"
# the token goes through a pipe, never on a command line
field enrollToken | "$agent" enroll --server "https://localhost:$port" --token - \
  --ca-fingerprint "$(field caFingerprint)" --state "$state" >/dev/null
printf 'interval.full=%s\ninterval.delta=%s\ninterval.heartbeat=%s\n' "$full" "$delta" "$heartbeat" >"$state/agent.properties"

export ROLLCALL_JAVA_OPTS="$opts -XX:SharedArchiveFile=$jsa"
"$agent" run --state "$state" >"$work/agent.log" 2>&1 &
agent_pid=$! # the launcher execs java, so this is the JVM

echo "flags: $ROLLCALL_JAVA_OPTS"
echo "intervals: full ${full}s, delta ${delta}s, heartbeat ${heartbeat}s; ${minutes} min"
echo "minute rss_mb cpu_s"
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$agent_pid/status"; }
cpu_s() { awk '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.2f", (f[12] + f[13]) / 100 }' "/proc/$agent_pid/stat"; }
samples=()
sleep 20 # past the first full scan and delivery
for m in $(seq 0 "$minutes"); do
  kill -0 "$agent_pid" 2>/dev/null || { echo "the agent stopped:" >&2; tail -20 "$work/agent.log" >&2; exit 1; }
  r=$(rss_mb)
  samples+=("$r")
  echo "$m $r $(cpu_s)"
  [[ "$m" -lt "$minutes" ]] && sleep 60
done
reports=$(grep -c . "$work/agent.log" || true)
printf '%s\n' "${samples[@]}" | awk -v n="${#samples[@]}" \
  'NR == 1 { s = $1 } { if ($1 > m) m = $1; e = $1 } END { printf "rss_mb start=%s max=%s end=%s samples=%d\n", s, m, e, n }'
"$agent" status --state "$state" | grep -E 'last (full|delivery)|outbox|dropped'
echo "agent log lines: $reports"
