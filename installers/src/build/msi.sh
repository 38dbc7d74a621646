#!/usr/bin/env bash
# Builds the Windows installer with msitools' wixl.
# Usage: msi.sh VERSION AGENT_JAR WINDOWS_RUNTIME_DIR JAVA_OPTS OUT.msi [COLLECTOR_URL ENROLL_TOKEN CA_FINGERPRINT
#               [RESIDENT_JAVA_OPTS]]
# JAVA_OPTS are the worker's flags, RESIDENT_JAVA_OPTS the resident service's (empty: the JVM's defaults).
# WINDOWS_RUNTIME_DIR is a jlinked *Windows* runtime (it must hold bin/java.exe): see README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=$1 jar=$2 runtime=$3 java_opts=$4 out=$5
url=${6:-} token=${7:-} fingerprint=${8:-} resident_opts=${9:-}

if [[ ! -f "$runtime/bin/java.exe" ]]; then
  echo "msi.sh: $runtime/bin/java.exe not found: give a jlinked Windows runtime (README.md, 'Windows runtime')" >&2
  exit 2
fi
# MSI versions are numeric: 0.1.0-SNAPSHOT installs as 0.1.0
msi_version=${version%%-*}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/lib"
cp "$jar" "$stage/lib/rollcall-agent.jar"
cp -r "$runtime" "$stage/runtime"
cp "$here/msi/rollcall-agent.wxs" "$stage/"

# every runtime file but java.exe, which the service component holds
(cd "$stage/runtime" && find . -type f ! -path ./bin/java.exe | sed 's|^\./||' | LC_ALL=C sort) \
  | wixl-heat -p '' --directory-ref RUNTIMEDIR --component-group Runtime --var var.RuntimeDir --win64 \
  > "$stage/runtime.wxs"

xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' <<<"$1"; }
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<Include>'
  [[ -n "$url" ]] && echo "<Property Id=\"COLLECTOR_URL\" Value=\"$(xml "$url")\"/>"
  [[ -n "$token" ]] && echo "<Property Id=\"ENROLL_TOKEN\" Value=\"$(xml "$token")\"/>"
  [[ -n "$fingerprint" ]] && echo "<Property Id=\"CA_FINGERPRINT\" Value=\"$(xml "$fingerprint")\"/>"
  echo '</Include>'
} > "$stage/defaults.wxi"

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
(cd "$stage" && wixl -a x64 -D "Version=$msi_version" -D AgentJar=lib/rollcall-agent.jar -D RuntimeDir=runtime \
  -D Win64=yes -D "JavaOpts=$java_opts" -D "ResidentJavaOpts=$resident_opts" -o "$out" rollcall-agent.wxs runtime.wxs)

# wixl writes SecureCustomProperties itself (for MajorUpgrade) and has no Secure= attribute: add ours to that row
secure=$(msiinfo export "$out" Property | awk -F'\t' '$1 == "SecureCustomProperties" { print $2 }')
msibuild "$out" -q "UPDATE \`Property\` SET \`Value\` = '${secure:+$secure;}COLLECTOR_URL;ENROLL_TOKEN;CA_FINGERPRINT' WHERE \`Property\` = 'SecureCustomProperties'"

# The enrolment settings, for the service to enrol from when the install-time enrolment failed (collector
# unreachable): enroll.ini in the state directory, whose ACL LockStateDir has reduced to SYSTEM and Administrators
# before WriteIniValues runs. wixl has no <IniFile>, so the table and its two standard actions are added here.
# The agent removes the token line once enrolled; RemoveIniValues takes the rest away on uninstall.
msibuild "$out" -q "CREATE TABLE \`IniFile\` (\`IniFile\` CHAR(72) NOT NULL, \`FileName\` CHAR(255) NOT NULL LOCALIZABLE, \`DirProperty\` CHAR(72), \`Section\` CHAR(96) NOT NULL LOCALIZABLE, \`Key\` CHAR(128) NOT NULL LOCALIZABLE, \`Value\` CHAR(255) NOT NULL LOCALIZABLE, \`Action\` SHORT NOT NULL, \`Component_\` CHAR(72) NOT NULL PRIMARY KEY \`IniFile\`)"
row=0
for kv in collector.url=COLLECTOR_URL enroll.token=ENROLL_TOKEN ca.fingerprint=CA_FINGERPRINT; do
  row=$((row + 1))
  # Action 0 = msidbIniFileActionAddLine: adds the key or replaces its value
  msibuild "$out" -q "INSERT INTO \`IniFile\` (\`IniFile\`, \`FileName\`, \`DirProperty\`, \`Section\`, \`Key\`, \`Value\`, \`Action\`, \`Component_\`) VALUES ('Enrol$row', 'enroll.ini', 'STATEDIR', 'Enrolment', '${kv%%=*}', '[${kv#*=}]', 0, 'StateDir')"
done
# standard sequence numbers (RemoveIniValues 3100, WriteIniValues 5100): after the state dir is created and locked,
# before StartServices; written only when all three values are there
msibuild "$out" -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('RemoveIniValues', '', 3100)"
msibuild "$out" -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('WriteIniValues', 'NOT REMOVE AND COLLECTOR_URL AND ENROLL_TOKEN AND CA_FINGERPRINT', 5100)"

# The class-data archives (issue 13): rollcall-agent.wxs defines the actions that make them; they run in this order
# after InstallFiles (4000) and RemoveExistingProducts (5803, after InstallServices in wixl's order), before
# StartServices (5900). wixl's After= chains are not used for them: nine chained actions made wixl renumber others
# (LockStateDir went past InstallFinalize).
seq=5810
for action in ArchiveWork ArchiveScan ArchiveScanAgain ArchiveStatus ArchiveClassList DumpAgentArchive \
    ArchiveResidentStep DumpResidentArchive ArchiveWorkCleanup; do
  msibuild "$out" -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('$action', 'NOT REMOVE', $seq)"
  seq=$((seq + 1))
done
# wixl has no <RemoveFile>: the archives, which no File row describes, are removed before new ones are made
# (RemoveFiles, 3500; an archive is only valid for the jar it was dumped from) and at uninstall (InstallMode 3 = both)
for archive in agent resident; do
  msibuild "$out" -q "INSERT INTO \`RemoveFile\` (\`FileKey\`, \`Component_\`, \`FileName\`, \`DirProperty\`, \`InstallMode\`) VALUES ('Remove${archive^}Archive', 'ArchiveCache', '$archive.jsa', 'CACHEDIR', 3)"
done
