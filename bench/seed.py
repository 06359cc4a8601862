#!/usr/bin/env python3
"""Adds COUNT dns tokens straight into a canary-mock database (the server must be stopped), then writes a sample of
existing token ids (all tokens in the table, old and new) to IDS_FILE, one a line.

Rows follow what the server itself writes for kind=dns (Sources/CanaryAPI/Tokens/Identifiers.swift and
ConsoleStore+Tokens.swift): a 25-char [0-9a-z] id, url http://<domain>/<word>/<id>/<page>, hostname <id>.<domain>,
enabled, never triggered, no token_attributes rows, the Default Flock, updated_id continuing the console's counter,
which is set to the last one. One transaction, executemany.

usage: seed.py DATABASE COUNT IDS_FILE [SAMPLE] [DOMAIN]
"""
import random
import sqlite3
import sys
import time

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
WORDS = ["cdn", "images", "static", "tags", "about", "articles", "feedback", "terms", "traffic"]
PAGES = ["logo.gif", "index.html", "contact.php", "post.jsp", "spacer.gif", "submit.aspx", "doc.gif"]


def main() -> int:
    database, count, ids_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sample = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    domain = sys.argv[5] if len(sys.argv) > 5 else "canarytokens.localhost"
    started = time.monotonic()
    rng = random.Random()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA cache_size = -262144")  # 256 MiB for the index builds of a large seed
    connection.execute("BEGIN IMMEDIATE")
    (updated_id,) = connection.execute("SELECT updated_id FROM console WHERE id = 1").fetchone()
    (flock_id,) = connection.execute(
        "SELECT flock_id FROM flocks ORDER BY created_us, flock_id LIMIT 1").fetchone()
    existing = [row[0] for row in connection.execute("SELECT canarytoken FROM tokens")]
    taken = set(existing)
    now_us = int(time.time() * 1_000_000)
    new_ids = []
    while len(new_ids) < count:
        token = "".join(rng.choices(ALPHABET, k=25))
        if token not in taken:
            taken.add(token)
            new_ids.append(token)

    def rows():
        for index, token in enumerate(new_ids):
            yield (token, "dns", f"seeded token {index}", flock_id, now_us - (count - index) * 1000,
                   updated_id + index + 1,
                   f"http://{domain}/{rng.choice(WORDS)}/{token}/{rng.choice(PAGES)}", f"{token}.{domain}")

    connection.executemany(
        "INSERT INTO tokens(canarytoken, kind, memo, flock_id, created_us, enabled, triggered_count, updated_id,"
        " url, hostname, factory_auth) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?, ?, NULL)", rows())
    connection.execute("UPDATE console SET updated_id = ? WHERE id = 1", (updated_id + count,))
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (total,) = connection.execute("SELECT count(*) FROM tokens").fetchone()
    connection.close()
    everything = existing + new_ids
    with open(ids_file, "w") as out:
        for token in rng.sample(everything, min(sample, len(everything))):
            out.write(token + "\n")
    print(f"seeded {count} tokens in {time.monotonic() - started:.1f} s; {total} in the table", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
