#!/usr/bin/env bash
# Cost of one full scan as a short-lived worker process on the packaged runtime, side by side with Debian's
# fusioninventory-agent making its full local inventory in the same run (issue 13; BENCHMARKS.md "Worker scan cost").
# Usage (after `mvn -B package -pl agent,installers -am`): installers/src/build/worker-cost.sh [ROUNDS=5] [EXTRA_JVM_FLAGS]
# (ROLLCALL_DEB=other.deb measures another build, e.g. an earlier commit's, with that package's own flags)
# Unpacks the .deb, makes the class-data archive exactly as postinst does, then per round runs
# `fusioninventory-agent --local DIR` and `rollcall-agent scan` with the JVM flags of the package's systemd unit
# and the archive, taking user+sys CPU (children included) and peak RSS from GNU time. Prints each round, the range of
# Rollcall's CPU as a fraction of FusionInventory's in the same round, the classes a scan loads (and how many came
# from an archive), the CPU of a second scan in the same state directory (the probes' input cache warm), and the
# cost of a worker's hourly delta that finds nothing changed (io.rollcall.installers.WorkerDelta, on its own archive
# made the way postinst makes the agent's).
# Installs fusioninventory-agent with apt-get when it is missing (needs root).
set -euo pipefail
rounds=${1:-5}
extra=${2:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
deb=${ROLLCALL_DEB:-$here/target/rollcall-agent_amd64.deb} # another build's .deb, to compare steps
[[ -f "$deb" ]] || { echo "build first: $deb" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
if ! command -v fusioninventory-agent >/dev/null; then
  apt-get install -y fusioninventory-agent >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
dpkg-deb -e "$deb" "$work/control"
agent="$work/root/opt/rollcall-agent/bin/rollcall-agent"
# the archive exactly as postinst makes it: postinst itself, every path moved under the sandbox (no systemd there,
# no enrolment settings, so it only makes the state directory and the archive)
ROLLCALL_ROOT="$work/root" sh "$work/control/postinst" configure >/dev/null 2>&1 || true
jsa="$work/root/var/cache/rollcall-agent/agent.jsa"
[[ -f "$jsa" ]] || { echo "postinst made no archive" >&2; exit 1; }
# the JVM flags of the package's own unit, its archive moved into the sandbox
unit_opts=$(sed -n 's:^Environment="ROLLCALL_JAVA_OPTS=\(.*\)"$:\1:p' "$work/root/lib/systemd/system/rollcall-agent.service")
opts=${unit_opts% -XX:SharedArchiveFile=*}
flags="$opts -XX:SharedArchiveFile=$jsa $extra"
echo "flags: $flags"
echo "archive: $(du -k "$jsa" | cut -f1) KiB"

state="$work/state"
mkdir -p "$state" "$work/fi"
chmod 0700 "$state"
measure() { # prints "cpu_s peak_rss_kib"
  /usr/bin/time -f '%U %S %M' -o "$work/t" "$@" >/dev/null 2>&1
  awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$work/t"
}
echo "round fi_cpu_s fi_rss_mib rollcall_cpu_s rollcall_rss_mib ratio"
for r in $(seq 1 "$rounds"); do
  read -r fc fm < <(measure fusioninventory-agent --local "$work/fi")
  rm -f "$work/fi"/*
  # a fresh state directory each round: a cold full scan, no cache from the round before
  rm -rf "$state" && mkdir -m 0700 "$state"
  read -r rc rm < <(ROLLCALL_JAVA_OPTS="$flags" measure "$agent" scan --state "$state")
  awk -v r="$r" -v fc="$fc" -v fm="$fm" -v rc="$rc" -v rm="$rm" \
    'BEGIN { printf "%d %.2f %.1f %.2f %.1f %.2f\n", r, fc, fm / 1024, rc, rm / 1024, rc / fc }'
done | tee "$work/rounds"
awk 'NR > 1 || $1 ~ /^[0-9]/ { if (min == "" || $6 < min) min = $6; if ($6 > max) max = $6;
       if ($5 > rss) rss = $5; if (frss == "" || $3 > frss) frss = $3 }
     END { printf "summary: rollcall/fusioninventory CPU %.2f-%.2f, rollcall peak RSS max %.1f MiB, fusioninventory %.1f MiB\n", min, max, rss, frss }' \
  "$work/rounds"

# shellcheck disable=SC2086 # flags are split on purpose
ROLLCALL_JAVA_OPTS="$flags -Xlog:class+load:file=$work/classes.txt" "$agent" scan --state "$state" >/dev/null 2>&1
echo "classes loaded by a scan: $(grep -c . "$work/classes.txt"), from an archive: $(grep -c 'shared objects file' "$work/classes.txt")"
# the state directory now holds the last round's scan: what a delta that finds nothing changed re-reads
for _ in 1 2 3; do
  read -r dc dm < <(ROLLCALL_JAVA_OPTS="$flags" measure "$agent" scan --state "$state")
  echo "repeat scan, inputs unchanged: cpu_s $dc rss_mib $(awk -v m="$dm" 'BEGIN { printf "%.1f", m / 1024 }')"
done

# a worker's delta: the harness beside the agent jar, with its own archive made as postinst makes the agent's;
# the harness is compiled against this tree, so another build's .deb is not measured here
if [[ -n "${ROLLCALL_DEB:-}" ]]; then
  exit 0
fi
jar cf "$work/harness.jar" -C "$here/target/test-classes" io/rollcall/installers/WorkerDelta.class
java="$work/root/opt/rollcall-agent/runtime/bin/java"
cp="$(readlink -f "$work/root/opt/rollcall-agent/lib/rollcall-agent.jar"):$work/harness.jar"
dstate="$work/delta-state"
mkdir -m 0700 "$dstate"
n=0
for mode in full delta delta; do
  n=$((n + 1))
  "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:DumpLoadedClassList="$work/d$n.classlist" -cp "$cp" \
    io.rollcall.installers.WorkerDelta "$dstate" "$mode" >/dev/null 2>&1
done
cat "$work"/d*.classlist >"$work/delta.classlist"
"$java" -Xshare:dump -XX:SharedClassListFile="$work/delta.classlist" -XX:SharedArchiveFile="$work/delta.jsa" \
  -cp "$cp" >/dev/null 2>&1
rm -rf "$dstate" && mkdir -m 0700 "$dstate"
# shellcheck disable=SC2086 # flags are split on purpose
"$java" $opts -XX:SharedArchiveFile="$work/delta.jsa" $extra -cp "$cp" io.rollcall.installers.WorkerDelta "$dstate" full \
  >/dev/null
for _ in 1 2 3; do
  # shellcheck disable=SC2086
  read -r dc dm < <(measure "$java" $opts -XX:SharedArchiveFile="$work/delta.jsa" $extra -cp "$cp" \
    io.rollcall.installers.WorkerDelta "$dstate" delta)
  # shellcheck disable=SC2086
  verdict=$("$java" $opts -XX:SharedArchiveFile="$work/delta.jsa" $extra -cp "$cp" \
    io.rollcall.installers.WorkerDelta "$dstate" delta)
  echo "worker delta ($verdict): cpu_s $dc rss_mib $(awk -v m="$dm" 'BEGIN { printf "%.1f", m / 1024 }')"
done
