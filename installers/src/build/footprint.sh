#!/usr/bin/env bash
# Agent footprint on the packaged runtime, per JVM flag set: CPU per scan and RSS after 5 scans (median of 3 runs).
# Usage (after mvn package of installers): installers/src/build/footprint.sh   Figures go in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x target/rollcall-agent_amd64.deb "$root"
java="$root/opt/rollcall-agent/runtime/bin/java"
# class-data sharing refuses directories on the class path: the harness goes in a jar
jar cf "$root/footprint.jar" -C target/test-classes io/rollcall/installers/Footprint.class
cp="$root/opt/rollcall-agent/lib/rollcall-agent.jar:$root/footprint.jar"
jsa="$root/agent.jsa"
"$java" -XX:ArchiveClassesAtExit="$jsa" -cp "$cp" io.rollcall.installers.Footprint 1 >/dev/null 2>&1

run() {
  local name=$1; shift
  for _ in 1 2 3; do
    # shellcheck disable=SC2086 # flags are split on purpose
    printf '%-28s %s\n' "$name" "$("$java" "$@" -cp "$cp" io.rollcall.installers.Footprint 5)"
  done
}
run default
run serial-64m -Xmx64m -XX:+UseSerialGC
run serial-64m-c1 -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
run serial-64m-c1-small -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m
run serial-64m-c1-small-appcds -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:SharedArchiveFile="$jsa"
run serial-32m-c1-small -Xmx32m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m
echo "installed size: $(du -sk "$root/opt" "$root/etc" "$root/lib" | awk '{s+=$1} END {print s}') KiB; .deb $(du -k target/rollcall-agent_amd64.deb | cut -f1) KiB"
