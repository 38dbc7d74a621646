#!/usr/bin/env bash
# The test command: installs what the tests need (Debian packages, apt-get) when it is missing, runs every test
# (mvn -B verify), then fuzzes a few of the parsers of untrusted bytes for a short budget (bench/fuzz.sh; every
# build already replays all their seeds and past findings). Run as root on Debian/Ubuntu; CI runs this.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
# the console's browser tests drive Debian's Chromium through its chromedriver
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
# the installers module builds and inspects .deb/.msi packages and lints their scripts
command -v dpkg-deb >/dev/null || need+=(dpkg)
command -v wixl >/dev/null || need+=(wixl)
command -v msiinfo >/dev/null || need+=(msitools)
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v systemd-analyze >/dev/null || need+=(systemd)
# the store tests run on a real PostgreSQL too: each test JVM starts a throwaway cluster from Debian's binaries
# (/usr/lib/postgresql/N/bin, as the postgres user, 127.0.0.1 only, a free port) and ends it when the JVM ends
# (collector/src/test/java/io/rollcall/collector/support/PostgresServer.java); it fails, never skips, without them
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
# the cluster test runs a rogue member in a network namespace it makes (ip netns, veth) and reads listeners with ss
command -v ip >/dev/null || need+=(iproute2)
command -v ss >/dev/null || need+=(iproute2)
# the interop tests drive the real OCS-protocol agents against a collector (collector/.../interop/RealAgentsTest);
# they fail, never skip, without them
command -v fusioninventory-agent >/dev/null || need+=(fusioninventory-agent)
command -v ocsinventory-agent >/dev/null || need+=(ocsinventory-agent)
if (( ${#need[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${need[@]}"
fi

mvn -B verify
# 4 of the 16 fuzz targets, 10 s each, a different 4 at each commit; a finding fails the run
bench/fuzz.sh --seconds 10 --pick 4
