#!/usr/bin/env bash
# Runs the examples against a fresh canary-mock and checks the README still matches them.
# Starts the binary ($CANARY_MOCK_BIN, default .build/debug/canary-mock under the repo root) on 127.0.0.1, port 0,
# with a temporary database; runs examples/curl-tour.sh and examples/python_client.py against it; checks that every
# command line of the README's curl tour block appears word for word in examples/curl-tour.sh; runs
# `canary-mock healthcheck` against it; stops it with SIGTERM and requires exit status 0.
# Prints "N passed, M failed"; exits non-zero on any failure. Needs curl and python3 with canarytools==1.2.3
# (pip install -r tests/requirements.txt).
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tests/lib/mock-server.sh
. "$ROOT_DIR/tests/lib/mock-server.sh"

mock_resolve_bin "$ROOT_DIR"

# --- the README's curl tour block, line for line in the script (needs no server) -----------------------------------
# The block is the first ```sh fence after the "## Quick tour with curl" heading; blank lines and comments are skipped;
# leading spaces are ignored on both sides.
readme_lines="$WORK/readme-tour.txt"
awk '
    /^## Quick tour with curl/ { in_section = 1; next }
    in_section && /^## / { exit }
    in_section && !in_block && /^```sh/ { in_block = 1; next }
    in_block && /^```/ { exit }
    in_block { print }
' "$ROOT_DIR/README.md" | sed 's/^[[:space:]]*//' | grep -v -e '^$' -e '^#' >"$readme_lines" || true
sed 's/^[[:space:]]*//' "$ROOT_DIR/examples/curl-tour.sh" >"$WORK/script-lines.txt"
if [ ! -s "$readme_lines" ]; then
    fail "README: no curl tour block found under \"## Quick tour with curl\""
else
    missing=0
    while IFS= read -r line; do
        if ! grep -qxF -- "$line" "$WORK/script-lines.txt"; then
            echo "    README line not in examples/curl-tour.sh: $line"
            missing=$((missing + 1))
        fi
    done <"$readme_lines"
    if [ "$missing" -eq 0 ]; then
        pass "README curl tour: all $(wc -l <"$readme_lines" | tr -d ' ') command lines are in examples/curl-tour.sh"
    else
        fail "README curl tour: $missing command lines are not in examples/curl-tour.sh"
    fi
fi

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

finish
