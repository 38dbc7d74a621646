#!/bin/bash
# Issue 14, item 3, in one run: first reports of new devices and later unchanged full reports on one fresh collector,
# each as a fraction of the decode-only ceiling of the same report, measured in the same run before the collector (and
# PostgreSQL) started and after they stopped; the ratios are to the mean of the two. Run from the repository root
# as root (--pg starts a throwaway PostgreSQL 15).
#
#   bench/ingest-ratio.sh [--pg] [--warm N] [--devices N] [--later-seconds S] [--later-warmup S] [--templates N]
#                         [--ceiling-seconds S] [--build]
#
#   --pg               the collector on PostgreSQL (Debian's postgresql 15, a fresh cluster, default settings)
#   --warm N           devices whose first reports only warm the JIT up, not timed (default 30000), sent by the
#                      same generator just before the timed ones (its --untimed-first) once every device is
#                      enrolled; the generator then waits for the install index to catch up. The JIT settles
#                      70-90 s into the collector's life under this load (PrintCompilation: methods made not
#                      entrant fell from ~1,600 per 5 s at 5-10 s to ~400 at 35 s, ~120 at 65 s, under 50 from 70 s);
#                      30,000 warm-up devices start the timed ones at ~85 s, 6,000 did at ~35 s
#   --devices N        new devices whose first reports are timed (default 10000, ~14 s; at 3000, ~4.5 s, one build
#                      gave 574-767/s on PostgreSQL from run to run)
#   --later-seconds S  seconds of later unchanged full reports, after the warm-up (default 30)
#   --later-warmup S   seconds of later reports sent first, not timed (default 40; at 10 the JIT's compiler threads
#                      still took a sixth of the CPU during the timed later reports)
#   --templates N      distinct software lists the devices share (default 10, a school's few images; as many as
#                      warm + timed devices: every first report brings a list the collector has not seen)
#   --ceiling-seconds S  each of the ceiling's warm-up, 1-thread and 2-thread spans (default 10; at 5 the same
#                      build's 2-thread ceiling measured after the run ranged 1,453-2,473/s)
#   --build            build the collector and load generator jars first
#
# The generator runs on the same machine (both share its cores), 16 reports in flight, 850-package full reports,
# 10 software lists shared by the devices unless --templates says otherwise. Results:
# bench/results/ingest-ratio-<store>-<UTC>.txt
set -euo pipefail
PG=""; WARM=30000; DEVICES=10000; LATER=30; LATER_WARMUP=40; BUILD=""; TEMPLATES=10; CEIL_S=10
while [ $# -gt 0 ]; do
  case "$1" in
    --pg) PG=1 ;;
    --warm) WARM="$2"; shift ;;
    --devices) DEVICES="$2"; shift ;;
    --later-seconds) LATER="$2"; shift ;;
    --templates) TEMPLATES="$2"; shift ;;
    --later-warmup) LATER_WARMUP="$2"; shift ;;
    --ceiling-seconds) CEIL_S="$2"; shift ;;
    --build) BUILD=1 ;;
    --help|-h) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ingest-ratio.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -f pom.xml ] && [ -d bench ] || { echo "ingest-ratio.sh: run it from the repository root" >&2; exit 2; }
