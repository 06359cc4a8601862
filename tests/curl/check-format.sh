#!/usr/bin/env bash
# Byte-format checks with curl and grep, the way Thinkst's own shell scripts read the Console's answers.
# Starts the binary ($CANARY_MOCK_BIN, default .build/debug/canary-mock under the repo root) on 127.0.0.1, port 0,
# with a temporary database; always stops it. Prints "N passed, M failed"; exits non-zero on any failure.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
KEY=canary-mock-auth-token
# shellcheck source=tests/lib/mock-server.sh
. "$ROOT_DIR/tests/lib/mock-server.sh"

# check NAME COMMAND...: runs COMMAND, counts the result (never stops the script).
check() {
    local name="$1"; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

mock_resolve_bin "$ROOT_DIR"
mock_start
API="$BASE/api/v1"
echo "# canary-mock on $API"

ends_with_newline() { [ "$(tail -c1 "$1" | od -An -tx1 | tr -d ' \n')" = "0a" ]; }
no_escaped_slash() { ! grep -qF '\/' "$1"; }
header_is_json() { grep -qi '^Content-Type: application/json' "$1"; }
status_is() { head -n1 "$2" | grep -q "^HTTP/1\.[01] $1 "; }

# --- create, as in the docs: curl -s -X POST .../canarytoken/create -d auth_token=... -d memo=... -d kind=http
curl -s -X POST "$API/canarytoken/create" -d auth_token="$KEY" -d memo="curl format check" -d kind=http \
    -D "$WORK/create.headers" -o "$WORK/create.body"
check 'create: status 200' status_is 200 "$WORK/create.headers"
check 'create: Content-Type is application/json' header_is_json "$WORK/create.headers"
check 'create: body has "result": "success" (one space after the colon)' grep -q '"result": "success"' "$WORK/create.body"
check 'create: no "key" : value spacing' bash -c '! grep -q "\" :" "$1"' _ "$WORK/create.body"
check 'create: no \/ escaping' no_escaped_slash "$WORK/create.body"
check 'create: body ends with a newline' ends_with_newline "$WORK/create.body"
check 'create: body starts with {' bash -c '[ "$(head -c1 "$1")" = "{" ]' _ "$WORK/create.body"
check 'create: two-space indentation' grep -q '^  "canarytoken": {$' "$WORK/create.body"

IDS="$(grep -o '"canarytoken": "[0-9a-z]*"' "$WORK/create.body" || true)"
check 'create: grep -o finds exactly one "canarytoken": "<id>" line' test "$(printf '%s\n' "$IDS" | grep -c .)" -eq 1
ID="$(printf '%s\n' "$IDS" | cut -d'"' -f4)"
check 'create: the id is 25 of [0-9a-z]' bash -c '[[ "$1" =~ ^[0-9a-z]{25}$ ]]' _ "$ID"
check 'create: the id stands on its own line' grep -qx "    \"canarytoken\": \"$ID\"," "$WORK/create.body"

# --- Thinkst's scripts: append %{http_code} to the body and read it back with tail -n1
OUT="$(curl -s -w '%{http_code}' -X POST "$API/canarytoken/create" -d auth_token="$KEY" -d memo=tail -d kind=dns)"
check 'curl -w %{http_code} | tail -n1 gives 200' test "$(printf '%s' "$OUT" | tail -n1)" = "200"
check 'the body before the status code ends with "}"' \
    test "$(printf '%s' "$OUT" | tail -n2 | head -n1)" = "}"

# --- an aws-id token: its secret and URLs hold slashes, none escaped
curl -s -X POST "$API/canarytoken/create" -d auth_token="$KEY" -d memo="aws keys" -d kind=aws-id -o "$WORK/aws.body"
check 'aws-id: no \/ escaping' no_escaped_slash "$WORK/aws.body"
check 'aws-id: renders text as JSON-escaped newlines' \
    grep -q '"aws-id": "\\n    \[default\]\\n    aws_access_key_id = AKIA[A-Z2-7]\{16\}\\n    aws_secret_access_key = ' \
    "$WORK/aws.body"
check 'aws-id: access_key_id greppable' grep -q '^    "access_key_id": "AKIA[A-Z2-7]\{16\}",$' "$WORK/aws.body"

# --- fetch with the grepped id
curl -s "$API/canarytoken/fetch?auth_token=$KEY&canarytoken=$ID" -D "$WORK/fetch.headers" -o "$WORK/fetch.body"
check 'fetch: status 200' status_is 200 "$WORK/fetch.headers"
check 'fetch: "result": "success"' grep -q '"result": "success"' "$WORK/fetch.body"
check 'fetch: the token under "token"' grep -q '^  "token": {$' "$WORK/fetch.body"
check 'fetch: same id' grep -qx "    \"canarytoken\": \"$ID\"," "$WORK/fetch.body"
check 'fetch: ends with a newline' ends_with_newline "$WORK/fetch.body"

# --- ping, exact bytes
curl -s "$API/ping?auth_token=$KEY" -o "$WORK/ping.body"
printf '{\n  "result": "success"\n}\n' >"$WORK/ping.expected"
check 'ping: exact bytes' cmp -s "$WORK/ping.body" "$WORK/ping.expected"

# --- errors: bad auth
curl -s -X POST "$API/canarytoken/create" -d auth_token=wrong -d memo=x -d kind=http \
    -D "$WORK/bad.headers" -o "$WORK/bad.body"
printf '{\n  "message": "Invalid auth_token",\n  "result": "error"\n}\n' >"$WORK/bad.expected"
check 'bad auth: status 401' status_is 401 "$WORK/bad.headers"
check 'bad auth: Content-Type is application/json' header_is_json "$WORK/bad.headers"
check 'bad auth: exact error body' cmp -s "$WORK/bad.body" "$WORK/bad.expected"
check 'bad auth: "result": "error"' grep -q '"result": "error"' "$WORK/bad.body"
OUT="$(curl -s -w '%{http_code}' "$API/ping?auth_token=wrong")"
check 'bad auth: curl -w %{http_code} | tail -n1 gives 401' test "$(printf '%s' "$OUT" | tail -n1)" = "401"

curl -s "$API/ping" -H 'X-Canary-Auth-Token: wrong' -D "$WORK/hdr.headers" -o "$WORK/hdr.body"
check 'bad header auth: 401 "Unauthorized"' \
    bash -c 'grep -q "^HTTP/1\.[01] 401 " "$1" && grep -q "\"message\": \"Unauthorized\"" "$2"' _ \
    "$WORK/hdr.headers" "$WORK/hdr.body"

# --- errors: unknown token and unknown route are JSON too
curl -s "$API/canarytoken/fetch?auth_token=$KEY&canarytoken=0000000000000000000000000" \
    -D "$WORK/nf.headers" -o "$WORK/nf.body"
check 'unknown token: 404 "Could not find the Canarytoken"' \
    bash -c 'grep -q "^HTTP/1\.[01] 404 " "$1" && grep -q "\"message\": \"Could not find the Canarytoken\"" "$2"' _ \
    "$WORK/nf.headers" "$WORK/nf.body"
curl -s "$API/no/such/route?auth_token=$KEY" -D "$WORK/route.headers" -o "$WORK/route.body"
check 'unknown route: 404 with a JSON error body' \
    bash -c 'grep -q "^HTTP/1\.[01] 404 " "$1" && grep -qi "^Content-Type: application/json" "$1" && grep -q "\"result\": \"error\"" "$2"' _ \
    "$WORK/route.headers" "$WORK/route.body"

# --- clean stop: SIGTERM, exit status 0
STATUS=0
mock_stop || STATUS=$?
check 'server stops on SIGTERM with exit status 0' test "$STATUS" -eq 0

finish
