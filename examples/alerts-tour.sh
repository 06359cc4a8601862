#!/usr/bin/env bash
# The README's tour of the alert half of the Console as a runnable script: a bird added, taken down and alerting, its
# incidents in the feed and acknowledged, a source on the ignore list making none, a webhook receiving a bird
# incident, and the audit trail of the changes made through the API. Each step checks its answer and prints one line;
# exits non-zero on the first failure.
#
#   canary-mock &
#   bash examples/alerts-tour.sh
#
# Environment: CANARY_MOCK_URL (default http://127.0.0.1:8080), CANARY_MOCK_KEY (default canary-mock-auth-token),
# RECEIVER_PORT (the example receiver's port, default 9000). Needs bash, curl, grep, cut and python3. The README's
# block is made of lines of this file, word for word; examples/run-examples.sh checks that.
set -euo pipefail
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

URL=${CANARY_MOCK_URL:-http://127.0.0.1:8080}
KEY=${CANARY_MOCK_KEY:-canary-mock-auth-token}
RECEIVER_PORT=${RECEIVER_PORT:-9000}
URL=${URL%/}
BASE=$URL/api/v1
WORK=$(mktemp -d)
RECEIVER_PID=""
trap '[ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# shellcheck source=examples/check.sh
. examples/check.sh

# A bird: added through the control API, listed by the Console's device endpoints
curl -s -X POST "$URL/_mock/devices" -d node_id=00000000f9495cec -d name=ExampleBird -d ip_address=192.168.1.2 -d location="SVR Room"
check '"id": "00000000f9495cec"' "POST /_mock/devices adds the bird ExampleBird"
curl -s "$BASE/devices/live?auth_token=$KEY"
check '"name": "ExampleBird"' "devices/live lists it"
curl -s "$BASE/device/getinfo?auth_token=$KEY&node_id=00000000f9495cec"
check '"device_live": "True"' "device/getinfo shows the raw record"

# An alert: an SSH login attempt from 203.0.113.7 becomes a bird incident in the feed
curl -s -X POST "$URL/_mock/alert" -d node_id=00000000f9495cec -d logtype=4002 -d src_ip=203.0.113.7
check '"description": "SSH Login Attempt"' "POST /_mock/alert: SSH Login Attempt (logtype 4002)"
curl -s "$BASE/incidents/unacknowledged?auth_token=$KEY&node_id=00000000f9495cec"
INCIDENT=$(grep -o '"id": "incident:sshlogin:[^"]*"' "$OUT" | head -n1 | cut -d'"' -f4)
check '"summary": "SSH Login Attempt"' "incidents/unacknowledged lists $INCIDENT"
curl -s -X POST "$BASE/incident/acknowledge" -d "auth_token=$KEY" -d "incident=$INCIDENT"
check '"action": "acknowledged"' "incident/acknowledge"

# The ignore list: a listed source makes no incident until it is removed
curl -s -X POST "$BASE/settings/whitelist_ip_port" -d "auth_token=$KEY" -d src_ip=198.51.100.9
check '"message": "Whitelist added"' "settings/whitelist_ip_port 198.51.100.9"
curl -s "$BASE/settings/is_ip_ignored?auth_token=$KEY&src_ip=198.51.100.9"
check '"is_ip_ignored": true' "settings/is_ip_ignored says so"
curl -s -X POST "$URL/_mock/alert" -d node_id=00000000f9495cec -d logtype=4002 -d src_ip=198.51.100.9
check '"incident": null' "an alert from 198.51.100.9 makes no incident"
curl -s -X POST "$BASE/settings/whitelisting/remove_whitelist_ip" -d "auth_token=$KEY" -d src_ip=198.51.100.9
check '"result": "success"' "settings/whitelisting/remove_whitelist_ip"

# A webhook: the example receiver prints the JSON each new incident posts
python3 examples/webhook-receiver.py "$RECEIVER_PORT" >"$WORK/receiver.out" &
RECEIVER_PID=$!
sleep 0.5
curl -s -X POST "$BASE/settings/generic/add" -d "auth_token=$KEY" -d url="http://127.0.0.1:$RECEIVER_PORT/hook"
check '"result": "success"' "settings/generic/add http://127.0.0.1:$RECEIVER_PORT/hook"
curl -s -X POST "$URL/_mock/devices/00000000f9495cec" -d live=false
check '"live": false' "POST /_mock/devices/00000000f9495cec live=false: the bird dies"
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q "Canary Disconnected" "$WORK/receiver.out" && break; sleep 0.3; done
cat "$WORK/receiver.out"
check '"Description": "Canary Disconnected"' "the receiver got the Canary Disconnected webhook"
curl -s "$URL/_mock/webhooks"
check '"status": 200' "/_mock/webhooks lists the delivery"

# The audit trail: one item for each change made through the API, newest first
curl -s "$BASE/audit_trail/fetch?auth_token=$KEY&limit=10"
check '"action_type": "webhook_add"' "audit_trail/fetch lists the changes"

echo "alerts tour: every step answered as expected" >&3
