"""Crash safety of the trigger pipeline: triggers (`POST /_mock/trigger`) stream in from several threads, the server
is killed with SIGKILL at a seeded random moment, restarted on the same file, and every trigger that was answered
success must be in the database: its incident is there with at least the events the answer showed, and per token
the events the incidents hold are at least the answered ones and at most those plus the ones in flight at the kill.
A token's `triggered_count` equals the events its incidents hold, exactly (the event and the count are one commit).
The database passes PRAGMA integrity_check after each crash (on a copy) and at the end (on the file itself).

Writers mix new incidents (a fresh source IP), joins (the previous IP again, within the window) and `count` 1–3.

CRASH_ROUNDS (default 3) sets the number of kills; CRASH_SEED (default 20261205) the random kill moments.
"""

import os
import random
import shutil
import sqlite3
import threading
import time

from robustlib import Client, ConnectionClosed, integrity_check, kill_during

WRITERS = 4
TOKENS = 3
KILL_WINDOW = (0.3, 1.5)  # seconds after the writers start
ROUND_BOUND = 5.0
PAGE = 500


def trigger(client, form):
    return client.request("POST", "/_mock/trigger", form)


def incidents_of(client, token):
    """Every incident of a token, paged (limit, then the cursor alone), with one event each: {id: events_count}."""
    found = {}
    response = client.get("incidents/all", {"node_id": token, "limit": PAGE, "event_limit": 1})
    for _ in range(1000):
        assert response.status == 200, response
        body = response.json()
        for item in body["incidents"]:
            assert item["id"] not in found, f"{item['id']} listed twice"
            assert item["description"]["node_id"] == token
            found[item["id"]] = int(item["description"]["events_count"])
        cursor = body["cursor"]["next"]
        if cursor is None:
            return found
        response = client.get("incidents/all", {"cursor": cursor})
    raise AssertionError("incidents/all still paging after 1000 pages")


def triggered_count(client, token):
    response = client.get("canarytoken/fetch", {"canarytoken": token})
    assert response.status == 200, response
    return response.json()["token"]["triggered_count"]


def verify(port, tokens, answered, answered_events, in_flight_events):
    """What the API shows against what was answered. Returns a list of problems (empty when all is well)."""
    problems = []
    client = Client(port)
    try:
        for token in tokens:
            incidents = incidents_of(client, token)
            held = sum(incidents.values())
            count = triggered_count(client, token)
            if count != held:
                problems.append((token, "triggered_count", count, "events held", held))
            if not answered_events[token] <= held <= answered_events[token] + in_flight_events:
                problems.append((token, "events held", held, "answered", answered_events[token],
                                 "in flight", in_flight_events))
            for incident, events in answered[token].items():
                if incident not in incidents:
                    problems.append((token, "answered incident missing", incident))
                elif incidents[incident] < events:
                    problems.append((token, incident, "events", incidents[incident], "answered", events))
    finally:
        client.close()
    return problems


