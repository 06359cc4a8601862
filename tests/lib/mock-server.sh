# shellcheck shell=bash
# Shared by tests/curl/check-format.sh and examples/run-examples.sh: run the canary-mock binary on 127.0.0.1, port 0,
# with a temporary database, and count checks. Source it after `set -euo pipefail`; sourcing it
#   - makes WORK (a temporary directory) and installs a trap that stops a server still running (SIGTERM, up to 5 s,
#     then SIGKILL) and removes WORK on EXIT, INT and TERM;
#   - sets the counters PASSED=0 and FAILED=0 and defines pass NAME, fail NAME and finish (prints "N passed, M failed",
#     exits 0 when nothing failed, else 1).
# Then:
#   mock_resolve_bin ROOT_DIR   sets BIN from $CANARY_MOCK_BIN (default ROOT_DIR/.build/debug/canary-mock; a relative
#                               path from the working directory if it is there, else from ROOT_DIR); when BIN is not
#                               an executable, counts a failure and finishes.
#   mock_start [ARGS...]        starts "$BIN" --host 127.0.0.1 --port ${MOCK_PORT:-0} --database "$WORK/db.sqlite3" ARGS..., stderr
#                               to $WORK/server.log; sets SERVER_PID, PORT (from its "listening on
#                               http://127.0.0.1:PORT" line) and BASE=http://127.0.0.1:PORT. When no such line comes,
#                               prints the log, counts a failure and finishes.
#   mock_stop                   SIGTERM, up to 15 s, then SIGKILL; returns the server's exit status (use
#                               `status=0; mock_stop || status=$?`). A server that had already exited counts as
#                               non-zero.

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1"; }
finish() {
    echo "$PASSED passed, $FAILED failed"
    if [ "$FAILED" -eq 0 ]; then exit 0; fi
    exit 1
}

mock_resolve_bin() {
    local root_dir="$1"
    BIN="${CANARY_MOCK_BIN:-$root_dir/.build/debug/canary-mock}"
    # A relative path: from the working directory if it is there, else from the repo root.
    case "$BIN" in /*) ;; *) if [ -e "$BIN" ]; then BIN="$PWD/$BIN"; else BIN="$root_dir/$BIN"; fi ;; esac
    if [ ! -x "$BIN" ]; then
        echo "canary-mock binary not found at $BIN (build it with swift build, or set CANARY_MOCK_BIN)" >&2
        fail "binary"
        finish
    fi
}

mock_start() {
    "$BIN" --host 127.0.0.1 --port "${MOCK_PORT:-0}" --database "$WORK/db.sqlite3" "$@" 2>"$WORK/server.log" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 300); do
        PORT="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$WORK/server.log" | head -n1 | sed 's/.*://' || true)"
        [ -n "$PORT" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$PORT" ]; then
        echo "canary-mock did not log its listening line; its stderr:" >&2
        cat "$WORK/server.log" >&2
        fail "server start"
        finish
    fi
    BASE="http://127.0.0.1:$PORT"
}

mock_stop() {
    local status=0 signalled=1
    if ! kill -TERM "$SERVER_PID" 2>/dev/null; then
        echo "# canary-mock had already exited before SIGTERM" >&2
        signalled=0
    fi
    for _ in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "# canary-mock still running 15 s after SIGTERM; killing it" >&2
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" || status=$?
    SERVER_PID=""
    if [ "$signalled" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; fi
    return "$status"
}
