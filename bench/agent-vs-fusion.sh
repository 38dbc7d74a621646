#!/usr/bin/env bash
# Rollcall's agent as its .deb installs and runs it, against FusionInventory's agent (Debian's package), on this
# machine in one run (issue 13). Prints one table and keeps it in bench/results/agent-vs-fusion-<UTC time>.txt.
#
#   bench/agent-vs-fusion.sh                  5 interleaved scans each, a minute of each resident, an 8-minute day
#   bench/agent-vs-fusion.sh --runs 3 --minute 50 --day-minutes 4      shorter (~7 min)
#   bench/agent-vs-fusion.sh --day-minutes 0  no compressed day
#
# Options: --runs N (scans of each, interleaved; default 5), --minute S (how long each resident runs before its RSS
# is read; default 60), --day-minutes M (the compressed day's length, 0 = skip; default 8), --build (rebuild the
# .deb, the collector and the bench jar even if present), --no-install (never apt-get; missing tools are then
# "not measured"), --keep (keep the temporary directory: logs, samples), --no-cgroup (CPU from /proc even where
# cgroup v2 works; what other machines fall back to). Run as root, from anywhere; it builds
# what is missing (mvn package, offline first).
#
# What is run: the .deb at installers/target/rollcall-agent_amd64.deb unpacked into a temporary root, its postinst
# run there (ROLLCALL_ROOT) so the class-data archive is made as an install makes it, and every Environment= of its
# systemd unit exported with the unit's absolute paths moved under that root. `rollcall-agent scan` and the service
# script (ROLLCALL_CONFIG, ROLLCALL_STATE) run exactly as the unit would, minus systemd's sandboxing and quotas.
# How each figure is measured, and how the compressed day is scaled back to a real one, is printed with the table.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5 minute=60 day_minutes=8 build=false install=true keep=false cgroups=true
while (( $# )); do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --minute) minute=${2:?--minute needs seconds}; shift 2 ;;
    --day-minutes) day_minutes=${2:?--day-minutes needs a number}; shift 2 ;;
    --build) build=true; shift ;;
    --no-install) install=false; shift ;;
    --keep) keep=true; shift ;;
    --no-cgroup) cgroups=false; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "agent-vs-fusion.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$runs" "$minute" "$day_minutes"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "agent-vs-fusion.sh: '$n' is not a whole number" >&2; exit 2; }
done
(( runs >= 1 )) || { echo "agent-vs-fusion.sh: --runs must be at least 1" >&2; exit 2; }
(( minute == 0 || minute >= 40 )) || { echo "agent-vs-fusion.sh: --minute must be 0 or at least 40" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "agent-vs-fusion.sh: run as root (the service runs as root; apt-get and cgroups need it)" >&2; exit 2; }

deb=installers/target/rollcall-agent_amd64.deb
collector_jar=collector/target/rollcall-collector.jar
bench_jar=bench/target/rollcall-loadgen.jar
# a bench jar from before the relay existed counts as missing (a zip's directory holds its names uncompressed)
if $build || [[ ! -f $deb || ! -f $collector_jar ]] || ! grep -qa 'io/rollcall/bench/ByteRelay.class' "$bench_jar" 2>/dev/null; then
  echo "building the .deb, the collector and the bench jar (mvn package -DskipTests) ..."
  mvn=(mvn -B -q -Dstyle.color=never -pl "agent,collector,installers,bench" -am package -DskipTests)
  "${mvn[@]}" -o >/dev/null 2>&1 || "${mvn[@]}" || { echo "agent-vs-fusion.sh: the build failed" >&2; exit 2; }
fi

