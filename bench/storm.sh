#!/bin/bash
# The storm (issue 14): N simulated devices' morning mix against one collector or a cluster of three, with where the
# CPU goes. Run from the repository root, as root (PostgreSQL runs as the postgres user; three nodes need network
# namespaces). Writes bench/results/storm-<nodes>n-<UTC time>.txt. See BENCHMARKS.md, "The storm (issue 14)".
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/storm.sh [--nodes 1|3] [--pg] [--devices N] [--count N] [--templates N] [--concurrency N]
                      [--enrol-concurrency N] [--heap SIZE] [--build]

  --nodes 1|3             one collector (default) or three in one cluster on one PostgreSQL; three nodes run in
                          network namespaces of their own joined by veth links on 10.231.x.11-13 (three members
                          cannot share one loopback: see collector/README.md, "Scheduled jobs and losing a node")
  --pg                    one node on PostgreSQL instead of its embedded H2 (three nodes always use PostgreSQL)
  --devices N             simulated devices (default 100000)
  --count N               reports of the mix after the first reports (default: devices / 2)
  --templates N           distinct full reports the devices share (default 10)
  --concurrency N         reports in flight (default 32)
  --enrol-concurrency N   enrolments in flight (default: the load generator's, 16)
  --heap SIZE             -Xmx of each collector and of the load generator (default 2g)
  --build                 build the collector and load generator jars first (mvn -o package -DskipTests)
  --help                  this text

Every collector gets a fresh data dir, its own port and a random cluster.name under a temp dir; PostgreSQL 15
(Debian's binaries) is a throwaway cluster in that temp dir on a free port, default settings but
max_connections=200. Everything is stopped and removed on exit, also on Ctrl-C.
EOF
}

NODES=1 PG=0 DEVICES=100000 COUNT="" TEMPLATES=10 CONC=32 ENROL_CONC="" HEAP=2g BUILD=0
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="${2:?--nodes needs a value}"; shift 2 ;;
    --pg) PG=1; shift ;;
    --devices) DEVICES="${2:?--devices needs a value}"; shift 2 ;;
    --count) COUNT="${2:?--count needs a value}"; shift 2 ;;
    --templates) TEMPLATES="${2:?--templates needs a value}"; shift 2 ;;
    --concurrency) CONC="${2:?--concurrency needs a value}"; shift 2 ;;
    --enrol-concurrency) ENROL_CONC="${2:?--enrol-concurrency needs a value}"; shift 2 ;;
    --heap) HEAP="${2:?--heap needs a value}"; shift 2 ;;
    --build) BUILD=1; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "storm.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in DEVICES TEMPLATES CONC; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "storm.sh: --${v,,} was '${!v}', must be a whole number ≥ 1" >&2; exit 2; }
done
[ "$NODES" = 1 ] || [ "$NODES" = 3 ] || { echo "storm.sh: --nodes was '$NODES', must be 1 or 3" >&2; exit 2; }
[ "$NODES" = 3 ] && PG=1
COUNT="${COUNT:-$((DEVICES / 2))}"
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || { echo "storm.sh: --count was '$COUNT', must be a whole number ≥ 1" >&2; exit 2; }
[ -f pom.xml ] && [ -d bench ] && [ -d collector ] || { echo "storm.sh: run from the repository root" >&2; exit 2; }
if [ "$PG" = 1 ] || [ "$NODES" = 3 ]; then
  [ "$(id -u)" = 0 ] || { echo "storm.sh: PostgreSQL and network namespaces need root" >&2; exit 2; }
fi

if [ "$BUILD" = 1 ]; then
  mvn -B -o -q -pl collector,bench -am package -DskipTests
fi
COLLECTOR_JAR=collector/target/rollcall-collector.jar
LOADGEN_JAR=bench/target/rollcall-loadgen.jar
for j in "$COLLECTOR_JAR" "$LOADGEN_JAR"; do
  [ -f "$j" ] || { echo "storm.sh: $j missing: give --build" >&2; exit 2; }
done

TMP=$(mktemp -d /tmp/rollcall-storm-XXXXXX)
chmod 711 "$TMP" # the postgres user must reach its own dir below
PIDS=() NAMES=() NETNS=() LINKS=() PGDATA="" PGBIN="" LG_PID=""

