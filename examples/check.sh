# Sourced by examples/incident-loop.sh and examples/alerts-tour.sh (not run on its own): every command's standard
# output is appended to $WORK/out (appended, so emptying the file starts it over); `check TEXT WHAT` then requires
# TEXT in it, prints one line to the terminal (fd 3) and empties it, so the commands themselves read as in the README.
# Needs WORK (a scratch directory) to be set.
OUT=$WORK/out
exec 3>&1 >>"$OUT"
check() {
    if ! grep -qF -- "$1" "$OUT"; then
        echo "FAIL - $2; the output was:" >&3
        cat "$OUT" >&3
        exit 1
    fi
    echo "ok   - $2" >&3
    : >"$OUT"
}
