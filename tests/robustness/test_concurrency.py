"""Concurrency: 16 clients mixing creates, fetches, factory creates and factory deletes against a file database for a
few seconds. No lost token, no duplicate id, no repeated updated_id, never a 5xx or "database is locked". Then the
server's descriptors and threads return to their idle counts (resource hygiene)."""

import random
import threading
import time

from robustlib import SIMPLE_KINDS, Client, create_form

CLIENTS = 16
DURATION = 4.0


def test_mixed_load_loses_nothing(start_server, report):
    server = start_server()
    port = server.port
    rss_before = server.rss_kib()
    lock = threading.Lock()
    created = {}          # token id -> the token as create answered it
    duplicates = []
    updated_ids = []
    failures = []         # anything unexpected: 5xx, "database is locked", a wrong status
    counts = {"create": 0, "fetch": 0, "create_factory": 0, "factory/create": 0, "delete_factory": 0,
              "after delete": 0}
    threads_max = [0]

    def check(response, operation, expected=200):
        text = response.body.decode("utf-8", "replace")
        if response.status >= 500 or "database is locked" in text.lower() or response.status != expected:
            failures.append((operation, response.status, text[:300]))
            return None
        with lock:
            counts[operation] += 1
        return response.json()

    def remember(token):
        with lock:
            if token["canarytoken"] in created:
                duplicates.append(token["canarytoken"])
            created[token["canarytoken"]] = token
            updated_ids.append(token["updated_id"])

    def worker(number):
        rng = random.Random(number)
        client = Client(port, timeout=10.0)
        mine = []
        sequence = 0
        deadline = time.monotonic() + DURATION
        try:
            while time.monotonic() < deadline and not failures:
                sequence += 1
                choice = rng.random()
                if choice < 0.4 or not mine:
                    kind = rng.choice(SIMPLE_KINDS + ["cloned-web"])
                    memo = f"client {number} #{sequence}"
                    body = check(client.post("canarytoken/create", create_form(kind, memo)), "create")
                    if body:
                        assert body["canarytoken"]["memo"] == memo
                        remember(body["canarytoken"])
                        mine.append(body["canarytoken"])
                elif choice < 0.75:
                    # Someone's token: mine, or any created so far by anyone.
                    with lock:
                        pool = list(created.values()) if rng.random() < 0.5 and created else mine
                    token = rng.choice(pool)
                    body = check(client.get("canarytoken/fetch", {"canarytoken": token["canarytoken"]}), "fetch")
                    if body and body["token"] != token:
                        failures.append(("fetch differs", token, body["token"]))
                else:
                    body = check(client.post("canarytoken/create_factory", {"memo": f"factory {number}"}),
                                 "create_factory")
                    if not body:
                        continue
                    factory = body["factory_auth"]
                    for index in range(rng.randint(1, 3)):
                        path = "canarytoken/factory/create" if index % 2 == 0 else "canarytoken/factory"
                        response = client.request("POST", "/api/v1/" + path, {
                            "factory_auth": factory, "memo": f"factory {number} #{sequence}.{index}",
                            "kind": rng.choice(["http", "dns", "aws-id"])})
                        body = check(response, "factory/create")
                        if body:
                            assert body["canarytoken"]["factory_auth"] == factory
                            remember(body["canarytoken"])
                    if rng.random() < 0.7:
                        check(client.delete("canarytoken/delete_factory", {"factory_auth": factory}),
                              "delete_factory")
                        response = client.request("POST", "/api/v1/canarytoken/factory/create", {
                            "factory_auth": factory, "memo": "after delete", "kind": "http"})
                        check(response, "after delete", expected=401)
                if number == 0 and sequence % 20 == 0:
                    threads_max[0] = max(threads_max[0], server.threads())
        except Exception as error:  # noqa: BLE001 - any exception is a failure to report
            failures.append(("exception", number, repr(error)))
        finally:
            client.close()

    workers = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(CLIENTS)]
    started = time.monotonic()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(DURATION + 20)
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    report("requests", counts, f"{total} in {elapsed:.2f} s ({total / elapsed:.0f} req/s)")
    assert not failures, failures[:5]
    assert counts["create"] > 0 and counts["factory/create"] > 0 and counts["delete_factory"] > 0

    # No lost token: every 200 create (direct or by factory) is fetchable, identical.
    client = Client(port)
    lost = []
    for token_id, token in created.items():
        response = client.get("canarytoken/fetch", {"canarytoken": token_id})
        if response.status != 200 or response.json()["token"] != token:
            lost.append((token_id, response.status, response.body[:200]))
    client.close()
    report("tokens created and fetched back identical", f"{len(created) - len(lost)}/{len(created)}")
    assert not lost, lost[:5]
    assert not duplicates, duplicates[:5]
    assert len(set(updated_ids)) == len(updated_ids), "repeated updated_id"
    assert len(created) == counts["create"] + counts["factory/create"]

    # Resource hygiene: back to the idle descriptor and thread counts.
    fds, threads, waited = server.wait_idle(timeout=5.0)
    rss_after = server.rss_kib()
    report("threads: idle / peak seen / after", f"{server.idle_threads} / {threads_max[0]} / {threads}")
    report("fds: idle / after", f"{server.idle_fds} / {fds}", f"(settled in {waited:.2f} s)")
    report("VmRSS before -> after", f"{rss_before} -> {rss_after} KiB")
    assert fds == server.idle_fds
    assert threads == server.idle_threads