cleanup() {
  set +e
  [ -n "$LG_PID" ] && kill "$LG_PID" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done # SIGTERM: Hazelcast and the pool close
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ -n "$PGDATA" ] && [ -f "$PGDATA/postmaster.pid" ]; then
    (cd / && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1)
  fi
  for l in "${LINKS[@]}"; do ip link del "$l" 2>/dev/null; done
  for n in "${NETNS[@]}"; do ip netns del "$n" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'echo "storm.sh: interrupted, cleaning up" >&2; exit 130' INT TERM

rand() { openssl rand -hex "$1"; }
# a TCP port nothing listens on in this namespace (the others start empty)
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 40000))
    if [ -z "$(ss -Htln "sport = :$p")" ] && [ -z "$(ss -Htln "sport = :$((p + 1))")" ] \
       && [ -z "$(ss -Htln "sport = :$((p + 2))")" ]; then echo "$p"; return; fi
  done
  echo "storm.sh: no free port" >&2; exit 1
}

STAMP=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p bench/results
OUT="bench/results/storm-${NODES}n-${STAMP}.txt"
LOG="$TMP/loadgen.log"
CPU="$TMP/cpu.txt"
: > "$CPU"

# ------------------------------------------------------------------------------------------------- three hosts
HOSTS=(127.0.0.1)
if [ "$NODES" = 3 ]; then
  for _ in $(seq 1 20); do
    octet=$((16 + RANDOM % 224))
    ip -4 addr | grep -q "10\.231\.$octet\." || ip -4 route | grep -q "10\.231\.$octet\." || break
  done
  id=$(rand 2)
  HOSTS=("10.231.$octet.11" "10.231.$octet.12" "10.231.$octet.13")
  SUBNET="10.231.$octet.0/24"
  ns() { echo "rcs-$id-$1"; }
  for i in 2 3; do NETNS+=("$(ns "$i")"); ip netns add "$(ns "$i")"; ip -n "$(ns "$i")" link set lo up; done
  # host 1 (this namespace) ↔ 2, 1 ↔ 3, 2 ↔ 3; /32 routes on the links, no bridge, no forwarding
  LINKS+=("rcsa$id" "rcsb$id")
  ip link add "rcsa$id" type veth peer name "rcsA$id"; ip link set "rcsA$id" netns "$(ns 2)"
  ip link add "rcsb$id" type veth peer name "rcsB$id"; ip link set "rcsB$id" netns "$(ns 3)"
  ip link add "rcsc$id" type veth peer name "rcsC$id"; LINKS+=("rcsc$id")
  ip link set "rcsc$id" netns "$(ns 2)"; ip link set "rcsC$id" netns "$(ns 3)"
  ip link set "rcsa$id" up; ip link set "rcsb$id" up
  ip -n "$(ns 2)" link set "rcsA$id" up; ip -n "$(ns 2)" link set "rcsc$id" up
  ip -n "$(ns 3)" link set "rcsB$id" up; ip -n "$(ns 3)" link set "rcsC$id" up
  ip addr add "${HOSTS[0]}/32" dev "rcsa$id"
  ip route add "${HOSTS[1]}/32" dev "rcsa$id" src "${HOSTS[0]}"
  ip route add "${HOSTS[2]}/32" dev "rcsb$id" src "${HOSTS[0]}"
  ip -n "$(ns 2)" addr add "${HOSTS[1]}/32" dev "rcsA$id"
  ip -n "$(ns 2)" route add "${HOSTS[0]}/32" dev "rcsA$id" src "${HOSTS[1]}"
  ip -n "$(ns 2)" route add "${HOSTS[2]}/32" dev "rcsc$id" src "${HOSTS[1]}"
  ip -n "$(ns 3)" addr add "${HOSTS[2]}/32" dev "rcsB$id"
  ip -n "$(ns 3)" route add "${HOSTS[0]}/32" dev "rcsB$id" src "${HOSTS[2]}"
  ip -n "$(ns 3)" route add "${HOSTS[1]}/32" dev "rcsC$id" src "${HOSTS[2]}"
fi

