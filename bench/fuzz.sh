#!/usr/bin/env bash
# Fuzzes every parser of untrusted bytes with Jazzer (coverage-guided), one fuzz test per JVM, one after the other,
# and prints parser × inputs executed × findings.
#
#   bench/fuzz.sh                      short budget: 10 s of fuzzing per parser
#   bench/fuzz.sh --seconds 60         a minute per parser
#   bench/fuzz.sh --runs 1000000       at least a million inputs per parser (no time limit unless --seconds)
#   bench/fuzz.sh --only 'Plist|Dpkg'  only the fuzz tests whose Class#method matches the regex
#   bench/fuzz.sh --list               the fuzz tests, without running them
#   bench/fuzz.sh --seconds 10 --pick 4   CI: 4 of the fuzz tests, a different 4 at each commit (by commit count),
#                                      so every parser is fuzzed every few commits; every build (mvn verify)
#                                      replays all of their seeds and past findings anyway
#
# Options: --timeout S (one input running longer is a finding, default 10), --keep-corpus (keep each test's
# generated corpus in MODULE/.cifuzz-corpus between runs, so a later run starts where this one stopped).
# A finding is saved by Jazzer as crash-<sha1> next to the test's seeds, in
# MODULE/src/test/resources/<package>/<Class>Inputs/<method>/, so every later build (mvn verify) replays it.
# Exit status: 0 when no parser had a finding, 1 otherwise, 2 on a usage or build error.
set -uo pipefail
cd "$(dirname "$0")/.."

# module  class (simple name, unique)  method  what it parses
TARGETS=(
  "common    ReportCodecFuzzTest         decodePlain       report body, plain JSON (ReportCodec.decode)"
  "common    ReportCodecFuzzTest         decodeGzip        report body, gzip (ReportCodec.decode)"
  "common    ReportCodecFuzzTest         decodeMembers     report body, the agent's gzip members (decodeWithStored)"
  "common    ReportCodecFuzzTest         readEnrollRequest enrolment request (ReportCodec.read)"
  "collector StaffCsvFuzzTest            parse             MIS staff CSV import (StaffCsv)"
  "collector PolicyDocumentFuzzTest      read              policy JSON, PUT /api/v1/policy (PolicyDocument)"
  "collector NormalisationRuleFuzzTest   addRule           normalisation rule JSON (NormalisationRule)"
  "agent     PlistFuzzTest               parse             plists: XML, binary, ASCII (Plist)"
  "agent     IoregUsbDisksFuzzTest       byBsdName         ioreg output (IoregUsbDisks)"
  "agent     MacAccountsProbeFuzzTest    read              dscl output (MacAccountsProbe)"
  "agent     RegistryProbesFuzzTest      probes            Windows registry values (Windows probes)"
  "agent     KernelJournalMediaFuzzTest  parse             kernel journal, USB media (KernelJournalMedia)"
  "agent     DpkgStatusFuzzTest          parse             dpkg status (DpkgStatus)"
  "agent     KeyfileFuzzTest             kdeUserFile       KDE keyfile (Keyfile, KdeScreenLock)"
  "agent     KeyfileFuzzTest             gnomeDconfDump    GNOME dconf keyfile (Keyfile, GnomeScreenLock)"
  "agent     MacScreenLockFuzzTest       byHostPlist       macOS screen saver plist (MacScreenLockProbe)"
  "agent     MacScreenLockFuzzTest       sysadminctlStatus sysadminctl output (MacScreenLockProbe)"
)

runs=0
seconds=""
timeout=10
only=""
pick=0
list=false
keep=false
while (( $# )); do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --timeout) timeout="${2:?--timeout needs a number}"; shift 2 ;;
    --only) only="${2:?--only needs a regex}"; shift 2 ;;
    --pick) pick="${2:?--pick needs a number}"; shift 2 ;;
    --list) list=true; shift ;;
    --keep-corpus) keep=true; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$runs" "$timeout" "$pick" ${seconds:+"$seconds"}; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: '$n' is not a whole number" >&2; exit 2; }
done
# with neither limit, a short budget; with --runs alone, the run count is the limit
if [[ -z "$seconds" ]]; then
  if (( runs > 0 )); then seconds=86400; else seconds=10; fi
fi

selected=()
for t in "${TARGETS[@]}"; do
  read -r module class method _ <<<"$t"
  if [[ -z "$only" || "$class#$method" =~ $only ]]; then
    selected+=("$t")
  fi
