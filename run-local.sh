#!/usr/bin/env bash
# Starts the real thing on this machine: builds if needed, starts the collector on its embedded
# defaults (HTTPS on 8443, data in ./data), enrols an agent on this machine, delivers a report,
# keeps the agent reporting, and prints the URL and the admin token (read from DATA/first-run.json: the
# collector itself never prints tokens). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"
# everything this script writes (collector.out/.log, the agent's state) is for this user only
umask 077

PORT="${ROLLCALL_PORT:-8443}"
DATA="${ROLLCALL_DATA:-./data}"
AGENT_STATE="$DATA/agent"
COLLECTOR_JAR=collector/target/rollcall-collector.jar
AGENT_JAR=agent/target/rollcall-agent.jar

if [[ ! -f "$COLLECTOR_JAR" || ! -f "$AGENT_JAR" ]]; then
  echo "building (mvn -B -q package -DskipTests) ..."
  mvn -B -q package -DskipTests
fi

mkdir -p "$DATA"
# the console's enrolment page offers the installers found in DATA/installers
if compgen -G "installers/target/*.deb" >/dev/null; then
  mkdir -p "$DATA/installers"
  cp -p installers/target/*.deb "$DATA/installers/"
fi
java -jar "$COLLECTOR_JAR" --data "$DATA" --port "$PORT" >"$DATA/collector.out" 2>"$DATA/collector.log" &
COLLECTOR_PID=$!
AGENT_PID=""
cleanup() {
  [[ -n "$AGENT_PID" ]] && kill "$AGENT_PID" 2>/dev/null || true
  kill "$COLLECTOR_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$DATA/first-run.json"; }

echo "starting the collector (log: $DATA/collector.log) ..."
for _ in $(seq 1 120); do
  if ! kill -0 "$COLLECTOR_PID" 2>/dev/null; then
    echo "the collector stopped; see $DATA/collector.log" >&2
    tail -20 "$DATA/collector.log" >&2
    exit 1
  fi
  if [[ -f "$DATA/first-run.json" ]] && grep -q "serving\|first start" "$DATA/collector.out" 2>/dev/null; then
    break
  fi
  sleep 1
done

ENROLL_TOKEN=$(json_field enrollToken)
ADMIN_TOKEN=$(json_field adminToken)
FINGERPRINT=$(json_field caFingerprint)
URL="https://localhost:$PORT"

if ! java -jar "$AGENT_JAR" status --state "$AGENT_STATE" 2>/dev/null | grep -q "enrolled: *yes"; then
  # the token goes in on stdin: a command-line argument is readable by every local user in ps
  printf '%s\n' "$ENROLL_TOKEN" | java -jar "$AGENT_JAR" enroll --server "$URL" --token - \
    --ca-fingerprint "$FINGERPRINT" --state "$AGENT_STATE"
fi
java -jar "$AGENT_JAR" once --state "$AGENT_STATE"
# as the installed service runs it: a small resident process that schedules and watches for media, and starts a
# short-lived worker JVM for each scan and send (agent/README.md, "The service")
java -Xmx4m -Xss256k -XX:+UseSerialGC -XX:-UsePerfData -jar "$AGENT_JAR" resident --state "$AGENT_STATE" \
  >"$DATA/agent.log" 2>&1 &
AGENT_PID=$!

cat <<INFO

Rollcall is running.
  URL          $URL   (also $(json_field url))
  Admin token  $ADMIN_TOKEN
  CA           $DATA/tls/ca.crt  (SHA-256 $FINGERPRINT)

Try:
  curl --cacert $DATA/tls/ca.crt -H "Authorization: Bearer $ADMIN_TOKEN" $URL/api/v1/devices
  curl --cacert $DATA/tls/ca.crt -H "Authorization: Bearer $ADMIN_TOKEN" $URL/api/v1/compliance/summary

Console: $URL/console — sign in as a person; create the first one (choose a password of 12+ characters):
  curl --cacert $DATA/tls/ca.crt -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \\
    -d '{"username":"admin","displayName":"Admin","role":"admin","password":"<12+ characters>"}' $URL/api/v1/users

The agent keeps reporting (log: $DATA/agent.log). Ctrl-C stops both.
INFO
wait "$COLLECTOR_PID"