# ------------------------------------------------------------------------------------------------- PostgreSQL
JDBC=()
if [ "$PG" = 1 ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PGBIN/initdb" ] || { echo "storm.sh: Debian's postgresql package is not installed" >&2; exit 1; }
  mkdir "$TMP/pg"; chown postgres "$TMP/pg"; chmod 700 "$TMP/pg"
  PGDATA="$TMP/pg/data" PGPW=$(rand 24) PGPORT=$(free_port)
  (umask 077; echo "$PGPW" > "$TMP/pg/pw"); chown postgres "$TMP/pg/pw"
  (cd "$TMP/pg" && runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U rollcall --pwfile="$TMP/pg/pw" \
    -A scram-sha-256 -E UTF8 --no-locale > "$TMP/pg/initdb.log" 2>&1) || { cat "$TMP/pg/initdb.log" >&2; exit 1; }
  rm -f "$TMP/pg/pw"
  LISTEN=127.0.0.1
  if [ "$NODES" = 3 ]; then
    LISTEN="127.0.0.1,${HOSTS[0]}"
    printf '\n# the storm mesh, passwords only\nhost all all %s scram-sha-256\n' "$SUBNET" >> "$PGDATA/pg_hba.conf"
  fi
  # three nodes hold up to 3 × (worker.pool.size 32 + 4) connections: more than the default max_connections=100
  (cd "$TMP/pg" && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$TMP/pg/server.log" -w -t 60 start \
    -o "-p $PGPORT -c listen_addresses=$LISTEN -c unix_socket_directories='' -c max_connections=200" >/dev/null)
  PGPASSWORD="$PGPW" "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U rollcall -d postgres \
    -c "CREATE DATABASE rollcall ENCODING 'UTF8' TEMPLATE template0"
  JDBC=("jdbc.url=jdbc:postgresql://${HOSTS[0]}:$PGPORT/rollcall" "jdbc.user=rollcall" "jdbc.password=$PGPW")
  STORE="PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (throwaway cluster, default settings, max_connections=200)"
else
  STORE="embedded H2"
fi

# ------------------------------------------------------------------------------------------------- collectors
ADMIN="rc_admin_$(rand 24)"
ENROLL="rc_enroll_$(rand 24)"
METRICS_TOKEN=$(rand 24)
CLUSTER="storm-$(rand 6)"
SECRET=$(rand 32)
PORTS=() TUNNELS=() URLS=()
for i in $(seq 0 $((NODES - 1))); do PORTS+=("$(free_port)"); TUNNELS+=("$(free_port)"); done
LOOPBACK=$(free_port)
MEMBERS=""
if [ "$NODES" = 3 ]; then
  MEMBERS="${HOSTS[0]}:${TUNNELS[0]},${HOSTS[1]}:${TUNNELS[1]},${HOSTS[2]}:${TUNNELS[2]}"
fi

start_node() { # index
  local i=$1 data="$TMP/node$(($1 + 1))" conf
  mkdir -p "$data"; chmod 700 "$data"
  conf="$data/collector.properties"
  (umask 077
   { echo "bind=${HOSTS[$i]}"; echo "public.host=localhost"; echo "cluster.name=$CLUSTER"
     echo "metrics.token=$METRICS_TOKEN"
     for kv in "${JDBC[@]}"; do echo "$kv"; done
     if [ "$NODES" = 3 ]; then
       echo "tls.extra.names=${HOSTS[0]},${HOSTS[1]},${HOSTS[2]}"; echo "cluster.members=$MEMBERS"
       echo "cluster.port=${TUNNELS[$i]}"; echo "cluster.secret=$SECRET"; echo "cluster.loopback.port=$LOOPBACK"
     fi; } > "$conf")
  local prefix=()
  [ "$i" -gt 0 ] && prefix=(ip netns exec "$(ns $((i + 1)))")
  # ip netns exec execs the JVM: $! is the collector's own pid
  ROLLCALL_ADMIN_TOKEN="$ADMIN" ROLLCALL_ENROLL_TOKEN="$ENROLL" "${prefix[@]}" java "-Xmx$HEAP" -jar "$PWD/$COLLECTOR_JAR" \
    --data "$data" --port "${PORTS[$i]}" --config "$conf" > "$data/collector.log" 2>&1 &
  PIDS+=($!); NAMES+=("node$((i + 1))")
  if [ "$NODES" = 3 ]; then URLS+=("https://${HOSTS[$i]}:${PORTS[$i]}"); else URLS+=("https://localhost:${PORTS[$i]}"); fi
}

await_ready() { # index
  local i=$1 data="$TMP/node$(($1 + 1))" code
  for _ in $(seq 1 600); do
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "storm.sh: node$((i + 1)) exited at start:" >&2; tail -30 "$data/collector.log" >&2; exit 1; }
    if [ -f "$TMP/node1/tls/ca.crt" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$TMP/node1/tls/ca.crt" "${URLS[$i]}/health/ready" || true)
      [ "$code" = 200 ] && return
    fi
    sleep 0.5
  done
  echo "storm.sh: node$((i + 1)) not ready after 300 s:" >&2; tail -30 "$data/collector.log" >&2; exit 1
}

members() { # index → members the node sees
  curl -s --max-time 10 --cacert "$TMP/node1/tls/ca.crt" -H "Authorization: Bearer $ADMIN" \
    "${URLS[$1]}/api/v1/cluster/jobs" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["members"]))' 2>/dev/null || echo 0
}

