#!/usr/bin/env bash
# Lays out the macOS package: payload (install root) and scripts, as a directory and a tarball that
# pkgbuild on a Mac turns into rollcall-agent.pkg (README.md, "macOS").
# Usage: pkg.sh VERSION AGENT_JAR PLIST OUT_DIR [MACOS_RUNTIME_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=$1 jar=$2 plist=$3 out=$4 runtime=${5:-}

rm -rf "$out"
payload=$out/payload
agent=$payload/Library/Rollcall/Agent
install -d -m 0755 "$agent/lib" "$agent/bin" "$payload/Library/LaunchDaemons" "$out/scripts"
install -m 0644 "$jar" "$agent/lib/rollcall-agent.jar"
# the launcher, the service entry point and the class-data archive script are the .deb's own
install -m 0755 "$here/deb/bin/rollcall-agent" "$here/deb/bin/rollcall-agent-service" \
  "$here/deb/bin/rollcall-agent-archives" "$agent/bin/"
install -m 0644 "$plist" "$payload/Library/LaunchDaemons/io.rollcall.agent.plist"
install -m 0755 "$here/pkg/scripts/preinstall" "$here/pkg/scripts/postinstall" "$out/scripts/"
if [[ -n "$runtime" ]]; then
  cp -R "$runtime" "$agent/runtime"
fi

cat > "$out/BUILD.txt" <<TXT
On a Mac, with a jlinked macOS runtime copied to payload/Library/Rollcall/Agent/runtime (unless this layout
was built with one), from this directory:

  pkgbuild --root payload --scripts scripts --identifier io.rollcall.agent --version ${version%%-*} \\
    --install-location / rollcall-agent-component.pkg
  productbuild --package rollcall-agent-component.pkg rollcall-agent.pkg
  productsign --sign "Developer ID Installer: <school>" rollcall-agent.pkg rollcall-agent-signed.pkg

Silent install: sudo installer -pkg rollcall-agent.pkg -target /
TXT
tar -C "$out" -czf "$out.tar.gz" --owner=0 --group=0 payload scripts BUILD.txt
