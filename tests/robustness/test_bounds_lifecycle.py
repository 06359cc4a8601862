"""Issue 11, lifecycle bounds: one server per database file, seeds applied all or nothing (at start and on
reset?reseed=true, even under kill -9), a deleted database noticed by health, the admin token kept out of the
process list. Runs the real binary (robustlib.MockServer, or subprocess directly for a start that must fail)."""

import json
import os
import sqlite3
import subprocess
import threading
import time

import requests

import mockserver
import robustlib

MISSING_FLOCK = "flock:cccccccccccccccccccccccccccccccc"


def binary():
    return str(mockserver.mock_binary(robustlib.MockServer.DEFAULT_BINARIES))


def run_once(*args, timeout=30):
    """Runs the binary to completion (a start that must fail)."""
    return subprocess.run([binary(), "--host", "127.0.0.1", "--port", "0", *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)


def snapshot(database):
    """Every token id and the change counter, read with Python's own SQLite (WAL recovered on open)."""
    with sqlite3.connect(database) as connection:
        tokens = [row[0] for row in connection.execute("SELECT canarytoken FROM tokens ORDER BY canarytoken")]
        counter = connection.execute("SELECT updated_id FROM console").fetchone()[0]
    return tokens, counter


def seed_file(path, count, prefix="s"):
    tokens = [{"canarytoken": f"{prefix}{i:08d}", "kind": "dns", "memo": f"seeded {i}"} for i in range(count)]
    path.write_text(json.dumps({"tokens": tokens}))
    return path


def test_a_second_server_on_the_same_file_exits_2_and_the_first_still_serves(start_server, tmp_path):
    database = tmp_path / "shared.sqlite3"
    first = start_server(database=database)
    result = run_once("--database", str(database))
    assert result.returncode == 2
    assert result.stderr == (f"canary-mock: database {database}: in use by another canary-mock (it holds the "
                             f"file's lock); stop it or use another --database\n")
    health = requests.get(f"{first.base_url}/_mock/health", timeout=5)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    # Through another name of the same file (a symlink), too: the lock is on the file, not on the path text.
    link = tmp_path / "link.sqlite3"
    link.symlink_to(database)
    assert run_once("--database", str(link)).returncode == 2


def test_a_refused_seed_leaves_the_database_exactly_as_it_was(start_server, tmp_path):
    database = tmp_path / "kept.sqlite3"
    server = start_server(database=database, extra_args=("--seed", str(seed_file(tmp_path / "good.json", 3))))
    server.stop()
    before = snapshot(database)
    assert len(before[0]) == 3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"tokens": [
        {"canarytoken": "new1", "kind": "dns", "memo": "valid"},
        {"canarytoken": "new2", "kind": "http", "memo": "valid"},
        {"canarytoken": "new3", "kind": "dns", "memo": "lost", "flock_id": MISSING_FLOCK},
    ]}))
    result = run_once("--database", str(database), "--seed", str(bad))
    assert result.returncode == 2
    assert result.stderr == (f"canary-mock: seed file {bad}: tokens[2].flock_id: flock {MISSING_FLOCK} does not "
                             f"exist (list it under \"flocks\")\n")
    assert snapshot(database) == before


def test_kill_9_during_reset_with_reseed_leaves_the_old_or_the_new_state(start_server, tmp_path, report):
    count = 20_000
    seed = seed_file(tmp_path / "big.json", count)
    database = tmp_path / "reseed.sqlite3"
    outcomes = []
    for delay in (0.0, 0.05, 0.15, 0.3, 2.5):
        if database.exists():
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(f"{database}{suffix}"):
                    os.remove(f"{database}{suffix}")
        server = start_server(database=database, extra_args=("--seed", str(seed)))
        created = requests.post(f"{server.api}canarytoken/create",
                                data={"auth_token": mockserver.AUTH_TOKEN, "kind": "dns", "memo": "not seeded"},
                                timeout=10)
        assert created.status_code == 200
        started = time.monotonic()
        answered = []

        def reseed():
            try:
                answered.append(requests.post(f"{server.base_url}/_mock/reset", params={"reseed": "true"},
                                              timeout=30).status_code)
            except requests.RequestException:
                answered.append(None)

        thread = threading.Thread(target=reseed)
        thread.start()
        time.sleep(delay)
        server.kill9()
        thread.join(30)
        tokens, _ = snapshot(database)
        # The old state is the seed plus the created token; the new one the seed alone. Never a part of either.
        assert len(tokens) in (count + 1, count), f"{len(tokens)} tokens after kill -9 at {delay}s"
        outcomes.append((delay, len(tokens), answered[0] if answered else None))
        # The file opens and serves again.
        again = start_server(database=database)
        assert requests.get(f"{again.base_url}/_mock/health", timeout=5).status_code == 200
        again.stop()
        report(f"kill -9 at {delay}s (reseed answered {outcomes[-1][2]}, {time.monotonic() - started:.2f}s)",
               f"{len(tokens)} tokens")


def test_a_database_deleted_while_running_makes_health_503_and_refuses_writes(start_server, tmp_path):
    database = tmp_path / "deleted.sqlite3"
    server = start_server(database=database)
    assert requests.get(f"{server.base_url}/_mock/health", timeout=5).status_code == 200
    os.remove(database)
    health = requests.get(f"{server.base_url}/_mock/health", timeout=5)
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert health.json()["message"] == (f"database file {database} was deleted while the server runs; writes are "
                                        f"refused, restart the server")
    created = requests.post(f"{server.api}canarytoken/create",
                            data={"auth_token": mockserver.AUTH_TOKEN, "kind": "dns", "memo": "lost"}, timeout=5)
    assert created.status_code == 500
    assert created.json() == {"message": "Could not save Canarydrop", "result": "error"}


def test_the_admin_token_file_keeps_the_token_out_of_the_process_list(start_server, tmp_path):
    token = "admin-secret-from-a-file-4f1c"
    path = tmp_path / "admin-token"
    path.write_text(token + "\n")
    server = start_server(database=":memory:", extra_args=("--admin-token-file", str(path)))
    with open(f"/proc/{server.pid}/cmdline", "rb") as cmdline:
        assert token.encode() not in cmdline.read()
    assert requests.get(f"{server.base_url}/_mock/state", timeout=5).status_code == 401
    state = requests.get(f"{server.base_url}/_mock/state", headers={"X-Mock-Admin-Token": token}, timeout=5)
    assert state.status_code == 200
    missing = tmp_path / "missing-token"
    result = run_once("--database", ":memory:", "--admin-token-file", str(missing))
    assert result.returncode == 2
    assert result.stderr == (f"canary-mock: flag --admin-token-file: admin token file {missing}: cannot open: "
                             f"No such file or directory\n")