T_START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_node 0
await_ready 0 # node 1 migrates the empty database and makes the CA alone
if [ "$NODES" = 3 ]; then
  for i in 1 2; do mkdir -p "$TMP/node$((i + 1))"; cp -a "$TMP/node1/tls" "$TMP/node$((i + 1))/tls"; start_node "$i"; done
  await_ready 1; await_ready 2
  for i in 0 1 2; do
    for _ in $(seq 1 120); do [ "$(members "$i")" = 3 ] && break; sleep 0.5; done
    [ "$(members "$i")" = 3 ] || { echo "storm.sh: node$((i + 1)) never saw 3 members" >&2; exit 1; }
  done
fi
T_READY=$(date +%s)
echo "storm.sh: $NODES collector(s) ready in $((T_READY - T_START)) s on $STORE; running the load generator"

# ------------------------------------------------------------------------------------------------- CPU sampling
CLK_TCK=$(getconf CLK_TCK)
# per thread: label, process, tid, utime+stime ticks, name (/proc comm: 15 characters, may hold spaces)
snap() { # label
  local k pid
  for k in "${!PIDS[@]}"; do snap_pid "$1" "${NAMES[$k]}" "${PIDS[$k]}"; done
  [ -n "$LG_PID" ] && snap_pid "$1" loadgen "$LG_PID"
  [ -n "$PGDATA" ] && snap_pg "$1"
  # the whole machine's busy ticks: what the other processes (other users of a shared machine) took
  awk -v label="$1" '$1 == "cpu" { print label, "machine", "TOTAL", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat >> "$CPU"
  date +%s.%N | sed "s/^/$1 - WALL /" >> "$CPU"
}
# PostgreSQL as one process: the postmaster (with its exited children) and every live backend
snap_pg() { # label
  local pm t=0 c
  pm=$(head -1 "$PGDATA/postmaster.pid" 2>/dev/null) || return 0
  for c in "$pm" $(pgrep -P "$pm"); do
    t=$((t + $(awk -v self="$([ "$c" = "$pm" ] && echo 1 || echo 0)" '{ sub(/^.*\) /, ""); print $12 + $13 + (self ? $14 + $15 : 0) }' /proc/"$c"/stat 2>/dev/null || echo 0)))
  done
  echo "$1 postgres TOTAL $t" >> "$CPU"
}
snap_pid() { # label name pid
  awk -v label="$1" -v proc="$2" '{
      l = $0; o = index(l, "("); c = 0
      for (k = length(l); k > 0; k--) if (substr(l, k, 1) == ")") { c = k; break }
      split(substr(l, c + 2), f, " ")
      print label, proc, substr(l, 1, o - 2), f[12] + f[13], substr(l, o + 1, c - o - 1)
    }' /proc/"$3"/task/*/stat 2>/dev/null >> "$CPU" || true
  awk -v label="$1" -v proc="$2" '{ sub(/^.*\) /, ""); print label, proc, "TOTAL", $12 + $13 }' /proc/"$3"/stat \
    2>/dev/null >> "$CPU" || true
  awk -v label="$1" -v proc="$2" '/^VmHWM|^VmRSS/ { print label, proc, "MEM", $2, $1 }' /proc/"$3"/status \
    2>/dev/null >> "$CPU" || true
}