done
(( ${#selected[@]} )) || { echo "fuzz.sh: no fuzz test matches '$only'" >&2; exit 2; }
if (( pick > 0 && pick < ${#selected[@]} )); then
  # a window of $pick tests that moves by $pick at every commit
  total=${#selected[@]}
  count=$(git rev-list --count HEAD 2>/dev/null || date +%j)
  offset=$(( (10#$count * pick) % total ))
  window=()
  for (( i = 0; i < pick; i++ )); do
    window+=("${selected[$(( (offset + i) % total ))]}")
  done
  echo "fuzz.sh: --pick $pick: fuzzing $pick of $total fuzz tests this time (the window moves at every commit)"
  selected=("${window[@]}")
fi
if $list; then
  printf '%s\n' "${selected[@]}"
  exit 0
fi

mvn=(mvn -B -q -Dstyle.color=never)
[[ "${FUZZ_ONLINE:-0}" == 1 ]] || mvn+=(-o)
echo "fuzz.sh: compiling common, agent and collector (tests included)"
if ! "${mvn[@]}" -pl common,agent,collector -am test-compile; then
  echo "fuzz.sh: the build failed" >&2
  exit 2
fi

budget="${seconds} s"
(( runs > 0 )) && budget="$runs inputs (or ${seconds} s)"
echo "fuzz.sh: ${#selected[@]} fuzz tests, each for $budget; one input longer than ${timeout} s is a finding"
rows=()
failed=0
for t in "${selected[@]}"; do
  read -r module class method what <<<"$t"
  log="$module/target/fuzz/$class-$method.log"
  mkdir -p "$module/target/fuzz"
  inputs=$(find "$module/src/test/resources" -type d -path "*/${class}Inputs/$method" | head -1)
  before=$(find "$inputs" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null | sort)
  $keep || rm -rf "$module/.cifuzz-corpus/"*".$class/$method"
  # Jazzer instruments the project's own classes for coverage; the third-party parser each one hands the bytes to
  # is instrumented too, so that the fuzzer is guided through the tokenizer as well as our code
  case "$class" in
    ReportCodecFuzzTest|PolicyDocumentFuzzTest|NormalisationRuleFuzzTest|KernelJournalMediaFuzzTest)
      deep="com.fasterxml.jackson.core.**" ;;
    StaffCsvFuzzTest) deep="org.apache.commons.csv.**" ;;
    PlistFuzzTest|IoregUsbDisksFuzzTest|MacScreenLockFuzzTest) deep="com.dd.plist.**" ;;
    *) deep="" ;;
  esac
  echo "fuzz.sh: $class#$method — $what${deep:+ (also instrumenting $deep)}"
  start=$(date +%s)
  # JAZZER_FUZZ=1 turns the @FuzzTest from replaying its inputs into fuzzing; Jazzer fuzzes one test per JVM.
  # The test phase (not surefire:test alone) makes Maven take rollcall-common from this tree, not ~/.m2.
  # The jazzer.internal.arg.* properties are libFuzzer's command line: -timeout makes a slow input a finding.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" JAZZER_MAX_EXECUTIONS="$runs" \
    JAZZER_INSTRUMENTATION_INCLUDES="io.rollcall.**${deep:+:$deep}" \
    "${mvn[@]}" -pl "$module" -am test -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-timeout=$timeout" >"$log" 2>&1
  status=$?
  elapsed=$(( $(date +%s) - start ))
  # libFuzzer's status lines start with #<inputs executed>; "Done N runs" is its last word on a clean stop
  executed=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1)
  [[ -n "$executed" ]] || executed=$(grep -oE '^#[0-9]+' "$log" | tr -d '#' | sort -n | tail -1)
  [[ -n "$executed" ]] || executed=0
  after=$(find "$inputs" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null | sort)
  new=$(comm -13 <(echo "$before") <(echo "$after") | grep -c . || true)
  if (( status == 0 )); then
    result=ok
  elif (( new > 0 )) || grep -qE 'FuzzTestFindingException|== Java Exception|libFuzzer: (timeout|out-of-memory)' "$log"; then
    result="FINDING, see $log"
    (( new > 0 )) || new=1
    failed=1
  else
    result="ERROR (no finding recorded), see $log"
    failed=1
  fi
  rows+=("$(printf '%-44s %-10s %12s %7s %8s  %s' "$class#$method" "$module" "$executed" "${elapsed}s" "$new" "$result")")
done

echo
printf '%-44s %-10s %12s %7s %8s  %s\n' "fuzz test" "module" "inputs" "time" "findings" "result"
printf '%s\n' "${rows[@]}"
if (( failed )); then
  echo
  echo "fuzz.sh: findings are saved next to the seeds (crash-*); 'mvn -o -q -pl MODULE -am test -Dtest=Class' replays them"
fi
exit "$failed"