[ -n "$BUILD" ] && mvn -B -q -o -pl collector,bench -am package -DskipTests
TMP=$(mktemp -d /tmp/rollcall-ratio.XXXXXX)
chmod 755 "$TMP"
# the jars are copied: a build during the run cannot change what runs
cp collector/target/rollcall-collector.jar bench/target/rollcall-loadgen.jar "$TMP/"
CPID=""; PGDATA=""
cleanup() {
  [ -n "$CPID" ] && kill "$CPID" 2>/dev/null && wait "$CPID" 2>/dev/null || true
  [ -n "$PGDATA" ] && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# the ceiling before anything of the run starts (the ratios are to the mean of this one and the one after)
java -Xmx1g -jar "$TMP/rollcall-loadgen.jar" --ceiling-only --ceiling-seconds "$CEIL_S" > "$TMP/ceiling-before.out" 2>&1
PORT=$(free_port)
printf 'bind=127.0.0.1\ncluster.name=rc-ratio-%s\n' "$(openssl rand -hex 4)" > "$TMP/c.properties"
STORE="H2 (embedded)"
if [ -n "$PG" ]; then
  PGDATA="$TMP/pg"; PGPORT=$(free_port)
  mkdir -p "$PGDATA" && chown postgres "$PGDATA" "$TMP"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$PGDATA" -A trust -U rc >/dev/null
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -l "$PGDATA/log" \
    -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1" start >/dev/null
  for _ in $(seq 1 30); do psql -h "$PGDATA" -p "$PGPORT" -U rc -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
  psql -h "$PGDATA" -p "$PGPORT" -U rc -d postgres -c 'CREATE DATABASE rollcall' >/dev/null
  printf 'jdbc.url=jdbc:postgresql://127.0.0.1:%s/rollcall\njdbc.user=rc\njdbc.password=unused\n' "$PGPORT" >> "$TMP/c.properties"
  STORE="PostgreSQL $(/usr/lib/postgresql/15/bin/postgres --version | awk '{print $3}') (fresh cluster, default settings, fsync on)"
fi
ADMIN="rc_admin_$(openssl rand -hex 16)"
ROLLCALL_ADMIN_TOKEN="$ADMIN" ROLLCALL_ENROLL_TOKEN="rc_enroll_$(openssl rand -hex 16)" \
  java -Xmx2g -jar "$TMP/rollcall-collector.jar" --data "$TMP/data" --port "$PORT" --config "$TMP/c.properties" \
  > "$TMP/collector.log" 2>&1 &
CPID=$!
URL="https://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -s -o /dev/null -w '%{http_code}' --cacert "$TMP/data/tls/ca.crt" "$URL/health/ready" 2>/dev/null | grep -q 200 && break
  sleep 1
done
LG=(java -Xmx1g -jar "$TMP/rollcall-loadgen.jar" --url "https://localhost:$PORT" --ca "$TMP/data/tls/ca.crt"
    --admin-token "$ADMIN" --concurrency 16)
pending() { curl -s --cacert "$TMP/data/tls/ca.crt" "$URL/metrics" | awk '/^rollcall_software_index_pending/ { printf "%d", $2 }'; }
wait_index() { # -> seconds until no device waits for the install index
  local t0 p; t0=$(date +%s.%N)
  for _ in $(seq 1 6000); do p=$(pending); [ "$p" = "0" ] && break; sleep 0.2; done
  echo "$(date +%s.%N) - $t0" | bc
}
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
OUT="bench/results/ingest-ratio-$([ -n "$PG" ] && echo pg || echo h2)$([ "$TEMPLATES" != 10 ] && echo "-t$TEMPLATES" || true)-$STAMP.txt"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# one generator for the warm-up and the timed first reports: every device enrolled first (no report), then the
# warm-up devices' first reports (the warm-up always shares 10 lists: with --templates N, 10 of the timed devices'
# lists were seen in it), then the timed devices' first reports, each alone, from a generator past its own JIT warm-up
"${LG[@]}" --templates "$TEMPLATES" --devices "$((WARM + DEVICES))" --untimed-first "$WARM" --devices-file "$TMP/all.txt" \
  --mix morning --count 1 --ceiling-seconds 0 > "$TMP/first.out" 2>&1
tail -n "$DEVICES" "$TMP/all.txt" > "$TMP/timed.txt"
LEFT=$(pending)
INDEX_S=$(wait_index)
# the same devices again: every full report after each one's first is unchanged (--change-every 1000000)
"${LG[@]}" --templates "$TEMPLATES" --devices "$DEVICES" --devices-file "$TMP/timed.txt" --kind full --change-every 1000000 \
  --duration "$LATER" --warmup "$LATER_WARMUP" --ceiling-seconds 0 > "$TMP/later.out" 2>&1
wait_index >/dev/null
# the ceiling on a quiet machine: the collector and PostgreSQL stopped (an idle collector still compacts H2's file),
# then ReportCodec.decode of the same full report on 1 and 2 threads
kill "$CPID" 2>/dev/null && wait "$CPID" 2>/dev/null || true
CPID=""
if [ -n "$PGDATA" ]; then
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" stop -m fast >/dev/null 2>&1 || true
fi
java -Xmx1g -jar "$TMP/rollcall-loadgen.jar" --ceiling-only --ceiling-seconds "$CEIL_S" > "$TMP/ceiling.out" 2>&1
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

FIRST=$(grep -E '^first ' "$TMP/first.out" | head -1)
FIRST_RATE=$(echo "$FIRST" | grep -oE '[0-9.]+/s' | head -1 | tr -d '/s')
LATER_RATE=$(grep -E '^RESULT' "$TMP/later.out" | grep -oE '[0-9.]+ reports/s' | head -1 | awk '{print $1}')
ceil2() { grep -oE '[0-9]+ threads [0-9.]+/s' "$1" | head -1 | awk '{print $3}' | tr -d '/s'; }
# the machine's speed drifts over minutes (one 5 s ceiling of the same build gave 1,453 to 2,473/s): the ratios are
# to the mean of the ceilings measured just before the collector started and just after it stopped
CEIL2=$(echo "$(ceil2 "$TMP/ceiling-before.out") $(ceil2 "$TMP/ceiling.out")" | awk '{printf "%.1f", ($1 + $2) / 2}')
{
  echo "# Ingest against the decode-only ceiling, one run: $STORE, $STAMP"
  echo "command:  bench/ingest-ratio.sh $([ -n "$PG" ] && echo --pg) --warm $WARM --devices $DEVICES --later-seconds $LATER --later-warmup $LATER_WARMUP --templates $TEMPLATES --ceiling-seconds $CEIL_S"
  echo "machine:  $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1); load average before $LOAD_BEFORE, after $LOAD_AFTER"
  echo "version:  git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- collector common bench || echo ' + local changes')"
  echo
  echo "first reports of $DEVICES new devices (after $WARM warm-up devices): $FIRST"
  echo "  the warm-up's own (untimed, from a cold collector): $(grep -E '^first-untimed ' "$TMP/first.out" | head -1)"
  echo "  $(grep -E '^install index caught up' "$TMP/first.out" | head -1) (before the timed ones)"
  echo "  install index: $LEFT devices still waiting at the last acknowledgement, caught up ${INDEX_S} s later"
  echo "later unchanged full reports: $(grep -E '^RESULT' "$TMP/later.out" | head -1)"
  grep -E 'decode-only ceiling' "$TMP/ceiling-before.out" | sed 's/; this run.*//' | sed 's/^/ceiling before: /'
  grep -E 'decode-only ceiling' "$TMP/ceiling.out" | sed 's/; this run.*//' | sed 's/^/ceiling after:  /'
  awk -v f="$FIRST_RATE" -v l="$LATER_RATE" -v c="$CEIL2" 'BEGIN {
    if (c > 0) printf "ratios to the 2-thread ceiling (%.0f/s, the mean of before and after): first reports %.3f (goal 0.25), later unchanged %.3f (goal 0.7)\n", c, f / c, l / c }'
} | tee "$OUT"