# what each process spent between two labels, by thread-name group, in CPU seconds and as cores over the phase
split_cpu() { # from to title
  awk -v a="$1" -v b="$2" -v hz="$CLK_TCK" -v title="$3" '
    function group(n) {
      if (n ~ /^rollcall-blocki/) return "rollcall-blocking"
      if (n ~ /^vert\.x-eventlo/) return "vert.x-eventloop"
      if (n ~ /^rollcall-report/) return "rollcall-report-writer"
      if (n ~ /^rollcall-softwa/) return "rollcall-softwar (indexer)"
      if (n ~ /^hz\./) return "hz.*"
      if (n ~ /^C2 Compiler/) return "C2 compiler"
      if (n ~ /^C1 Compiler/) return "C1 compiler"
      if (n ~ /^(GC Thread|G1 |GC |VM Periodic)/ || n == "VM Thread") return "GC and VM"
      if (n ~ /^(rollcall-db|HikariPool)/) return "db pool"
      if (n ~ /^rollcall-tunne/) return "rollcall-tunnel"
      if (n ~ /^vert\.x-(worker|internal)/) return "vert.x-worker"
      return "other"
    }
    $1 == "-" || $3 == "MEM" { next }
    $3 == "WALL" { if ($1 == a) w0 = $4; if ($1 == b) w1 = $4; next }
    $3 == "TOTAL" { if ($1 == a) t0[$2] = $4; if ($1 == b) t1[$2] = $4; procs[$2] = 1; next }
    {
      name = $5; for (k = 6; k <= NF; k++) name = name " " $k
      key = $2 SUBSEP $3
      if ($1 == a) s[key] = $4
      if ($1 == b) { e[key] = $4; g[key] = group(name) }
    }
    END {
      wall = w1 - w0
      printf "%s: %.1f s wall\n", title, wall
      for (key in e) { split(key, kk, SUBSEP); d = e[key] - (key in s ? s[key] : 0); by[kk[1], g[key]] += d }
      for (p in procs) {
        tot = t1[p] - t0[p]
        printf "  %-8s %7.1f CPU s = %4.2f cores:", p, tot / hz, (wall > 0 ? tot / hz / wall : 0)
        n = split("rollcall-blocking|vert.x-eventloop|rollcall-report-writer|rollcall-softwar (indexer)|hz.*|rollcall-tunnel|db pool|vert.x-worker|C2 compiler|C1 compiler|GC and VM|other", order, "|")
        line = ""
        for (k = 1; k <= n; k++) {
          v = by[p, order[k]]
          if (v > 0) line = line sprintf(" %s %.0f%%,", order[k], (tot > 0 ? 100 * v / tot : 0))
        }
        print line
      }
    }' "$CPU" | sed 's/,$//'
}

WALL_TOTAL() { awk -v a="$1" -v b="$2" '$3 == "WALL" { if ($1 == a) w0 = $4; if ($1 == b) w1 = $4 } END { printf "%.1f", w1 - w0 }' "$CPU"; }

# ------------------------------------------------------------------------------------------------- the load
LG_ARGS=(--url "$(IFS=,; echo "${URLS[*]}")" --mix morning --devices "$DEVICES" --count "$COUNT"
         --templates "$TEMPLATES" --concurrency "$CONC")
[ -n "$ENROL_CONC" ] && LG_ARGS+=(--enrol-concurrency "$ENROL_CONC")
mkfifo "$TMP/lg.fifo"
java "-Xmx$HEAP" -jar "$LOADGEN_JAR" --ca "$TMP/node1/tls/ca.crt" --admin-token "$ADMIN" "${LG_ARGS[@]}" \
  > "$TMP/lg.fifo" 2>&1 &
LG_PID=$!
snap enrol-start
while IFS= read -r line; do
  printf '%s\n' "$line" | tee -a "$LOG"
  case "$line" in
    "PHASE first-reports start"*) snap first-start ;;
    "PHASE first-reports end"*) snap first-end ;;
    "PHASE mix start"*) snap mix-start ;;
    "PHASE mix end"*) snap mix-end ;;
  esac
