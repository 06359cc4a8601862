#!/bin/sh
# Decodes QR code PNGs with zbar and checks each holds exactly the expected text.
# Usage: tests/files/check-qr.sh FILE.png EXPECTED [FILE.png EXPECTED ...]
# Needs zbarimg (Debian package zbar-tools). Exit status 0 only when every file decodes to exactly its text
# (one symbol, byte for byte; zbarimg's trailing newline is ignored).
set -u
if [ $# -eq 0 ] || [ $(($# % 2)) -ne 0 ]; then
    echo "usage: $0 FILE.png EXPECTED [FILE.png EXPECTED ...]" >&2
    exit 2
fi
command -v zbarimg >/dev/null || { echo "check-qr.sh: needs zbarimg (apt-get install zbar-tools)" >&2; exit 2; }

failures=0
while [ $# -gt 0 ]; do
    file=$1 expected=$2
    shift 2
    # --raw: only the data; -q: no statistics (stderr dropped: zbarimg also chatters about D-Bus there).
    # A file with two symbols would print two lines and fail.
    if ! decoded=$(zbarimg --raw -q "$file" 2>/dev/null); then
        echo "FAIL $file: zbarimg found no QR code" >&2
        failures=$((failures + 1))
    elif [ "$decoded" != "$expected" ]; then
        echo "FAIL $file: decoded $(printf '%s' "$decoded" | wc -c) bytes, not the expected $(printf '%s' "$expected" | wc -c)" >&2
        printf '  got:      %s\n  expected: %s\n' "$decoded" "$expected" >&2
        failures=$((failures + 1))
    else
        echo "ok   $file ($(printf '%s' "$expected" | wc -c) bytes)"
    fi
done
[ "$failures" -eq 0 ]
