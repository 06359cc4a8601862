#!/usr/bin/env python3
"""Adds COUNT unacknowledged incidents, one event each, straight into a canary-mock database (the server must be
stopped), on the tokens already in it (all of them, or the first TOKENS by id when given). Prints the incident
change counter after the seed on stdout.

Rows follow what a trigger writes (Sources/CanaryStore/ConsoleStore+Incidents.swift recordEvent, with the fields of
Sources/CanaryAPI/Triggers/TriggerPipeline.swift and an HTTP hit's headers, url and request_args): key
incident:canarytoken:<24 hex>:<source IP>:<epoch> (no IP for the DNS channel's kinds), a unique 32-hex hash_id,
node_id the token id, the kind's logtype (Sources/CanaryAPI/Triggers/TriggerKinds.swift), the token's flock,
src_port 0, description "Canarytoken triggered", extra '{}', updated_id continuing console.incident_updated_id, which
is set to the last one. The event's fields are one-line JSON with sorted keys (JSONWriter.encodeLine is Python's
json.dumps(sort_keys=True)). Each token with new events gets triggered_count raised by their number and a new
updated_id from the token counter (console.updated_id), as recordEvent does. Incidents are a second apart, oldest
first, ending an hour ago, so none is inside the default 60 s window of a new hit. One transaction, executemany.

usage: seed_incidents.py DATABASE COUNT [TOKENS]
"""
import json
import random
import sqlite3
import sys
import time

# kind -> (logtype, channel), from Sources/CanaryAPI/Triggers/TriggerKinds.swift; a kind not listed is a web bug.
KINDS = {
    "http": ("17000", "HTTP"), "web-image": ("17001", "HTTP"), "cloned-web": ("17003", "HTTP"),
    "doc-msword": ("17004", "HTTP"), "aws-s3": ("17005", "HTTP"), "signed-exe": ("17008", "HTTP"),
    "qr-code": ("17009", "HTTP"), "svn": ("17010", "HTTP"), "sql": ("17011", "DNS"), "aws-id": ("17012", "AWS"),
    "apeeper": ("17013", "HTTP"), "fast-redirect": ("17016", "HTTP"), "slow-redirect": ("17017", "HTTP"),
    "slack-api": ("17020", "HTTP"), "wireguard": ("17022", "HTTP"), "doc-msexcel": ("17023", "HTTP"),
    "azure-id": ("17024", "HTTP"), "cloned-css": ("17025", "HTTP"), "credit-card": ("17027", "HTTP"),
    "mysql-dump": ("17029", "HTTP"), "dns": ("16000", "DNS"), "windows-dir": ("16006", "DNS"),
    "pdf-acrobat-reader": ("16008", "DNS"), "msword-macro": ("16009", "DNS"), "msexcel-macro": ("16010", "DNS"),
    "sensitive-cmd": ("16011", "DNS"),
}
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "curl/7.88.1",
    "Microsoft Office Word 2014",
]
HEX = "0123456789abcdef"


def standard(seconds: int) -> str:
    """Sources/CanaryAPI/Tokens/Timestamps.swift standard: 2024-07-11 07:50:12 UTC+0000."""
    return time.strftime("%Y-%m-%d %H:%M:%S UTC+0000", time.gmtime(seconds))


def main() -> int:
    database, count = sys.argv[1], int(sys.argv[2])
    token_limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    started = time.monotonic()
    rng = random.Random()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA cache_size = -262144")
    connection.execute("BEGIN IMMEDIATE")
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version < 3:
        print(f"schema version {version}: the incidents' extra column needs version 3", file=sys.stderr)
        return 1
    token_updated_id, incident_updated_id = connection.execute(
        "SELECT updated_id, incident_updated_id FROM console WHERE id = 1").fetchone()
    query = "SELECT canarytoken, kind, flock_id, url, hostname FROM tokens ORDER BY canarytoken"
    if token_limit is not None:
        query += f" LIMIT {token_limit:d}"
    tokens = connection.execute(query).fetchall()
    if not tokens:
        print("no tokens in the database to hang incidents on", file=sys.stderr)
        return 1
    hashes = {row[0] for row in connection.execute("SELECT hash_id FROM incidents")}
    end_us = (int(time.time()) - 3600) * 1_000_000
    per_token: dict = {}

    def unique_hash() -> str:
        while True:
            value = "".join(rng.choices(HEX, k=32))
            if value not in hashes:
                hashes.add(value)
                return value

    incidents, events = [], []
    for index in range(count):
        token, kind, flock_id, url, hostname = tokens[index % len(tokens)]
        logtype, channel = KINDS.get(kind, ("17000", "HTTP"))
        time_us = end_us - (count - 1 - index) * 1_000_000 + rng.randrange(1_000_000)
        seconds = time_us // 1_000_000
        source = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        host = "" if channel == "DNS" else source
        key = f"incident:canarytoken:{''.join(rng.choices(HEX, k=24))}:{host}:{seconds}"
        fields = {
            "canarytoken": token, "type": kind, "timestamp": seconds, "timestamp_std": standard(seconds),
            "src_host": source, "dst_port": 53 if channel == "DNS" else 80,
        }
        if channel == "DNS":
            fields["hostname"] = hostname
        else:
            tail = url.split("://", 1)[-1]
            fields["headers"] = {"Accept": "*/*", "Host": tail.split("/", 1)[0], "User-Agent": rng.choice(AGENTS)}
            fields["url"] = url
            fields["request_args"] = {}
        incident_updated_id += 1
        incidents.append((key, unique_hash(), token, kind, logtype, flock_id, host, "Canarytoken triggered",
                          time_us, incident_updated_id))
        events.append((key, time_us, json.dumps(fields, sort_keys=True)))
        per_token[token] = per_token.get(token, 0) + 1

    connection.executemany(
        "INSERT INTO incidents(incident_key, hash_id, node_id, kind, logtype, flock_id, src_host, src_port,"
        " description, created_us, last_event_us, updated_us, acknowledged, updated_id, extra)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?9, ?9, 0, ?10, '{}')", incidents)
    connection.executemany("INSERT INTO incident_events(incident_key, time_us, fields) VALUES (?, ?, ?)", events)
    updates = []
    for token, hits in per_token.items():
        token_updated_id += 1
        updates.append((hits, token_updated_id, token))
    connection.executemany(
        "UPDATE tokens SET triggered_count = triggered_count + ?, updated_id = ? WHERE canarytoken = ?", updates)
    connection.execute("UPDATE console SET updated_id = ?, incident_updated_id = ? WHERE id = 1",
                       (token_updated_id, incident_updated_id))
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (total,) = connection.execute("SELECT count(*) FROM incidents").fetchone()
    connection.close()
    print(f"seeded {count} incidents on {len(tokens)} tokens in {time.monotonic() - started:.1f} s; {total} in the"
          " table", file=sys.stderr)
    print(incident_updated_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