done < "$TMP/lg.fifo"
LG_RC=0; wait "$LG_PID" || LG_RC=$?
LG_PID=""
# the install index is written behind the acknowledgement: the storm has drained once no device waits for it
# (rollcall_software_index_pending is read from the shared store, so one node answers for the cluster)
snap index-start
INDEX_LEFT=""
for _ in $(seq 1 3600); do
  INDEX_LEFT=$(curl -s --max-time 10 --cacert "$TMP/node1/tls/ca.crt" -H "Authorization: Bearer $METRICS_TOKEN" \
    "${URLS[0]}/metrics" | awk '/^rollcall_software_index_pending/ { printf "%d", $2 }')
  [ "$INDEX_LEFT" = "0" ] && break
  sleep 1
done
snap index-end
T_END=$(date +%s)

METRICS=""
for k in "${!URLS[@]}"; do
  METRICS+="--- ${NAMES[$k]}"$'\n'
  METRICS+=$(curl -s --max-time 20 --cacert "$TMP/node1/tls/ca.crt" -H "Authorization: Bearer $METRICS_TOKEN" \
    "${URLS[$k]}/metrics" | grep -E '^rollcall_(ingest_writer|db_pool|cluster_members|enrolments_total|software_index)|^rollcall_ingest_reports_seconds_(count|sum)' \
    | grep -Ev '^rollcall_ingest_reports_seconds_.* 0(\.0)?$' || true)$'\n'
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# what each collector's heap holds once the run is over: a full GC, then the heap's use (the live set, roughly)
HEAP_INFO=""
for k in "${!PIDS[@]}"; do
  jcmd "${PIDS[$k]}" GC.run >/dev/null 2>&1 || true
  HEAP_INFO+="  ${NAMES[$k]}: $(jcmd "${PIDS[$k]}" GC.heap_info 2>/dev/null | grep -m1 -E 'garbage-first heap|total' | sed 's/^ *//')"$'\n'
done

# ------------------------------------------------------------------------------------------------- the results file
{
  echo "# The storm: $NODES node(s), $DEVICES devices, $STAMP"
  echo "command:   bench/storm.sh $ARGS"
  echo "loadgen:   java -Xmx$HEAP -jar $LOADGEN_JAR --ca <node1 ca.crt> --admin-token <random> ${LG_ARGS[*]} (exit $LG_RC)"
  echo "machine:   $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GB RAM"
  echo "load avg:  before $LOAD_BEFORE, after $LOAD_AFTER (1/5/15 min)"
  echo "version:   git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- collector common bench || echo ' + local changes'), $(java -version 2>&1 | head -1)"
  echo "store:     $STORE; collectors -Xmx$HEAP, defaults otherwise; loadgen on the same machine"
  echo
  echo "## Phases (wall time)"
  echo "collectors up and ready:        $((T_READY - T_START)) s"
  grep -h '^SUMMARY' "$LOG" | sed 's/^SUMMARY /summary: /' || true
  echo "enrolment (script's clock):     $(WALL_TOTAL enrol-start first-start) s (includes pre-building the report templates)"
  echo "first reports (script's clock): $(WALL_TOTAL first-start first-end) s"
  echo "mix (script's clock):           $(WALL_TOTAL mix-start mix-end) s"
  echo "install index caught up:        $(WALL_TOTAL index-start index-end) s after the mix's last answer (devices still waiting then: ${INDEX_LEFT:-unknown})"
  echo "whole run:                      $((T_END - T_START)) s"
  echo
  echo "## CPU by thread group (share of each process's CPU in the phase; /proc/PID/task/*/stat, names cut at 15 chars;"
  echo "## machine = all busy CPU of the machine, other users included; postgres = postmaster and backends)"
  split_cpu enrol-start first-start "enrolment (and the generator's start, report templates)"
  split_cpu first-start first-end "first reports"
  split_cpu mix-start mix-end "mix"
  split_cpu index-start index-end "install index catching up after the load"
  echo
  echo "## Memory at the end of the mix (VmHWM = peak RSS)"
  awk '$1 == "mix-end" && $3 == "MEM" { printf "  %-8s %s %d MB\n", $2, $5, $4 / 1024 }' "$CPU"
  echo
  echo "## Collectors' heap after the run and a full GC (jcmd GC.heap_info)"
  printf '%s' "$HEAP_INFO"
  echo
  echo "## /metrics at the end (report counters that stayed 0 left out)"
  printf '%s' "$METRICS"
  echo
  echo "## Load generator output"
  cat "$LOG"
} > "$OUT"
echo "storm.sh: results in $OUT"
exit "$LG_RC"
