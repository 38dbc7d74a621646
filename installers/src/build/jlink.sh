#!/usr/bin/env bash
# Links the Java runtime the agent ships with: only the modules it needs, no debug data, with the
# JDK's default class-data-sharing archive so the service starts fast. Usage: jlink.sh JAVA_HOME MODULES OUT
set -euo pipefail
java_home=$1
modules=$2
out=$3

rm -rf "$out"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --generate-cds-archive --output "$out"
# the archive for heaps over 32 GB (no compressed oops) is never used by a small agent heap
rm -f "$out/lib/server/classes_nocoops.jsa"
# proves the runtime can start; the scan check is in the module's tests
"$out/bin/java" -version >/dev/null 2>&1
