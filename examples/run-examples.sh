#!/usr/bin/env bash
# Runs the examples against a fresh canary-mock and checks the README still matches them.
# Starts the binary ($CANARY_MOCK_BIN, default .build/debug/canary-mock under the repo root) on 127.0.0.1, port 0,
# with a temporary database; runs examples/curl-tour.sh and examples/python_client.py against it; checks that every
# command line of the README's curl tour and incident loop blocks appears word for word in its script; runs
# `canary-mock healthcheck` against it; stops it with SIGTERM and requires exit status 0.
# Prints "N passed, M failed"; exits non-zero on any failure. Needs curl and python3 with canarytools==1.2.3
# (pip install -r tests/requirements.txt).
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tests/lib/mock-server.sh
. "$ROOT_DIR/tests/lib/mock-server.sh"

mock_resolve_bin "$ROOT_DIR"

# --- the README's command blocks, line for line in the scripts (needs no server) -------------------------------------
# readme_block HEADING SCRIPT: the first ```sh fence after the "## HEADING" heading; blank lines and comments are
# skipped; leading spaces are ignored on both sides. Every line must be a line of SCRIPT.
readme_block() {
    local heading="$1" script="$2" readme_lines="$WORK/readme-block.txt" missing=0
    awk -v heading="## $heading" '
        index($0, heading) == 1 { in_section = 1; next }
        in_section && /^## / { exit }
        in_section && !in_block && /^```sh/ { in_block = 1; next }
        in_block && /^```/ { exit }
        in_block { print }
    ' "$ROOT_DIR/README.md" | sed 's/^[[:space:]]*//' | grep -v -e '^$' -e '^#' >"$readme_lines" || true
    sed 's/^[[:space:]]*//' "$ROOT_DIR/$script" >"$WORK/script-lines.txt"
    if [ ! -s "$readme_lines" ]; then
        fail "README: no command block found under \"## $heading\""
        return
    fi
    while IFS= read -r line; do
        if ! grep -qxF -- "$line" "$WORK/script-lines.txt"; then
            echo "    README line not in $script: $line"
            missing=$((missing + 1))
        fi
    done <"$readme_lines"
    if [ "$missing" -eq 0 ]; then
        pass "README \"$heading\": all $(wc -l <"$readme_lines" | tr -d ' ') command lines are in $script"
    else
        fail "README \"$heading\": $missing command lines are not in $script"
    fi
}
readme_block "Quick tour with curl" examples/curl-tour.sh
readme_block "The incident loop: trigger, poll, acknowledge" examples/incident-loop.sh
readme_block "Birds, alerts, the ignore list, webhooks and the audit trail" examples/alerts-tour.sh

# --- start the server ----------------------------------------------------------------------------------------------
mock_start
export CANARY_MOCK_URL="$BASE"
export CANARY_MOCK_KEY=canary-mock-auth-token
echo "# canary-mock on $CANARY_MOCK_URL"

# --- the examples --------------------------------------------------------------------------------------------------
if bash "$ROOT_DIR/examples/curl-tour.sh" >"$WORK/tour.out" 2>&1; then
    pass "examples/curl-tour.sh"
else
    sed 's/^/    /' "$WORK/tour.out"
    fail "examples/curl-tour.sh"
fi

if python3 "$ROOT_DIR/examples/python_client.py" >"$WORK/python.out" 2>&1; then
    pass "examples/python_client.py"
else
    sed 's/^/    /' "$WORK/python.out"
    fail "examples/python_client.py"
fi

# The README's wait loop: the healthcheck subcommand with the same options as the server.
if "$BIN" healthcheck --port "$PORT" 2>"$WORK/health.out"; then
    pass "canary-mock healthcheck --port $PORT exits 0"
else
    sed 's/^/    /' "$WORK/health.out"
    fail "canary-mock healthcheck --port $PORT exits 0"
fi

# --- stop ----------------------------------------------------------------------------------------------------------
status=0
mock_stop || status=$?
if [ "$status" -eq 0 ]; then
    pass "SIGTERM stops the server with exit status 0"
else
    sed 's/^/    /' "$WORK/server.log"
    fail "SIGTERM stops the server with exit status 0 (got $status)"
fi

if "$BIN" healthcheck --port "$PORT" 2>/dev/null; then
    fail "canary-mock healthcheck exits 1 once the server is gone"
else
    pass "canary-mock healthcheck exits 1 once the server is gone"
fi

# --- the alerts tour: birds, alerts, the ignore list, a webhook to the example receiver, the audit trail ------------
RECEIVER_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mock_start
if CANARY_MOCK_URL="$BASE" RECEIVER_PORT="$RECEIVER_PORT" bash "$ROOT_DIR/examples/alerts-tour.sh" >"$WORK/alerts.out" 2>&1; then
    pass "examples/alerts-tour.sh"
else
    sed 's/^/    /' "$WORK/alerts.out"
    fail "examples/alerts-tour.sh"
fi
mock_stop || true

# --- the incident loop: a server whose token URLs point at itself, with a DNS responder ----------------------------
MOCK_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mock_start --token-url-base "http://127.0.0.1:$MOCK_PORT" --dns-port 0
if CANARY_MOCK_URL="$BASE" bash "$ROOT_DIR/examples/incident-loop.sh" >"$WORK/loop.out" 2>&1; then
    pass "examples/incident-loop.sh"
else
    sed 's/^/    /' "$WORK/loop.out"
    fail "examples/incident-loop.sh"
fi
status=0
mock_stop || status=$?
[ "$status" -eq 0 ] && pass "the loop's server stops with exit status 0" || fail "the loop's server stops with exit status 0 (got $status)"

finish
