#!/usr/bin/env bash
# The README's incident loop as a runnable script: create tokens, trigger them for real (the token URL with curl,
# the host name with dig, the AWS keys with the AWS CLI, and the control API), poll the unacknowledged feed,
# acknowledge and delete. Each step checks its answer and prints one line; exits non-zero on the first failure.
#
#   canary-mock --token-url-base http://127.0.0.1:8080 --dns-port 8053 &
#   bash examples/incident-loop.sh
#
# Environment: CANARY_MOCK_URL (default http://127.0.0.1:8080; the server's token_url_base must be this same URL),
# CANARY_MOCK_KEY (default canary-mock-auth-token), CANARY_MOCK_DNS_PORT (default: the `dns_port` of
# /_mock/health). Needs bash, curl, grep, cut and dig; the AWS step runs when the aws command is installed (pip
# install awscli). The README's loop block is made of lines of this file, word for word; examples/run-examples.sh
# checks that.
set -euo pipefail
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR

URL=${CANARY_MOCK_URL:-http://127.0.0.1:8080}
KEY=${CANARY_MOCK_KEY:-canary-mock-auth-token}
URL=${URL%/}
BASE=$URL/api/v1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# shellcheck source=examples/check.sh
. "$(dirname "$0")/check.sh"

DNS_PORT=${CANARY_MOCK_DNS_PORT:-$(curl -s "$URL/_mock/health" | grep -o '"dns_port": [0-9]*' | grep -o '[0-9]*$' || true)}
if [ -z "$DNS_PORT" ]; then
    echo "FAIL - no DNS responder: start canary-mock with --dns-port (or set CANARY_MOCK_DNS_PORT)" >&3
    exit 1
fi

# Tokens: a web bug, a DNS token and AWS keys
TOKEN_URL=$(curl -s -X POST "$BASE/canarytoken/create" -d "auth_token=$KEY" -d memo="Wiki link" -d kind=http | grep -o '"url": "[^"]*"' | cut -d'"' -f4)
HOST=$(curl -s -X POST "$BASE/canarytoken/create" -d "auth_token=$KEY" -d memo="Backup host" -d kind=dns | grep -o '"hostname": "[^"]*"' | cut -d'"' -f4)
AWS_ID=$(curl -s -X POST "$BASE/canarytoken/create" -d "auth_token=$KEY" -d memo="CI keys" -d kind=aws-id | grep -o '"canarytoken": "[0-9a-z]*"' | cut -d'"' -f4)
echo "ok   - tokens: $TOKEN_URL, $HOST, aws-id $AWS_ID" >&3
case "$TOKEN_URL" in
    "$URL"/*) ;;
    *) echo "FAIL - the token URL $TOKEN_URL is not under $URL: start canary-mock with --token-url-base $URL" >&3; exit 1 ;;
esac

# Trigger them for real: fetch the URL (a 1x1 GIF), resolve the host name, call AWS with the keys
curl -s -o /dev/null -w '%{http_code} %{content_type}\n' "$TOKEN_URL"
check "200 image/gif" "curl the token URL: a 1x1 GIF"
dig @127.0.0.1 -p "$DNS_PORT" +short "$HOST"
check "127.0.0.1" "dig the token host name: an A record"
WAYS=3
if command -v aws >/dev/null 2>&1; then
    curl -s -o "$WORK/credentials" "$BASE/canarytoken/download?auth_token=$KEY&canarytoken=$AWS_ID"
    export AWS_SHARED_CREDENTIALS_FILE=$WORK/credentials AWS_CONFIG_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
    aws sts get-caller-identity --endpoint-url "$URL/_mock/aws" --region us-east-1 --output text
    check "arn:aws:iam::" "aws sts get-caller-identity with the token's keys"
    WAYS=4
else
    echo "skip - aws sts get-caller-identity (no aws command; pip install awscli)" >&3
fi
# ...or through the mock's control API, from any source address
curl -s -X POST "$URL/_mock/trigger" -d canarytoken="$AWS_ID" -d src_ip=203.0.113.7 -d extra='{"event_name": "ListBuckets"}'
check '"result": "success"' "POST /_mock/trigger from 203.0.113.7"

# Poll the unacknowledged feed as a SIEM connector does: one incident per trigger
curl -s "$BASE/incidents/unacknowledged?auth_token=$KEY&limit=10"
COUNT=$(grep -c '"summary": "Canarytoken triggered"' "$OUT" || true)
INCIDENT=$(grep -o '"id": "incident:[^"]*"' "$OUT" | head -n1 | cut -d'"' -f4)
check "\"max_updated_id\"" "incidents/unacknowledged answers"
if [ "$COUNT" != "$WAYS" ]; then
    echo "FAIL - the feed has $COUNT incidents, expected $WAYS" >&3
    exit 1
fi
echo "ok   - it lists $COUNT incidents" >&3

# Acknowledge one, then the rest in bulk, then delete every acknowledged incident
curl -s -X POST "$BASE/incident/acknowledge" -d "auth_token=$KEY" -d "incident=$INCIDENT"
check '"action": "acknowledged"' "incident/acknowledge $INCIDENT"
curl -s -X POST "$BASE/incidents/acknowledge" -d "auth_token=$KEY"
check '"action": "acknowledged"' "incidents/acknowledge (every other incident)"
curl -s "$BASE/incidents/unacknowledged?auth_token=$KEY"
check '"incidents": []' "incidents/unacknowledged is empty"
curl -s -X DELETE "$BASE/incidents/delete?auth_token=$KEY"
check '"action": "deleted"' "incidents/delete (every acknowledged incident)"
curl -s "$BASE/incidents/all?auth_token=$KEY"
check '"incidents": []' "incidents/all is empty"

echo "incident loop: every step answered as expected" >&3
