"""Crash safety: creates stream in from several threads, the server is killed with SIGKILL at a seeded random
moment, restarted on the same file, and every create that was answered 200 must be fetchable with identical fields.
The database passes PRAGMA integrity_check after each crash (on a copy, so the server's own recovery is what the
next round exercises) and at the end (on the file itself, after a clean stop).

CRASH_ROUNDS (default 3) sets the number of kills; CRASH_SEED (default 20261122) the random kill moments.
"""

import os
import random
import shutil
import sqlite3
import threading
import time

from robustlib import SIMPLE_KINDS, Client, ConnectionClosed, create_form, integrity_check, kill_during

WRITERS = 4
KILL_WINDOW = (0.3, 1.5)  # seconds after the writers start
ROUND_BOUND = 5.0


def verify_all(port, acknowledged):
    """Fetches every acknowledged token; returns the ids that are missing or differ (with what came back)."""
    problems = []
    client = Client(port)
    try:
        for token_id, created in acknowledged.items():
            response = client.get("canarytoken/fetch", {"canarytoken": token_id})
            if response.status != 200 or response.json().get("token") != created:
                problems.append((token_id, response.status, response.body[:300], created))
    finally:
        client.close()
    return problems


def test_kill9_loses_no_acknowledged_create(start_server, tmp_path, report):
    rounds = int(os.environ.get("CRASH_ROUNDS", "3"))
    seed = int(os.environ.get("CRASH_SEED", "20261122"))
    rng = random.Random(seed)
    database = tmp_path / "crash.sqlite3"
    acknowledged = {}
    in_flight_total = 0
    updated_ids = []
    lock = threading.Lock()
    report("seed / rounds", f"{seed} / {rounds}")

    for round_number in range(rounds):
        server = start_server(database=database)
        problems = verify_all(server.port, acknowledged)
        assert not problems, f"round {round_number}: {len(problems)} acknowledged creates lost: {problems[:3]}"

        stop = threading.Event()
        unexpected = []
        acked_this_round = [0] * WRITERS
        unanswered = [0] * WRITERS

        def writer(number):
            client = Client(server.port, timeout=5.0)
            sequence = 0
            started = time.monotonic()
            while not stop.is_set() and time.monotonic() - started < ROUND_BOUND:
                kind = SIMPLE_KINDS[(number + sequence) % len(SIMPLE_KINDS)]
                memo = f"crash round {round_number} writer {number} #{sequence}"
                sequence += 1
                try:
                    response = client.post("canarytoken/create", create_form(kind, memo))
                except (ConnectionClosed, OSError):
                    unanswered[number] += 1
                    return  # the server is gone; whatever was in flight is unknown, not acknowledged
                if response.status != 200:
                    unexpected.append(response)
                    return
                token = response.json()["canarytoken"]
                if token["memo"] != memo or token["kind"] != kind:
                    unexpected.append(("wrong token", memo, kind, token))
                with lock:
                    if token["canarytoken"] in acknowledged:
                        unexpected.append(("duplicate id", token["canarytoken"]))
                    acknowledged[token["canarytoken"]] = token
                    updated_ids.append(token["updated_id"])
                acked_this_round[number] += 1
            client.close()

        kill_after = kill_during(server, writer, WRITERS, stop, KILL_WINDOW, rng)
        assert not unexpected, unexpected[:5]
        report(f"round {round_number}: killed after", f"{kill_after:.3f} s",
               f"({sum(acked_this_round)} creates acknowledged, {sum(unanswered)} in flight; "
               f"{len(acknowledged)} in total)")
        assert sum(acked_this_round) > 0, "no create was acknowledged before the kill"
        in_flight_total += sum(unanswered)

        # The crashed file as it is (database, -wal, -shm), checked on a copy.
        copy_dir = tmp_path / f"copy-{round_number}"
        copy_dir.mkdir()
        for suffix in ("", "-wal", "-shm"):
            source = database.with_name(database.name + suffix)
            if source.exists():
                shutil.copy2(source, copy_dir / source.name)
        assert integrity_check(copy_dir / database.name) == [("ok",)]

    # Restart once more: everything acknowledged is there, exactly.
    server = start_server(database=database)
    started = time.monotonic()
    problems = verify_all(server.port, acknowledged)
    report("final verification", f"{len(acknowledged)} tokens fetched identical",
           f"in {time.monotonic() - started:.2f} s")
    assert not problems, f"{len(problems)} acknowledged creates lost or changed: {problems[:3]}"
    assert len(set(updated_ids)) == len(updated_ids), "an updated_id was given twice across restarts"
    assert server.stop() == 0
    assert integrity_check(database) == [("ok",)]
    connection = sqlite3.connect(str(database))
    try:
        rows = connection.execute("SELECT count(*) FROM tokens").fetchone()[0]
    finally:
        connection.close()
    report("tokens in the file / acknowledged / unanswered at the kills", f"{rows} / {len(acknowledged)} / "
           f"{in_flight_total}")
    # Acknowledged ones are all there; at most the unanswered in-flight ones were committed besides.
    assert len(acknowledged) <= rows <= len(acknowledged) + in_flight_total
