#!/usr/bin/env bash
# The README's curl quick tour as a runnable script: every endpoint of canary-mock, each answer checked for
# "result": "success". Prints one short line per step and exits non-zero on the first failure.
#
#   bash examples/curl-tour.sh            # against http://127.0.0.1:8080 and the built-in key
#   bash examples/curl-tour.sh --verbose  # also print each response body
#
# Environment: CANARY_MOCK_URL (default http://127.0.0.1:8080, no /api/v1), CANARY_MOCK_KEY (default
# canary-mock-auth-token). Needs bash, curl, grep, cut, base64 and mktemp.
# The README's tour block is made of lines of this file, word for word; examples/run-examples.sh checks that.
set -euo pipefail

VERBOSE=0
if [ "${1:-}" = "--verbose" ] || [ "${1:-}" = "-v" ]; then VERBOSE=1; fi
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR

# step NAME COMMAND...: runs COMMAND (a curl call), requires "result": "success" in its output.
step() {
    local name="$1" output
    shift
    if ! output="$("$@")"; then
        echo "FAIL - $name: curl could not reach the server (is canary-mock running at $URL?)" >&2
        exit 1
    fi
    if ! grep -q '"result": "success"' <<<"$output"; then
        echo "FAIL - $name; the answer was:" >&2
        echo "$output" >&2
        exit 1
    fi
    echo "ok   - $name"
    if [ "$VERBOSE" = 1 ]; then echo "$output"; fi
    return 0
}

URL=${CANARY_MOCK_URL:-http://127.0.0.1:8080}
KEY=${CANARY_MOCK_KEY:-canary-mock-auth-token}
URL=${URL%/}
BASE=$URL/api/v1

step "health (/_mock/health, no key)" \
    curl -s "$URL/_mock/health"

step "ping with the auth_token parameter" \
    curl -s "$BASE/ping?auth_token=$KEY"
step "ping with the X-Canary-Auth-Token header" \
    curl -s -H "X-Canary-Auth-Token: $KEY" "$BASE/ping"

step "create http" \
    curl -s -X POST "$BASE/canarytoken/create" -d "auth_token=$KEY" -d memo="Web bug on the wiki" -d kind=http
step "create aws-id" \
    curl -s -X POST "$BASE/canarytoken/create" -d "auth_token=$KEY" -d memo="Fake AWS keys in CI" -d kind=aws-id
step "create cloned-web" \
    curl -s -X POST "$BASE/canarytoken/create" -d "auth_token=$KEY" -d memo="Phishing clone" -d kind=cloned-web -d cloned_web=example.com

PNG=$(mktemp)
trap 'rm -f "$PNG"' EXIT
echo iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg== | base64 -d > "$PNG"
step "create web-image (multipart upload of a 1x1 PNG)" \
    curl -s -X POST "$BASE/canarytoken/create" -F "auth_token=$KEY" -F memo="Logo" -F kind=web-image -F "web_image=@$PNG;type=image/png;filename=pixel.png"

ID=$(curl -s -X POST "$BASE/canarytoken/create" -d "auth_token=$KEY" -d memo="DNS token" -d kind=dns | grep -o '"canarytoken": "[0-9a-z]*"' | cut -d'"' -f4)
echo "ok   - create dns: $ID"
step "fetch $ID" \
    curl -s "$BASE/canarytoken/fetch?auth_token=$KEY&canarytoken=$ID"

FACTORY=$(curl -s -X POST "$BASE/canarytoken/create_factory" -d "auth_token=$KEY" -d memo="EC2 fleet" | grep -o '"factory_auth": "[0-9a-f]*"' | cut -d'"' -f4)
echo "ok   - create_factory: ${FACTORY:0:8}..."
step "factory/create aws-id with factory_auth only" \
    curl -s -X POST "$BASE/canarytoken/factory/create" -d "factory_auth=$FACTORY" -d memo="i-0abc on boot" -d kind=aws-id
step "factory (the same endpoint, shorter path)" \
    curl -s -X POST "$BASE/canarytoken/factory" -d "factory_auth=$FACTORY" -d memo="i-0def on boot" -d kind=http
step "delete_factory" \
    curl -s -X DELETE "$BASE/canarytoken/delete_factory" -d "auth_token=$KEY" -d "factory_auth=$FACTORY"

echo "curl tour: every step answered \"result\": \"success\""
