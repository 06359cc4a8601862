#!/usr/bin/env bash
# Checks token files with real Debian tools, chosen by extension:
#   .pdf      pdfinfo parses it with 1 page; pdftotext finds text on it; the page-open /URI action is listed
#   .zip      python3 -m zipfile -t; unzip -Z -v listing (DOS attributes); PEM entries through openssl x509
#   .pem      openssl x509 -noout -subject (and openssl pkey when the file holds a PRIVATE KEY block)
#   .gz       gzip -t, then the .sql inside is shown in part (CHANGE MASTER payload decoded)
#   .reg      iconv from UTF-16 when it starts with a BOM, else checked as ASCII; must start with the regedit header
#   .conf     wg-style sections [Interface]/[Peer]; base64 keys decode to 32 bytes
#   other     file(1) description only
# Needs: apt-get install -y poppler-utils unzip openssl (python3, gzip, iconv and coreutils are assumed).
# Usage: tests/files/check-files.sh FILE...   Exit status: number of files that failed (0 = all passed).
set -u

failures=0
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "  ok: $*"; }

check_pem() {  # $1 = file holding PEM blocks
    local subject
    if subject=$(openssl x509 -noout -subject -in "$1" 2>&1); then
        pass "openssl x509: $subject"
        openssl x509 -noout -dates -serial -in "$1" | sed 's/^/    /'
    else
        fail "openssl x509 rejected it: $subject"
    fi
    if grep -q -- '-----BEGIN PRIVATE KEY-----' "$1"; then
        if openssl pkey -noout -in "$1" 2>/dev/null; then
            pass "openssl pkey parses the PRIVATE KEY block (numbers are random: not a working key)"
        else
            echo "  note: openssl pkey does not accept the PRIVATE KEY block (random numbers)"
        fi
    fi
}

for file in "$@"; do
    echo "== $file"
    if [[ ! -f "$file" ]]; then fail "no such file"; continue; fi
    case "$file" in
    *.pdf)
        info=$(pdfinfo "$file" 2>&1) || { fail "pdfinfo: $info"; continue; }
        pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
        [[ "$pages" == 1 ]] && pass "pdfinfo: 1 page" || fail "pdfinfo pages = '$pages'"
        if grep -qi 'error' <<<"$info"; then fail "pdfinfo reported errors"; fi
        text=$(pdftotext "$file" - 2>&1)
        [[ -n "${text//[[:space:]]/}" ]] && pass "pdftotext: $(head -n1 <<<"$text")" || fail "pdftotext found no text"
        uri=$(grep -ao '/URI ([^)]*)' "$file" | head -n1)
        [[ -n "$uri" ]] && pass "action $uri" || fail "no /URI action"
        ;;
    *.zip)
        if out=$(python3 -m zipfile -t "$file" 2>&1); then pass "python3 -m zipfile -t: ${out:-no errors}"; else fail "zipfile -t: $out"; fi
        # unzip -Z -v prints, per entry, the name two lines below "Central directory entry #N:", then its fields.
        unzip -Z -v "$file" | awk '/^Central directory entry/ {n = NR} n && NR == n + 3 {print "    entry:" $0}
            /compression method:|MS-DOS file attributes|operating system of origin/ {sub(/^ +/, "      "); print}'
        tmp=$(mktemp -d)
        if unzip -q "$file" -d "$tmp" 2>/dev/null; then
            pass "unzip extracts $(find "$tmp" -type f | wc -l) file(s)"
            while IFS= read -r -d '' entry; do
                case "$entry" in
                *desktop.ini)
                    if iconv -f UTF-16 -t UTF-8 "$entry" >/dev/null 2>&1; then
                        pass "desktop.ini (UTF-16): $(iconv -f UTF-16 -t UTF-8 "$entry" | tr -d '\r' | grep IconResource)"
                    else
                        fail "desktop.ini is not UTF-16"
                    fi
                    ;;
                *.json)
                    if python3 -m json.tool "$entry" >/dev/null 2>&1; then pass "$(basename "$entry") is JSON: $(tr -d '\n' <"$entry")"; else fail "$(basename "$entry") is not JSON"; fi
                    ;;
                *)
                    if grep -q -- '-----BEGIN CERTIFICATE-----' "$entry"; then echo "  entry $(basename "$entry"):"; check_pem "$entry"; fi
                    ;;
                esac
            done < <(find "$tmp" -type f -print0)
        else
            fail "unzip could not extract"
        fi
        rm -rf "$tmp"
        ;;
    *.pem | *.crt)
        check_pem "$file"
        ;;
    *.gz)
        if gzip -t "$file" 2>/dev/null; then pass "gzip -t"; else fail "gzip -t"; continue; fi
        payload=$(gzip -dc "$file" | grep -o "^SET @b = '[^']*'" | sed "s/^SET @b = '//; s/'$//")
        if [[ -n "$payload" ]]; then
            pass "SET @b decodes to: $(base64 -d <<<"$payload")"
        else
            fail "no SET @b payload in the dump"
        fi
        gzip -dc "$file" | grep -E '^-- (MySQL dump|Dump completed)' | sed 's/^/    /'
        ;;
    *.reg)
        if [[ "$(head -c2 "$file" | od -An -tx1 | tr -d ' ')" == "fffe" ]]; then
            text=$(iconv -f UTF-16 -t UTF-8 "$file") || { fail "iconv from UTF-16 failed"; continue; }
            pass "UTF-16 with BOM"
        else
            if LC_ALL=C grep -q '[^[:print:][:space:]]' "$file"; then fail "non-ASCII bytes"; fi
            text=$(cat "$file")
            pass "ASCII text"
        fi
        [[ "$(head -n1 <<<"$text" | tr -d '\r')" == "Windows Registry Editor Version 5.00" ]] && pass "regedit 5.00 header" || fail "bad header"
        grep -E '^\[|^"' <<<"$text" | cut -c1-140 | sed 's/^/    /'
        ;;
    *.conf)
        sections=$(grep -E '^\s*\[' "$file" | tr -d ' ' | tr '\n' ' ')
        [[ "$sections" == "[Interface] [Peer] " ]] && pass "sections: $sections" || fail "sections: $sections"
        for key in PrivateKey PublicKey; do
            value=$(grep -E "^\s*$key\s*=" "$file" | sed 's/^[^=]*=\s*//')
            bytes=$(base64 -d <<<"$value" 2>/dev/null | wc -c)
            [[ "$bytes" == 32 ]] && pass "$key decodes to 32 bytes" || fail "$key decodes to $bytes bytes"
        done
        if command -v wg >/dev/null; then
            wg-quick strip "$file" >/dev/null 2>&1 && pass "wg-quick strip accepts it" || fail "wg-quick strip rejected it"
        fi
        grep -E 'Endpoint|Keepalive' "$file" | sed 's/^/    /'
        ;;
    *)
        pass "$(file -b "$file" 2>/dev/null || echo 'no check for this extension')"
        ;;
    esac
done
echo "failures: $failures"
exit "$failures"