apt_install() { # apt_install COMMAND PACKAGE: installs PACKAGE when COMMAND is missing (unless --no-install)
  command -v "$1" >/dev/null 2>&1 && return 0
  $install || return 1
  echo "installing $2 (apt-get) ..."
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; then
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1
}
apt_install /usr/bin/time time || { echo "agent-vs-fusion.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
fusion=true
apt_install fusioninventory-agent fusioninventory-agent || fusion=false

# ---------------------------------------------------------------------------------------------------------------------
nm() { echo "not measured: $*"; }
now_ms() { date +%s%3N; }
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$2"; }
stat_field() { sed -n "s/^$1=//p" "$work/relay.stats" 2>/dev/null; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
# sh -c "$in_cg" CGROUP COMMAND...: runs COMMAND in CGROUP (none when empty); every process it starts stays in it
# shellcheck disable=SC2016 # expanded by that sh
in_cg='[ -z "$0" ] || echo $$ >"$0/cgroup.procs"; exec "$@"'

# every "NAME=value" of the unit's Environment= lines, one a line (systemd's double quotes undone)
unit_environment() {
  sed -n 's/^Environment=//p' "$1" | while IFS= read -r rest; do
    while [[ $rest =~ ^[[:space:]]*(\"([^\"]*)\"|([^[:space:]\"]+))(.*)$ ]]; do
      echo "${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
      rest=${BASH_REMATCH[4]}
    done
  done
}
# $1 with every absolute path that the temporary root holds (the path or its directory) moved under it
sandboxed() {
  perl -e 'my ($r, $v) = @ARGV; $v =~ s{(^|[=\s:])(/[^\s:=,]+)}{ my ($a, $p) = ($1, $2); (my $d = $p) =~ s{/[^/]*$}{};
    (-e "$r$p" || ($d ne "" && -d "$r$d")) ? "$a$r$p" : "$a$p" }ge; print $v' "$root" "$1"
}

# a cgroup v2 directory of our own, where cpu.stat counts every process put in it (exited ones included); or nothing
make_cgroup_root() {
  local base
  for base in /sys/fs/cgroup/unified /sys/fs/cgroup; do
    [[ -f $base/cgroup.procs && -w $base ]] || continue
    mkdir "$base/rollcall-bench-$$" 2>/dev/null || continue
    mkdir "$base/rollcall-bench-$$/probe"
    if sh -c "$in_cg" "$base/rollcall-bench-$$/probe" true 2>/dev/null && [[ -f $base/rollcall-bench-$$/probe/cpu.stat ]]; then
      rmdir "$base/rollcall-bench-$$/probe"; echo "$base/rollcall-bench-$$"; return 0
    fi
    rmdir "$base/rollcall-bench-$$/probe" "$base/rollcall-bench-$$" 2>/dev/null || true
  done
}
new_cgroup() { [[ -z $cg_root ]] || { mkdir -p "$cg_root/$1"; echo "$cg_root/$1"; }; }
# CPU in microseconds of cgroup $1, or (no cgroup) of process $2 with the children it waited for and its live ones
cpu_usec() {
  if [[ -n $1 ]]; then awk '/^usage_usec/ { print $2 }' "$1/cpu.stat"; return; fi
  [[ -n ${2:-} && -d /proc/$2 ]] || return 0
  local p ticks=0 hz; hz=$(getconf CLK_TCK)
  for p in $(descendants "$2"); do
    ticks=$(( ticks + $(awk '{ sub(/.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo $(( ticks * 1000000 / hz ))
}
descendants() { # the pid and its descendants ("children" files hold space-separated pids)
  local c
  echo "$1"
  # shellcheck disable=SC2013 # words are wanted
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null || true); do descendants "$c"; done
}
rss_kib() { if [[ -n ${1:-} ]]; then awk -v f="${2:-VmRSS}:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true; fi; }
# the summed VmRSS and the count of the processes in cgroup $1 (or under process $2)
tree_rss() {
  local p sum=0 n=0 r list
  if [[ -n $1 ]]; then list=$(cat "$1/cgroup.procs"); else list=$(descendants "$2"); fi
  for p in $list; do r=$(rss_kib "$p"); [[ -n $r ]] && { sum=$(( sum + r )); n=$(( n + 1 )); }; done
  echo "$sum $n"
}
stop() { # stop PID CGROUP: TERM, up to 30 s, then everything left in the cgroup
  local i
  kill "$1" 2>/dev/null || true
  for (( i = 0; i < 60; i++ )); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  [[ -z $2 || ! -f $2/cgroup.kill ]] || { [[ -z $(cat "$2/cgroup.procs") ]] || echo 1 >"$2/cgroup.kill"; }
}
cleanup() {
  local p c
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n $cg_root && -d $cg_root ]]; then
    for c in "$cg_root"/*/; do
      [[ -d $c ]] || continue
      [[ -z $(cat "$c/cgroup.procs") ]] || echo 1 >"$c/cgroup.kill" 2>/dev/null || true
      for _ in 1 2 3 4 5; do rmdir "$c" 2>/dev/null && break; sleep 0.2; done
    done
    rmdir "$cg_root" 2>/dev/null || true
  fi
  if $keep; then echo "kept: $work (logs, samples, the unpacked package)"; else rm -rf "$work"; fi
}

measure() { # measure NAME COMMAND...: one run in NAME's cgroup; appends "cpu_ms peak_rss_kib" to $work/NAME.runs
  local name=$1 cg before=0 u s m; shift
  cg=$(new_cgroup "$name")
  [[ -z $cg ]] || before=$(cpu_usec "$cg")
  if ! /usr/bin/time -f '%U %S %M' -o "$work/$name.time" sh -c "$in_cg" "$cg" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "  $name failed: $(tail -n 2 "$work/$name.err" | tr '\n' ' ')" >&2; return 1
  fi
  read -r u s m < <(tail -n 1 "$work/$name.time")
  if [[ -n $cg ]]; then
    echo "$(( ($(cpu_usec "$cg") - before) / 1000 )) $m" >>"$work/$name.runs"
  else
    awk -v u="$u" -v s="$s" -v m="$m" 'BEGIN { printf "%d %d\n", (u + s) * 1000, m }' >>"$work/$name.runs"
  fi
}

start_collector_and_relay() {
  local data="$work/collector" i
  printf 'bind=127.0.0.1\ncluster.name=rc-bench-%s\n' "$(od -An -tx4 -N8 /dev/urandom | tr -d ' \n')" \
    >"$work/collector.properties"
  java -Xmx512m -jar "$collector_jar" --data "$data" --port 0 --config "$work/collector.properties" \
    >"$work/collector.out" 2>"$work/collector.log" &
  collector_pid=$!; pids+=("$collector_pid")
  for (( i = 0; i < 180; i++ )); do
    [[ -f $data/first-run.json ]] && grep -q 'first start\|serving' "$work/collector.out" && break
    kill -0 "$collector_pid" 2>/dev/null || { collector_skip="the collector stopped: $(tail -n 1 "$work/collector.log")"; return 0; }
    sleep 1
  done
  collector_port=$(json_field url "$data/first-run.json" | sed -n 's/.*:\([0-9][0-9]*\)$/\1/p')
  [[ -n $collector_port ]] || { collector_skip="the collector did not start in 180 s"; return 0; }
  java -Xmx32m -cp "$bench_jar" io.rollcall.bench.ByteRelay --target "$collector_port" --stats "$work/relay.stats" \
    >"$work/relay.out" 2>&1 &
  relay_pid=$!; pids+=("$relay_pid")
  for (( i = 0; i < 60; i++ )); do [[ -s $work/relay.stats ]] && break; sleep 0.5; done
  relay_port=$(stat_field port)
  [[ -n $relay_port ]] || { collector_skip="the relay did not start: $(tail -n 1 "$work/relay.out")"; return 0; }
  # the enrolment settings as the installers write them: a 0600 file, the token never on a command line
  { printf 'collector.url=https://localhost:%s\n' "$relay_port"
    printf 'enroll.token=%s\n' "$(json_field enrollToken "$data/first-run.json")"
    printf 'ca.fingerprint=%s\n' "$(json_field caFingerprint "$data/first-run.json")"; } >"$work/agent.properties"
}
stop_collector_and_relay() {
  [[ -n ${collector_pid:-} ]] || return 0
  stop "$collector_pid" ""
  [[ -z ${relay_pid:-} ]] || stop "$relay_pid" ""
  # each report's body as the collector received it (gzipped JSON), read from its database once it is closed
  java -cp "$collector_jar" org.h2.tools.Shell -user sa -password "" \
    -url "jdbc:h2:file:$work/collector/db/rollcall;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE" \
    -sql "SELECT kind, body_bytes, EXTRACT(EPOCH FROM received_at) * 1000 FROM report_log ORDER BY received_at" \
    2>"$work/h2.err" | awk -F' *[|] *' 'NR > 1 && NF == 3 { printf "%s %d %.0f\n", $1, $2, $3 }' >"$work/reports" || true
}

start_service() { # start_service CGROUP LOG: the unit's ExecStart with its Environment=, as systemd would start it
  env "${unit_env[@]}" ROLLCALL_CONFIG="$work/agent.properties" ROLLCALL_STATE="$work/state" \
    sh -c "$in_cg" "$1" "$service" >"$2" 2>&1 &
  service_pid=$!; pids+=("$service_pid")
}

run_minute() {
  local cg_rc cg_fi t0 t fi_pid="" fi_port
  install -d -m 0700 "$work/state"
  cg_rc=$(new_cgroup rc-minute); cg_fi=$(new_cgroup fi-minute)
  start_service "$cg_rc" "$work/service-a.log"
  if $fusion; then
    mkdir -p "$work/fi-daemon"
    # a first inventory at start, as Rollcall's service makes a full scan at start; its web server on (as Debian
    # configures it; it lets a server ask for a run) but on loopback, at a free port
    fusioninventory-agent --set-forcerun --local "$work/fi-daemon" >/dev/null 2>&1 || true
    fi_port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1")->sockport')
    sh -c "$in_cg" "$cg_fi" fusioninventory-agent --daemon --no-fork --httpd-ip=127.0.0.1 --httpd-port="$fi_port" \
      --local "$work/fi-daemon" >"$work/fi-daemon.log" 2>&1 &
    fi_pid=$!; pids+=("$fi_pid")
  fi
  t0=$(now_ms)
  while :; do
    t=$(( $(now_ms) - t0 ))
    echo "$t $(rss_kib "$service_pid") $(cpu_usec "$cg_rc" "$service_pid") $(rss_kib "$fi_pid") $(cpu_usec "$cg_fi" "$fi_pid")" \
      "$(tree_rss "$cg_rc" "$service_pid" | cut -d' ' -f1) $( [[ -z $fi_pid ]] || tree_rss "$cg_fi" "$fi_pid" | cut -d' ' -f1)" \
      >>"$work/minute.samples"
    (( t >= minute * 1000 )) && break
    sleep 1
  done
  minute_comm=$(cat "/proc/$service_pid/comm" 2>/dev/null || true)
  stop "$service_pid" "$cg_rc"
  [[ -z $fi_pid ]] || stop "$fi_pid" "$cg_fi"
}

run_day() {
  local cg t0 t f tree
  install -d -m 0700 "$work/state"
  day_s=$(( day_minutes * 60 ))
  day_full=$day_s
  day_delta=$(awk -v d="$day_s" 'BEGIN { v = int(3600 * d / 86400 + 0.5); print v < 1 ? 1 : v }')
  # the service's default heartbeat: 12 h without any report (Intervals.RESIDENT_HEARTBEAT; agent/README.md)
  heartbeat_real=43200
  day_heartbeat=$(awk -v d="$day_s" -v h="$heartbeat_real" 'BEGIN { v = int(h * d / 86400 + 0.5); print v < 1 ? 1 : v }')
  # agent.properties keys of today's agent (AgentConfig), in the state directory; the installers' file too, in case
  # the agent reads its schedule from there one day (it ignores keys it does not know)
  for f in "$work/state/agent.properties" "$work/agent.properties"; do
    touch "$f"
    sed -i '/^interval\.\(full\|delta\|heartbeat\)=/d' "$f"
    printf 'interval.full=%s\ninterval.delta=%s\ninterval.heartbeat=%s\n' "$day_full" "$day_delta" "$day_heartbeat" >>"$f"
  done
  cg=$(new_cgroup rc-day)
  read -r day_up0 day_down0 day_conn0 < <(echo "$(stat_field up) $(stat_field down) $(stat_field connections)")
  day_cpu0=$(cpu_usec "$cg" ""); day_cpu0=${day_cpu0:-0}
  day_t0=$(now_ms)
  start_service "$cg" "$work/service-b.log"
  while :; do
    t=$(( $(now_ms) - day_t0 ))
    tree=$(tree_rss "$cg" "$service_pid")
    echo "$t $(rss_kib "$service_pid") $(cpu_usec "$cg" "$service_pid") $tree" >>"$work/day.samples"
    if [[ -n $cg ]]; then cat "$cg/cgroup.procs"; else descendants "$service_pid"; fi >>"$work/day.pids"
    (( t >= day_s * 1000 - 500 )) && break
    sleep 1
  done
  day_hwm=$(rss_kib "$service_pid" VmHWM)
  day_comm=$(cat "/proc/$service_pid/comm" 2>/dev/null || true)
  [[ -n $cg ]] || day_cpu_end=$(cpu_usec "" "$service_pid")
  stop "$service_pid" "$cg"
  [[ -z $cg ]] || day_cpu_end=$(cpu_usec "$cg" "")
  for (( t = 0; t < 20; t++ )); do [[ $(stat_field open) == 0 ]] && break; sleep 0.5; done
  sleep 0.5 # the relay rewrites its file every 200 ms
  read -r day_up1 day_down1 day_conn1 < <(echo "$(stat_field up) $(stat_field down) $(stat_field connections)")
}
# --- figures ---------------------------------------------------------------------------------------------------------
scan_cpu() { # scan_cpu NAME: "0.53 s (0.50-0.60)" from NAME.runs
  [[ -s $work/$1.runs ]] || { nm "${2:-no run finished}"; return; }
  awk '{ print $1 }' "$work/$1.runs" | median | awk -v lo="$(sort -n "$work/$1.runs" | head -n 1 | cut -d' ' -f1)" \
    -v hi="$(sort -n "$work/$1.runs" | tail -n 1 | cut -d' ' -f1)" '{ printf "%.2f s (%.2f-%.2f)", $1 / 1000, lo / 1000, hi / 1000 }'
}
scan_rss() {
  [[ -s $work/$1.runs ]] || { nm "${2:-no run finished}"; return; }
  echo "$(mib "$(awk '{ print $2 }' "$work/$1.runs" | median)") (max $(mib "$(awk '{ print $2 }' "$work/$1.runs" | sort -n | tail -n 1)"))"
}
# CPU per second of wall time (microseconds) in each 10 s window of minute.samples from 20 s on, when start-up,
# enrolment and the first full scan are usually over: the resident idling (timers, media polls). On a loaded machine
# start-up can reach into the first window, so the rate is the median of at least three.
idle_windows() {
  awk 'NF >= 3 && $3 != "" { t[n] = $1; c[n] = $3; n++ }
    END { k = 2; for (i = 0; i < n; i++) if (t[i] >= k * 10000) { tt[m] = t[i]; cc[m] = c[i]; m++; k = int(t[i] / 10000) + 1 }
          for (j = 1; j < m; j++) printf "%.0f\n", (cc[j] - cc[j - 1]) * 1000 / (tt[j] - tt[j - 1]) }' "$work/minute.samples"
}

report() {
  set +e # a figure that cannot be read says so below; it never stops the table
  local rc_med fi_med ratio fi_zlib fi_raw rc_full rc_check minute_rc minute_fi rate day_rows
  rc_med=$( [[ -s $work/rc-scan.runs ]] && awk '{ print $1 }' "$work/rc-scan.runs" | median)
  fi_med=$( [[ -s $work/fi-scan.runs ]] && awk '{ print $1 }' "$work/fi-scan.runs" | median)
  if [[ -n $rc_med && -n $fi_med ]]; then ratio=$(awk -v a="$rc_med" -v b="$fi_med" 'BEGIN { printf "%.2f", a / b }')
  else ratio=$(nm "a side has no scan"); fi
  fi_no=$($fusion && echo "no scan finished" || echo "fusioninventory-agent is not installed (--no-install?)")
  if [[ -n $fi_xml && -s $fi_xml ]]; then
    fi_raw=$(wc -c <"$fi_xml")
    # what the agent sends: Compress::Zlib::compress of the XML (zlib format, default level)
    fi_zlib="$(perl -MCompress::Zlib -e 'local $/; print length(compress(<STDIN>))' <"$fi_xml") B (zlib of its ${fi_raw} B XML)"
  else fi_zlib=$(nm "$fi_no"); fi
  rc_full=$(awk '$1 == "full" { print $2; exit }' "$work/reports" 2>/dev/null)
  rc_full=${rc_full:+"$rc_full B (gzipped JSON body of the first full report, at the collector)"}
  rc_full=${rc_full:-$(nm "${collector_skip:-no full report reached the collector}")}
  rc_check=$(command -v jq >/dev/null && [[ -s $work/rc-scan.out ]] && jq -c . "$work/rc-scan.out" | gzip -9 | wc -c)
  minute_rc=$(nm "${collector_skip:-the minute was not run (--minute 0)}")
  minute_fi=$(nm "$($fusion && echo "the minute was not run (--minute 0)" || echo "$fi_no")")
  if [[ -s $work/minute.samples ]]; then
    minute_rc=$(tail -n 1 "$work/minute.samples" | awk '{ print $2 }')
    minute_rc=${minute_rc:+$(mib "$minute_rc")}
    minute_rc=${minute_rc:-$(nm "the service stopped: $(tail -n 1 "$work/service-a.log")")}
    if $fusion; then
      minute_fi=$(tail -n 1 "$work/minute.samples" | awk '{ print $4 }')
      minute_fi=${minute_fi:+"daemon $(mib "$minute_fi")"}
      minute_fi=${minute_fi:-$(nm "the daemon stopped: $(tail -n 1 "$work/fi-daemon.log")")}
    fi
    # the median window: a scan or a heartbeat falling in one window does not move it
    (( $(idle_windows | wc -l) < 3 )) || rate=$(idle_windows | median)
  fi

  echo "# Rollcall agent vs FusionInventory (issue 13): $started to $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: bench/agent-vs-fusion.sh --runs $runs --minute $minute --day-minutes $day_minutes"
  echo "code: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- agent common installers 2>/dev/null || echo ' + uncommitted changes')" \
    "on $(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?'); .deb $(stat -c '%s B, built %y' "$deb" | cut -c1-40)"
  echo "machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
    "Linux $(uname -r), $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release); load average before $load_before, after $load_after"
  echo "FusionInventory: $(dpkg-query -W -f '${Package} ${Version}' fusioninventory-agent 2>/dev/null || echo 'not installed')"
  echo "unit environment: ${unit_env[*]:-(none)}" | sed "s#$root##g"
  echo "CPU measured by: $cpu_method"
  echo
  echo "| | Rollcall | FusionInventory | goal |"
  echo "|---|---|---|---|"
  echo "| full scan, CPU user+sys, median of $runs (min-max) | $(scan_cpu rc-scan) | $(scan_cpu fi-scan "$fi_no") | |"
  echo "| full scan CPU, Rollcall / FusionInventory (same run) | $ratio | | <= 0.5 |"
  echo "| full scan, peak RSS, median (max) | $(scan_rss rc-scan) | $(scan_rss fi-scan "$fi_no") | <= 60 MiB |"
  echo "| resident after ${minute} s (VmRSS) | $minute_rc | $minute_fi | <= 32 MiB |"
  echo "| full report of this machine, compressed | $rc_full | $fi_zlib | <= 12 KB |"
  echo
  if [[ -s $work/day.samples ]]; then
    local d_ms cpu_run up conns rss_max tree_max per_day scale
    d_ms=$(tail -n 1 "$work/day.samples" | cut -d' ' -f1)
    scale=$(awk -v d="$d_ms" 'BEGIN { printf "%.0f", 86400000 / d }')
    cpu_run=$(( ${day_cpu_end:-0} - day_cpu0 ))
    up=$(( day_up1 - day_up0 )); conns=$(( day_conn1 - day_conn0 ))
    rss_max=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$work/day.samples")
    tree_max=$(awk '$4 > m { m = $4 } END { print m + 0 }' "$work/day.samples")
    if [[ -n ${rate:-} ]]; then
      per_day=$(awk -v c="$cpu_run" -v r="$rate" -v d="$d_ms" 'BEGIN { printf "%.1f s/day", (c + r * (86400 - d / 1000)) / 1e6 }')
    else per_day=$(nm "no idle rate: the minute was not run, or shorter than 50 s (3 windows)"); fi
    echo "Compressed day: 24 h in $(awk -v d="$d_ms" 'BEGIN { printf "%.1f", d / 60000 }') min (x$scale)" \
      "- interval.full=${day_full}s (real 86400), interval.delta=${day_delta}s (3600: x$(( 3600 / day_delta ))), interval.heartbeat=${day_heartbeat}s (${heartbeat_real}: x$(( heartbeat_real / day_heartbeat ))); media polled at the agent's own rate"
    echo
    echo "| per real day | Rollcall | goal |"
    echo "|---|---|---|"
    echo "| resident RSS, max of 1 s samples (VmHWM at the end) | $(mib "$rss_max") ($(mib "${day_hwm:-0}")) | <= 32 MiB |"
    echo "| CPU, resident + every process it started | $per_day | <= 10 s/day |"
    echo "| bytes sent agent -> collector, TLS on the wire | $up B = $(awk -v b="$up" 'BEGIN { printf "%.1f", b / 1000 }') KB/day | <= 20 KB/day |"
    echo
    day_rows=$(awk -v t0="$day_t0" '$3 >= t0 { n[$1]++; b[$1] += $2 } END { for (k in n) { printf "%s%s %d (%d B)", s, k, n[k], b[k]; s = ", " } }' "$work/reports" 2>/dev/null)
    echo "How the day is scaled back: the run holds one real day's events (the schedules' intervals divided by x$scale: 1 full"
    echo "scan, 23 hourly delta scans - a delta is sent only when a section changed - and a heartbeat after each 12 h"
    echo "without a report), so event costs count once; the resident's idle cost scales with wall time. CPU/day = CPU of the"
    echo "compressed run ($(awk -v c="$cpu_run" 'BEGIN { printf "%.2f", c / 1e6 }') s, start-up and one day's events and ${d_ms} ms of idling)"
    echo "+ the idle rate ($(awk -v r="${rate:-0}" 'BEGIN { printf "%.3f", r * 60 / 1e6 }') s a minute: median of 10 s windows of the default-schedule minute above, media polls included) x the rest of the"
    echo "day. Bytes/day = bytes of the compressed run (events only; the one-time enrolment is not in it). RSS is not scaled."
    echo "Wire detail: $conns TCP connections, $(( day_down1 - day_down0 )) B collector -> agent; reports stored: ${day_rows:-none}"
    echo "Process tree: max summed RSS $(mib "$tree_max"), $(sort -u "$work/day.pids" 2>/dev/null | wc -l) distinct processes seen in the 1 s samples"
  else
    echo "Compressed day: $(nm "${collector_skip:---day-minutes 0}")"
  fi
  echo
  echo "Scan runs (cpu ms, peak RSS KiB): Rollcall $(tr '\n' ';' <"$work/rc-scan.runs" 2>/dev/null) FusionInventory $(tr '\n' ';' <"$work/fi-scan.runs" 2>/dev/null)"
  echo "Cross-check: \`rollcall-agent scan\` output compacted (jq -c) and gzip -9: ${rc_check:-$(nm "no jq or no scan output")} B"
  [[ -z ${rate:-} ]] || echo "Idle CPU of the resident (default schedule): $(awk -v r="$rate" 'BEGIN { printf "%.1f ms a minute = %.1f s/day", r * 60 / 1000, r * 86400 / 1e6 }')" \
    "(10 s windows from 20 s on, us per s: $(idle_windows | tr '\n' ' '))"
  [[ ! -s $work/minute.samples ]] || echo "After ${minute} s, summed RSS of each tree: Rollcall service $(mib "$(tail -n 1 "$work/minute.samples" | awk '{ print $6 + 0 }')"), FusionInventory daemon $(mib "$(tail -n 1 "$work/minute.samples" | awk '{ print $7 + 0 }')")"
  [[ ! -s $work/minute.samples ]] || ! $fusion || echo "FusionInventory daemon, CPU in its ${minute} s: $(awk 'NR == 1 { a = $5 } END { printf "%.2f s", ($5 - a) / 1e6 }' "$work/minute.samples")," \
    "inventories it wrote: $(find "$work/fi-daemon" -type f | wc -l) (one forced at start)"
  # "resident" is the unit's main process; a shell there that did not exec means the tree's RSS is the one to read
  [[ ! ${minute_comm:-}${day_comm:-} =~ ^(sh|dash|bash)+$ ]] \
    || echo "NOTE: the service's main process is a shell ($minute_comm $day_comm): read the summed tree RSS, not the resident's"
  echo "Peak RSS is /usr/bin/time's (largest process of the run); time figures are ratios within one run on a shared machine."
}

umask 077
work=$(mktemp -d)
cg_root=""
pids=()
trap cleanup EXIT INT TERM
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the package, unpacked and configured as an install would -------------------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$root/DEBIAN"
ROLLCALL_ROOT="$root" sh "$root/DEBIAN/postinst" configure >"$work/postinst.log" 2>&1 \
  || echo "note: the postinst failed in the temporary root (postinst.log, kept with --keep); measuring without what it makes" >&2
unit=$(find "$root" -name '*.service' -exec grep -l 'rollcall-agent' {} + 2>/dev/null | head -n 1 || true)
[[ -n "$unit" ]] || { echo "agent-vs-fusion.sh: no systemd unit in $deb" >&2; exit 2; }
unit_env=()
while IFS= read -r line; do
  unit_env+=("$(sandboxed "$line")")
done < <(unit_environment "$unit")
service=$(sed -n 's/^ExecStart=[-+@!:]*\([^ ]*\).*/\1/p' "$unit" | head -n 1)
service="$root${service:-/opt/rollcall-agent/bin/rollcall-agent-service}"
agent="$root/opt/rollcall-agent/bin/rollcall-agent"
grep -q '^EnvironmentFile=' "$unit" && echo "note: the unit's EnvironmentFile= is not read by this script" >&2

cg_root=""
! $cgroups || cg_root=$(make_cgroup_root)
cpu_method="cgroup v2 cpu.stat of a cgroup per measured thing (every process it starts, exited ones included)"
[[ -n "$cg_root" ]] || cpu_method="/proc: user+sys of the process and of the children it waited for (cgroup v2 not available)"

# --- 1. interleaved full scans -------------------------------------------------------------------------------------
echo "full scans: $runs of each, interleaved ..."
mkdir -p "$work/fi-local"
for (( i = 1; i <= runs; i++ )); do
  if (( i % 2 )); then order="rc fi"; else order="fi rc"; fi
  for who in $order; do
    if [[ $who == rc ]]; then
      measure rc-scan env "${unit_env[@]}" "$agent" scan --state "$work/scan-state" || true
    elif $fusion; then
      measure fi-scan fusioninventory-agent --local "$work/fi-local" || true
    fi
  done
done
fi_xml=$(find "$work/fi-local" -name '*.ocs' -o -name '*.xml' 2>/dev/null | head -n 1)

# --- a real collector on loopback, behind the counting relay ----------------------------------------------------------
collector_skip="no collector was started (--minute 0 --day-minutes 0)"
if (( minute > 0 || day_minutes > 0 )); then
  collector_skip=""
  echo "starting a collector on loopback (fresh data dir) and the byte-counting relay ..."
  start_collector_and_relay
fi

# --- 2. each resident after a minute (default schedule), side by side --------------------------------------------------
if (( minute > 0 )) && [[ -n "${relay_port:-}" ]]; then
  echo "the Rollcall service (default schedule) and the FusionInventory daemon, ${minute} s each, side by side ..."
  run_minute
fi

# --- 3. the compressed day ----------------------------------------------------------------------------------------------
if (( day_minutes > 0 )) && [[ -n "${relay_port:-}" ]]; then
  echo "compressed day: ${day_minutes} min standing for 24 h ..."
  run_day # with --minute 0 the service enrols at its start here
fi
stop_collector_and_relay
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ------------------------------------------------------------------------------------------------------
mkdir -p bench/results
out="bench/results/agent-vs-fusion-$(date -u +%Y-%m-%dT%H%MZ).txt"
report | tee "$out"
echo
echo "written to $out"