def test_kill9_loses_no_answered_trigger(start_server, tmp_path, report):
    rounds = int(os.environ.get("CRASH_ROUNDS", "3"))
    seed = int(os.environ.get("CRASH_SEED", "20261205"))
    rng = random.Random(seed)
    database = tmp_path / "trigger-crash.sqlite3"
    tokens = []
    answered = {}  # token -> {incident id: highest events_count answered}
    answered_events = {}  # token -> events added by answered triggers
    in_flight_events = 0
    lock = threading.Lock()
    report("seed / rounds", f"{seed} / {rounds}")

    for round_number in range(rounds):
        server = start_server(database=database)
        if not tokens:
            client = Client(server.port)
            for number in range(TOKENS):
                response = client.post("canarytoken/create", {"kind": "http", "memo": f"trigger crash {number}"})
                assert response.status == 200, response
                token = response.json()["canarytoken"]["canarytoken"]
                tokens.append(token)
                answered[token] = {}
                answered_events[token] = 0
            client.close()
        problems = verify(server.port, tokens, answered, answered_events, in_flight_events)
        assert not problems, f"round {round_number}: {problems[:5]}"

        stop = threading.Event()
        unexpected = []
        acked_this_round = [0] * WRITERS
        unanswered_events = [0] * WRITERS

        def writer(number):
            client = Client(server.port, timeout=5.0)
            sequence = 0
            last = None
            started = time.monotonic()
            while not stop.is_set() and time.monotonic() - started < ROUND_BOUND:
                count = 1 + sequence % 3
                # Every fourth trigger repeats the previous token and source IP: it joins that incident.
                if sequence % 4 == 3 and last is not None:
                    token, src_ip = last
                else:
                    token = tokens[(number + sequence) % TOKENS]
                    src_ip = f"10.{round_number * WRITERS + number}.{(sequence >> 8) & 255}.{sequence & 255}"
                last = (token, src_ip)
                sequence += 1
                try:
                    response = trigger(client, {"canarytoken": token, "src_ip": src_ip, "count": count})
                except (ConnectionClosed, OSError):
                    unanswered_events[number] += count
                    return  # the server is gone; whatever was in flight is unknown, not answered
                if response.status != 200:
                    unexpected.append(response)
                    return
                body = response.json()
                incident = body.get("incident") or {}
                if body.get("result") != "success" or incident.get("node_id") != token \
                        or incident.get("src_host") != src_ip:
                    unexpected.append(("wrong answer", token, src_ip, body))
                    return
                with lock:
                    known = answered[token].get(incident["id"], 0)
                    answered[token][incident["id"]] = max(known, int(incident["events_count"]))
                    answered_events[token] += count
                acked_this_round[number] += 1
            client.close()

        kill_after = kill_during(server, writer, WRITERS, stop, KILL_WINDOW, rng)
        assert not unexpected, unexpected[:5]
        in_flight_events += sum(unanswered_events)
        report(f"round {round_number}: killed after", f"{kill_after:.3f} s",
               f"({sum(acked_this_round)} triggers answered, {sum(unanswered_events)} events in flight; "
               f"{sum(answered_events.values())} events answered in total)")
        assert sum(acked_this_round) > 0, "no trigger was answered before the kill"

        copy_dir = tmp_path / f"copy-{round_number}"
        copy_dir.mkdir()
        for suffix in ("", "-wal", "-shm"):
            source = database.with_name(database.name + suffix)
            if source.exists():
                shutil.copy2(source, copy_dir / source.name)
        assert integrity_check(copy_dir / database.name) == [("ok",)]

    server = start_server(database=database)
    started = time.monotonic()
    problems = verify(server.port, tokens, answered, answered_events, in_flight_events)
    report("final verification", f"{sum(len(ids) for ids in answered.values())} answered incidents checked",
           f"in {time.monotonic() - started:.2f} s")
    assert not problems, f"{len(problems)} problems: {problems[:5]}"
    assert server.stop() == 0
    assert integrity_check(database) == [("ok",)]

    # The file itself: per token, the events stored equal triggered_count.
    connection = sqlite3.connect(str(database))
    try:
        for token in tokens:
            events = connection.execute(
                "SELECT count(*) FROM incident_events JOIN incidents USING (incident_key) WHERE node_id = ?",
                (token,)).fetchone()[0]
            count = connection.execute("SELECT triggered_count FROM tokens WHERE canarytoken = ?",
                                       (token,)).fetchone()[0]
            assert events == count, (token, events, count)
            assert answered_events[token] <= events <= answered_events[token] + in_flight_events
        total = connection.execute("SELECT count(*) FROM incident_events").fetchone()[0]
    finally:
        connection.close()
    report("events in the file / answered / in flight at the kills",
           f"{total} / {sum(answered_events.values())} / {in_flight_events}")
