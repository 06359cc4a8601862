"""The control API (/_mock/) against the real binary: reset across a restart, the request journal under a flood,
seeded fault rules across processes, drop/429/latency faults, the seed file at start and on reset, the admin token,
and what the official `canarytools` client sends, as the journal records it.
"""

import json
import subprocess
import threading
import time

import pytest
import requests

import canarytools
import canarytools.console as cconsole

import mockserver
from conftest import AUTH_TOKEN

CLIENT_ROOT_TEMPLATE = "https://{0}.canary.tools/api/v1/"
KEY = {"auth_token": AUTH_TOKEN}
CONFIGURED_FLOCK = "flock:0123456789abcdef0123456789abcdef"
SEEDED_FLOCK = "flock:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
SEED = {
    "flocks": [{"flock_id": SEEDED_FLOCK, "name": "Seeded Flock"}],
    "factories": [{"factory_auth": "seeded-factory", "memo": "seeded factory", "flock_id": SEEDED_FLOCK,
                   "created": "1500000000.000001"}],
    "tokens": [
        {"canarytoken": "seededhttp0000000000000001", "kind": "http", "memo": "seeded http",
         "flock_id": SEEDED_FLOCK, "created": "1500000000.123456"},
        {"canarytoken": "seededaws", "kind": "aws-id", "memo": "seeded aws", "created": "1500000001.000000",
         "access_key_id": "AKIAABCDEFGHIJKLMNOP", "secret_access_key": "abcdefghijABCDEFGHIJ0123456789/+abcdefgh",
         "username": "seeded-user"},
        {"canarytoken": "seededoff", "kind": "dns", "memo": "seeded off", "enabled": False,
         "created": 1500000002.5},
    ],
}
SEEDED_IDS = ["seededhttp0000000000000001", "seededaws", "seededoff"]


@pytest.fixture(autouse=True)
def reset_client_root():
    cconsole.ROOT = CLIENT_ROOT_TEMPLATE
    yield
    cconsole.ROOT = CLIENT_ROOT_TEMPLATE


def make_console(server):
    cconsole.ROOT = server.api
    return canarytools.Console(domain="mock", api_key=AUTH_TOKEN)


def create(base_url, memo="control", kind="dns", session=requests):
    reply = session.post(f"{base_url}/api/v1/canarytoken/create", params=KEY, data={"memo": memo, "kind": kind})
    assert reply.status_code == 200, reply.text
    return reply.json()["canarytoken"]["canarytoken"]


def state(base_url, **kwargs):
    reply = requests.get(f"{base_url}/_mock/state", **kwargs)
    assert reply.status_code == 200, reply.text
    return reply.json()


def add_fault(base_url, **rule):
    reply = requests.post(f"{base_url}/_mock/faults", json=rule)
    assert reply.status_code == 200, reply.text
    assert reply.json()["result"] == "success"
    return reply.json()["rule"]


def write_seed(tmp_path, seed=SEED, name="seed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(seed))
    return path


# Reset


def test_reset_leaves_nothing_behind_also_after_a_reopen(start_server, tmp_path):
    config = {"flocks": [{"flock_id": CONFIGURED_FLOCK, "name": "Configured"}]}
    database = tmp_path / "reset.sqlite3"
    server = start_server(database=database, config=config)
    # "First test": tokens in two flocks, a factory, a flock of its own.
    made = requests.post(f"{server.base_url}/api/v1/flock/create", params=KEY, data={"name": "Left over"})
    assert made.status_code == 200
    left_flock = made.json()["flock_id"]
    ids = [create(server.base_url, memo=f"left {i}") for i in range(3)]
    in_flock = requests.post(f"{server.base_url}/api/v1/canarytoken/create", params=KEY,
                             data={"memo": "in flock", "kind": "http", "flock_id": left_flock})
    assert in_flock.status_code == 200
    factory = requests.post(f"{server.base_url}/api/v1/canarytoken/create_factory", params=KEY,
                            data={"memo": "left over"})
    assert factory.status_code == 200
    assert len(state(server.base_url)["tokens"]) == 4

    assert requests.post(f"{server.base_url}/_mock/reset").json() == {"result": "success"}

    # "Second test": nothing of the first is left, the configured flock is.
    expected = {"devices": [], "factories": [], "ignore_list": [], "incidents": [], "result": "success", "tokens": [], "updated_id": 0,
                "flocks": [{"flock_id": CONFIGURED_FLOCK, "name": "Configured"},
                           {"flock_id": "flock:default", "name": "Default Flock"}]}

    def normalized(dump):
        return {**dump, "flocks": sorted(dump["flocks"], key=lambda flock: flock["flock_id"])}

    assert normalized(state(server.base_url)) == expected
    for token_id in ids:
        fetched = requests.get(f"{server.base_url}/api/v1/canarytoken/fetch", params={**KEY, "canarytoken": token_id})
        assert fetched.status_code == 404
    server.stop()

    # The reset was durable: the same SQLite file, opened again, is just as empty.
    reopened = start_server(database=database, config=config)
    assert normalized(state(reopened.base_url)) == expected
    listed = requests.get(f"{reopened.base_url}/api/v1/flocks/list", params=KEY).json()
    assert left_flock not in listed["flocks"]


# The journal


def test_journal_stays_at_its_bound_under_a_flood(start_server):
    server = start_server(extra_args=("--journal-size", "50"))
    base = server.base_url
    fetch_id = create(base, memo="fetched by the flood")
    threads, per_thread = 8, 250
    failures = []

    def flood(worker):
        with requests.Session() as session:
            for i in range(per_thread):
                kind = (worker + i) % 3
                if kind == 0:
                    reply = session.get(f"{base}/api/v1/ping", params=KEY)
                elif kind == 1:
                    reply = session.post(f"{base}/api/v1/canarytoken/create", params=KEY,
                                         data={"memo": f"flood {worker} {i}", "kind": "dns"})
                else:
                    reply = session.get(f"{base}/api/v1/canarytoken/fetch", params={**KEY, "canarytoken": fetch_id})
                if reply.status_code != 200:
                    failures.append((worker, i, reply.status_code))

    workers = [threading.Thread(target=flood, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []

    journal = requests.get(f"{base}/_mock/requests").json()
    total = threads * per_thread + 1
    assert journal["capacity"] == 50
    assert journal["recorded"] == total
    ids = [entry["id"] for entry in journal["requests"]]
    assert len(ids) == 50
    assert all(a < b for a, b in zip(ids, ids[1:]))
    assert ids == list(range(total - 49, total + 1))
    assert all(entry["parameters"]["auth_token"] == "<redacted>" for entry in journal["requests"])
    assert AUTH_TOKEN not in json.dumps(journal)


def test_journal_records_what_the_official_client_sends(server):
    console = make_console(server)
    requests.delete(f"{server.base_url}/_mock/requests")
    token = console.tokens.create(memo="journaled", kind="dns")
    assert [t.canarytoken for t in console.tokens.all()] == [token.canarytoken]
    assert token.update("journaled again").result == "success"
    assert token.disable().result == "success"
    assert token.enable().result == "success"
    flock = console.flocks.create("Journal Flock")
    assert flock.name == "Journal Flock"
    assert {f.flock_id for f in console.flocks.all()} == {"flock:default", flock.flock_id}
    assert token.delete().result == "success"
    assert console.tokens.all() == []

    entries = requests.get(f"{server.base_url}/_mock/requests").json()["requests"]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/api/v1/canarytoken/create", 200),
        ("GET", "/api/v1/canarytokens/paginate", 200),
        ("POST", "/api/v1/canarytoken/update", 200),
        ("POST", "/api/v1/canarytoken/disable", 200),
        ("POST", "/api/v1/canarytoken/enable", 200),
        ("POST", "/api/v1/flock/create", 200),
        ("GET", "/api/v1/flocks/list", 200),  # flocks.create looks its new flock up in the list
        ("GET", "/api/v1/flocks/list", 200),
        ("POST", "/api/v1/canarytoken/delete", 200),
        ("GET", "/api/v1/canarytokens/paginate", 200),
    ]
    # The client sends its key as auth_token on every call; the journal never keeps it.
    assert all(e["parameters"]["auth_token"] == "<redacted>" and e["auth_header"] is False for e in entries)
    assert entries[1]["parameters"] == {"auth_token": "<redacted>", "limit": "2500", "render_transients": "True"}
    assert entries[2]["parameters"] == {"auth_token": "<redacted>", "canarytoken": token.canarytoken,
                                        "memo": "journaled again"}
    assert entries[5]["parameters"] == {"auth_token": "<redacted>", "name": "Journal Flock"}
    assert [e["id"] for e in entries] == list(range(entries[0]["id"], entries[0]["id"] + len(entries)))


# Faults


def failing_indices(start_server, database):
    server = start_server(database=database)
    rule = add_fault(server.base_url, path="/api/v1/ping", status=500, probability=0.3, seed=7)
    assert rule["seed"] == 7 and rule["probability"] == 0.3
    failing = []
    with requests.Session() as session:
        for index in range(100):
            reply = session.get(f"{server.base_url}/api/v1/ping", params=KEY)
            assert reply.status_code in (200, 500)
            if reply.status_code == 500:
                assert reply.json() == {"message": "Internal server error", "result": "error"}
                failing.append(index)
    rules = requests.get(f"{server.base_url}/_mock/faults").json()["rules"]
    assert rules[0]["matched"] == 100 and rules[0]["applied"] == len(failing)
    server.stop()
    return failing


def test_a_seeded_fault_rule_fails_the_same_requests_in_two_processes(start_server, tmp_path):
    first = failing_indices(start_server, tmp_path / "first.sqlite3")
    second = failing_indices(start_server, tmp_path / "second.sqlite3")
    assert first == second
    assert 0 < len(first) < 100


def test_drop_closes_the_connection_and_the_next_request_works(server):
    add_fault(server.base_url, path="/api/v1/ping", drop=True, count=1, seed=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{server.base_url}/api/v1/ping", params=KEY)
    after = requests.get(f"{server.base_url}/api/v1/ping", params=KEY)
    assert after.status_code == 200
    assert after.json() == {"result": "success"}
    entries = requests.get(f"{server.base_url}/_mock/requests").json()["requests"]
    assert [(e["status"], e["fault_id"]) for e in entries] == [(0, 1), (200, None)]


def test_429_carries_retry_after(server):
    add_fault(server.base_url, path="/api/v1/canarytoken/create", method="POST", status=429, count=1, seed=1)
    limited = requests.post(f"{server.base_url}/api/v1/canarytoken/create", params=KEY,
                            data={"memo": "limited", "kind": "dns"})
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "1"
    assert limited.text == '{\n  "message": "Too many requests",\n  "result": "error"\n}\n'
    assert state(server.base_url)["tokens"] == []
    create(server.base_url, memo="after the limit")


def test_latency_delays_the_answer(server):
    add_fault(server.base_url, path="/api/v1/ping", latency_ms=250, count=1, seed=1)
    started = time.monotonic()
    delayed = requests.get(f"{server.base_url}/api/v1/ping", params=KEY)
    elapsed = time.monotonic() - started
    assert delayed.status_code == 200 and delayed.json() == {"result": "success"}
    assert elapsed >= 0.2


# The seed file


def test_seed_file_at_start_gives_its_ids_and_times_through_canarytools(start_server, tmp_path):
    server = start_server(extra_args=("--seed", str(write_seed(tmp_path))))
    console = make_console(server)
    http = console.tokens.get_token("seededhttp0000000000000001")
    assert (http.canarytoken, http.kind, http.memo, http.flock_id) == (
        "seededhttp0000000000000001", "http", "seeded http", SEEDED_FLOCK)
    assert http.created == "1500000000.123456"
    assert http.created_printable == "2017-07-14 02:40:00 (UTC)"
    assert http.enabled is True
    aws = console.tokens.get_token("seededaws")
    assert aws.created == "1500000001.000000"
    assert (aws.access_key_id, aws.secret_access_key, aws.username) == (
        "AKIAABCDEFGHIJKLMNOP", "abcdefghijABCDEFGHIJ0123456789/+abcdefgh", "seeded-user")
    off = console.tokens.get_token("seededoff")
    assert off.enabled is False
    assert off.created == "1500000002.500000"
    assert {(f.flock_id, f.name) for f in console.flocks.all()} == {
        ("flock:default", "Default Flock"), (SEEDED_FLOCK, "Seeded Flock")}
    factories = requests.get(f"{server.base_url}/api/v1/canarytoken/list_factories", params=KEY).json()
    assert [f["memo"] for f in factories["factories"]] == ["seeded factory"]


def test_seed_is_applied_once_across_restarts(start_server, tmp_path):
    seed = write_seed(tmp_path)
    database = tmp_path / "seeded.sqlite3"
    first = start_server(database=database, extra_args=("--seed", str(seed)))
    before = state(first.base_url)
    first.stop()
    second = start_server(database=database, extra_args=("--seed", str(seed)))
    assert state(second.base_url) == before
    assert [t["canarytoken"] for t in before["tokens"]] == SEEDED_IDS


def test_a_bad_seed_file_stops_the_start_with_exit_2(tmp_path):
    bad = write_seed(tmp_path, {"tokens": [{"canarytoken": "abc", "kind": "nope", "memo": "m"}]}, name="bad.json")
    database = tmp_path / "never.sqlite3"
    result = subprocess.run(
        [str(mockserver.mock_binary()), "--port", "0", "--database", str(database), "--seed", str(bad)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr == f'canary-mock: seed file {bad}: tokens[0].kind: unknown kind "nope"\n'
    assert result.stdout == ""
    # The seed file is checked before the database is touched.
    assert not database.exists()


def test_a_missing_seed_file_stops_the_start_with_exit_2(tmp_path):
    missing = tmp_path / "missing.json"
    result = subprocess.run(
        [str(mockserver.mock_binary()), "--port", "0", "--database", str(tmp_path / "db.sqlite3"),
         "--seed", str(missing)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr == f"canary-mock: seed file {missing}: cannot open: No such file or directory\n"


def test_reset_with_reseed_restores_the_seeded_tokens(start_server, tmp_path):
    server = start_server(extra_args=("--seed", str(write_seed(tmp_path))))
    console = make_console(server)
    seeded = state(server.base_url)
    extra = create(server.base_url, memo="not seeded")
    console.tokens.get_token("seededaws").delete()

    plain = requests.post(f"{server.base_url}/_mock/reset")
    assert plain.status_code == 200
    assert state(server.base_url)["tokens"] == []

    reseeded = requests.post(f"{server.base_url}/_mock/reset", params={"reseed": "true"})
    assert reseeded.status_code == 200 and reseeded.json() == {"result": "success"}
    after = state(server.base_url)
    assert [t["canarytoken"] for t in after["tokens"]] == SEEDED_IDS
    assert extra not in {t["canarytoken"] for t in after["tokens"]}
    assert console.tokens.get_token("seededaws").created == "1500000001.000000"
    assert after["flocks"] == seeded["flocks"] and after["factories"] == seeded["factories"]


def test_reseed_without_a_seed_file_is_refused(server):
    create(server.base_url)
    refused = requests.post(f"{server.base_url}/_mock/reset", params={"reseed": "true"})
    assert refused.status_code == 400
    assert refused.json() == {"message": "reseed=true needs a seed file (--seed or the config key seed).",
                              "result": "error"}
    assert len(state(server.base_url)["tokens"]) == 1


# The admin token


def test_admin_token_guards_every_control_route_but_health(start_server):
    server = start_server(extra_args=("--admin-token", "s3cret-admin"))
    base = server.base_url
    routes = [("POST", "/_mock/reset"), ("GET", "/_mock/state"), ("GET", "/_mock/requests"),
              ("DELETE", "/_mock/requests"), ("GET", "/_mock/faults"), ("DELETE", "/_mock/faults")]
    for method, path in routes:
        for headers in ({}, {"X-Mock-Admin-Token": "wrong"}):
            refused = requests.request(method, base + path, headers=headers, params=KEY)
            assert refused.status_code == 401, (method, path)
            assert refused.text == '{\n  "message": "Invalid admin token",\n  "result": "error"\n}\n'
    refused_rule = requests.post(f"{base}/_mock/faults", json={"path": "/api/v1/ping", "status": 500})
    assert refused_rule.status_code == 401

    admin = {"X-Mock-Admin-Token": "s3cret-admin"}
    for method, path in routes:
        accepted = requests.request(method, base + path, headers=admin)
        assert accepted.status_code == 200, (method, path, accepted.text)
        assert accepted.json()["result"] == "success"
    health = requests.get(f"{base}/_mock/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    # The refused rule was never added; the Console API itself needs only its key.
    assert requests.get(f"{base}/_mock/faults", headers=admin).json()["rules"] == []
    assert requests.get(f"{base}/api/v1/ping", params=KEY).status_code == 200


# Clock


def test_clock_stamps_tokens_until_deleted(server):
    moved = requests.post(f"{server.base_url}/_mock/clock", data={"now": "1577836800"})
    assert moved.status_code == 200, moved.text
    assert moved.json() == {"now": "1577836800.000000", "now_printable": "2020-01-01 00:00:00 (UTC)",
                            "real": False, "result": "success"}
    console = make_console(server)
    token = console.tokens.create(memo="new year", kind="dns")
    fetched = console.tokens.get_token(token.canarytoken)
    # The clock keeps running from the time set: seconds, not days.
    assert fetched.created_printable.startswith("2020-01-01 00:0"), fetched.created_printable
    assert 1577836800 <= float(fetched.created) < 1577836860
    advanced = requests.post(f"{server.base_url}/_mock/clock", json={"advance": 86400})
    assert advanced.json()["now_printable"].startswith("2020-01-02 00:0"), advanced.text
    back = requests.delete(f"{server.base_url}/_mock/clock")
    assert back.status_code == 200, back.text
    assert back.json()["real"] is True
    assert abs(float(back.json()["now"]) - time.time()) < 60
    later = console.tokens.get_token(console.tokens.create(memo="today", kind="dns").canarytoken)
    assert abs(float(later.created) - time.time()) < 60
