"""Hostile clients, live against the binary: slowloris, over the connection cap, vanishing clients, a huge declared
body, a request flood. Memory (VmRSS), descriptors and threads are read from /proc before and after.

The slowloris, vanishing, huge-body and flood phases share one server on the built-in limits (a config file that
lowers nothing), so memory growth is measured over all of them against one baseline; the cap test has its own
server with max_connections 20.
"""

import selectors
import socket
import threading
import time

import pytest

import robustlib
from robustlib import AUTH_TOKEN, Client, connect, ping, read_response, set_linger_zero

RSS_GROWTH_LIMIT_KIB = 50 * 1024
AUTH = [("X-Canary-Auth-Token", AUTH_TOKEN)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One server with a config that lowers nothing (the built-in values written out), warmed up, with its baseline
    RSS. Stopped at the end with SIGTERM, exit 0 required."""
    directory = tmp_path_factory.mktemp("hostile")
    server = robustlib.MockServer(directory / "db.sqlite3", config={"max_connections": 512,
                                                                   "max_body_bytes": 8388608},
                                  config_path=directory / "config.json")
    # Warm up every path the phases use, so the baseline includes the allocator's steady state.
    client = Client(server.port)
    for i in range(200):
        assert client.get("ping").status == 200
    token = client.post("canarytoken/create", {"memo": "warm-up", "kind": "http"}).json()["canarytoken"]
    assert client.get("canarytoken/fetch", {"canarytoken": token["canarytoken"]}).status == 200
    client.close()
    fds, threads, _ = server.wait_idle()
    assert (fds, threads) == (server.idle_fds, server.idle_threads)
    server.baseline_rss = server.rss_kib()
    server.peak_rss = server.baseline_rss
    yield server
    status = server.stop()
    assert status == 0, "".join(server.log[-50:])


def check_after_phase(server, report, phase):
    """The server answers, descriptors and threads are back to idle, RSS growth over the baseline is bounded."""
    assert server.alive, "".join(server.log[-50:])
    assert ping(server.port).status == 200
    fds, threads, waited = server.wait_idle(timeout=5.0)
    rss = server.rss_kib()
    server.peak_rss = max(server.peak_rss, rss)
    report(f"{phase}: fds/threads after (idle {server.idle_fds}/{server.idle_threads})", f"{fds}/{threads}",
           f"(settled in {waited:.2f} s)")
    report(f"{phase}: VmRSS baseline -> after", f"{server.baseline_rss} -> {rss} KiB",
           f"(growth {(rss - server.baseline_rss) / 1024:.1f} MiB)")
    assert fds == server.idle_fds, f"descriptors did not return to idle: {fds} != {server.idle_fds}"
    assert threads == server.idle_threads, f"threads did not return to idle: {threads} != {server.idle_threads}"
    assert rss - server.baseline_rss < RSS_GROWTH_LIMIT_KIB, f"RSS grew {rss - server.baseline_rss} KiB"


# ---------------------------------------------------------------------------------------------------------------------
# (a) slowloris

SLOW_CONNECTIONS = 200
SLOW_INTERVAL = 0.5
NORMAL_CLIENTS = 20
HEADER_DEADLINE = 10.0


def test_slowloris_does_not_starve_normal_clients(hostile, report):
    port = hostile.port
    # Never completes: at one byte per 0.5 s, 12 s send 24 of these bytes.
    trickle = b"GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 200
    selector = selectors.DefaultSelector()
    slow = {}
    for index in range(SLOW_CONNECTIONS):
        sock = connect(port)
        sock.setblocking(False)
        slow[sock] = {"opened": time.monotonic(), "sent": 0, "closed": None, "data": b""}
        selector.register(sock, selectors.EVENT_READ)
    # Every one was admitted: a thread each.
    assert robustlib.wait_until(lambda: hostile.threads() == hostile.idle_threads + SLOW_CONNECTIONS, 2.0)

    stop = threading.Event()
    latencies = []
    failures = []
    slow_samples = []
    phase_start = time.perf_counter()
    lock = threading.Lock()

    def normal_client(number):
        keep_alive = Client(port, timeout=5.0) if number % 2 else None
        while not stop.is_set():
            started = time.perf_counter()
            try:
                response = keep_alive.get("ping") if keep_alive else ping(port)
                status = response.status
            except Exception as error:  # noqa: BLE001 - any failure is a finding
                status = repr(error)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if elapsed > 0.1:
                    slow_samples.append((round(started - phase_start, 2), round(elapsed, 3),
                                         "keep-alive" if keep_alive else "new connection"))
                if status != 200:
                    failures.append(status)
            stop.wait(0.05)
        if keep_alive:
            keep_alive.close()

    normals = [threading.Thread(target=normal_client, args=(n,), daemon=True) for n in range(NORMAL_CLIENTS)]
    for thread in normals:
        thread.start()

    # Trickle one byte per connection every 0.5 s; watch for 408 or close. Bounded at 14 s.
    started = time.monotonic()
    next_byte = started
    try:
        while time.monotonic() - started < 14.0 and any(state["closed"] is None for state in slow.values()):
            now = time.monotonic()
            if now >= next_byte:
                for sock, state in slow.items():
                    if state["closed"] is None and state["sent"] < len(trickle):
                        try:
                            sock.send(trickle[state["sent"]:state["sent"] + 1])
                            state["sent"] += 1
                        except (BlockingIOError, InterruptedError):
                            pass
                        except OSError:
                            pass  # the server closed it; the read side tells when
                next_byte += SLOW_INTERVAL
            for key, _ in selector.select(timeout=max(0.0, min(0.05, next_byte - time.monotonic()))):
                sock = key.fileobj
                state = slow[sock]
                try:
                    chunk = sock.recv(4096)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    chunk = b""
                if chunk:
                    state["data"] += chunk
                else:
                    state["closed"] = time.monotonic() - state["opened"]
                    selector.unregister(sock)
    finally:
        stop.set()
        for thread in normals:
            thread.join(10)
        for sock in slow:
            sock.close()
        selector.close()

    close_times = [state["closed"] for state in slow.values() if state["closed"] is not None]
    answered_408 = sum(1 for state in slow.values() if state["data"].startswith(b"HTTP/1.1 408 "))
    report("normal requests during slowloris", len(latencies))
    report("normal request latency max", f"{max(latencies) * 1000:.1f}", "ms")
    report("normal request latency median", f"{sorted(latencies)[len(latencies) // 2] * 1000:.1f}", "ms")
    report("slow connections closed", f"{len(close_times)}/{SLOW_CONNECTIONS}")
    if close_times:
        report("slow connections closed after (min..max)", f"{min(close_times):.2f}..{max(close_times):.2f}", "s")
    report("slow connections answered 408", answered_408)
    if slow_samples:
        report("normal requests over 100 ms (at s, took s, how)", sorted(slow_samples))

    assert not failures, failures[:10]
    assert len(latencies) >= NORMAL_CLIENTS * 10, len(latencies)
    assert max(latencies) < 1.0, f"slowest normal request took {max(latencies):.3f} s"
    assert len(close_times) == SLOW_CONNECTIONS, "some trickling connections were still open after 14 s"
    assert max(close_times) <= 12.0, f"last trickling connection closed after {max(close_times):.2f} s"
    assert min(close_times) >= HEADER_DEADLINE - 0.5, f"a trickling connection closed early ({min(close_times):.2f} s)"
    # Each one was mid-head when the deadline passed: 408 and close (the README's "slow clients" row).
    assert answered_408 == SLOW_CONNECTIONS
    for state in slow.values():
        assert b"Connection: close" in state["data"], state["data"][:300]
    check_after_phase(hostile, report, "slowloris")


# ---------------------------------------------------------------------------------------------------------------------
# (c) clients vanishing mid-request and mid-response

VANISH_ROUNDS = 150


def test_vanishing_clients(hostile, report):
    port = hostile.port
    head = f"POST /api/v1/canarytoken/create HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Canary-Auth-Token: {AUTH_TOKEN}\r\n"
    full_body = b"memo=vanishing+client&kind=http"
    started = time.monotonic()
    counts = {"part-head": 0, "mid-body": 0, "rst-after-request": 0}
    for round_number in range(VANISH_ROUNDS):
        assert time.monotonic() - started < 20.0, "vanishing phase took too long"
        rst = round_number % 2 == 0
        # After part of the head.
        sock = connect(port)
        if rst:
            set_linger_zero(sock)
        sock.sendall(head.encode()[: 10 + round_number % 60])
        sock.close()
        counts["part-head"] += 1
        # Mid-body: a declared body of 1,000 bytes, half sent.
        sock = connect(port)
        if rst:
            set_linger_zero(sock)
        sock.sendall((head + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n").encode()
                     + b"memo=" + b"m" * 495)
        sock.close()
        counts["mid-body"] += 1
        # Mid-response: a whole request (a create, so the server is busy with the database), then RST at once.
        for _ in range(2):
            sock = connect(port)
            set_linger_zero(sock)
            sock.sendall((head + "Content-Type: application/x-www-form-urlencoded\r\n"
                          f"Content-Length: {len(full_body)}\r\n\r\n").encode() + full_body)
            sock.close()
            counts["rst-after-request"] += 1
        # Mid-response on keep-alive: answered requests first, then one more and RST.
        if round_number % 10 == 0:
            client = Client(port)
            assert client.get("ping").status == 200
            set_linger_zero(client.sock)
            client.sock.sendall(robustlib.build_request("GET", "/api/v1/ping", headers=AUTH))
            client.close()
    elapsed = time.monotonic() - started
    report("vanishing clients", counts, f"in {elapsed:.2f} s")
    check_after_phase(hostile, report, "vanishing")


def test_silent_client_after_error_does_not_stall_accept(hostile, report):
    """Regression: a client answered with an error (here 400) that then stays silent keeps its server thread in the
    lingering close for up to 1 s; the accept loop used to join that thread before admitting the next connection,
    so every new connection waited about a second."""
    port = hostile.port
    silent = []
    latencies = []
    try:
        for _ in range(10):
            sock = connect(port)
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            response, _ = read_response(sock)
            assert response.status == 400 and response.closes
            silent.append(sock)  # and say nothing more, without closing
            started = time.perf_counter()
            assert ping(port).status == 200
            latencies.append(time.perf_counter() - started)
    finally:
        for sock in silent:
            sock.close()
    report("new connection after a silent errored client, max", f"{max(latencies) * 1000:.1f}", "ms")
    assert max(latencies) < 0.5, [round(value, 3) for value in latencies]
    check_after_phase(hostile, report, "silent after error")


# ---------------------------------------------------------------------------------------------------------------------
# (d) a 100 MB declared body

def test_huge_declared_body_refused_at_once(hostile, report):
    for expect_continue in (False, True):
        sock = connect(hostile.port, timeout=2.0)
        try:
            head = ("POST /api/v1/canarytoken/create HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"X-Canary-Auth-Token: {AUTH_TOKEN}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {100 * 1024 * 1024}\r\n"
                    + ("Expect: 100-continue\r\n" if expect_continue else "") + "\r\n")
            started = time.perf_counter()
            sock.sendall(head.encode())  # and not one byte of the body
            response, rest = read_response(sock)
            elapsed = time.perf_counter() - started
            report(f"413 for 100 MB declared body{' (Expect: 100-continue)' if expect_continue else ''}",
                   f"{elapsed * 1000:.1f}", "ms")
            assert response.status == 413, response
            assert elapsed < 1.0
            assert response.closes
            assert response.headers["content-type"].startswith("application/json")
            assert response.json()["result"] == "error"
            assert rest == b""
            # The server closes soon after (lingering close of about a second), with nothing more to say.
            sock.settimeout(5.0)
            assert sock.recv(4096) == b""
        finally:
            sock.close()
    check_after_phase(hostile, report, "huge body")


# ---------------------------------------------------------------------------------------------------------------------
# (e) a request flood over keep-alive

FLOOD_THREADS = 20
FLOOD_REQUESTS = 2000
FLOOD_BOUND = 20.0


def test_request_flood(hostile, report):
    port = hostile.port
    request = robustlib.build_request("GET", "/api/v1/ping", headers=AUTH)
    done = [0] * FLOOD_THREADS
    bad = []
    worst = [0.0] * FLOOD_THREADS
    deadline = time.monotonic() + FLOOD_BOUND
    barrier = threading.Barrier(FLOOD_THREADS)

    def flood(number):
        sock = connect(port, timeout=10.0)
        buffer = b""
        barrier.wait(10)
        try:
            for _ in range(FLOOD_REQUESTS):
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                sock.sendall(request)
                response, buffer = read_response(sock, buffer)
                elapsed = time.perf_counter() - started
                if elapsed > worst[number]:
                    worst[number] = elapsed
                if response.status != 200 or response.closes:
                    bad.append(response)
                    return
                done[number] += 1
        except Exception as error:  # noqa: BLE001
            bad.append(repr(error))
        finally:
            sock.close()

    threads = [threading.Thread(target=flood, args=(n,), daemon=True) for n in range(FLOOD_THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(FLOOD_BOUND + 10)
    elapsed = time.monotonic() - started
    total = sum(done)
    report("flood requests answered 200", f"{total}/{FLOOD_THREADS * FLOOD_REQUESTS}", f"in {elapsed:.2f} s")
    report("flood throughput", f"{total / elapsed:.0f}", "req/s")
    report("flood slowest request", f"{max(worst) * 1000:.1f}", "ms")
    assert not bad, bad[:5]
    assert total == FLOOD_THREADS * FLOOD_REQUESTS, f"only {total} answered within {FLOOD_BOUND} s"
    check_after_phase(hostile, report, "flood")
    report("VmRSS peak over the hostile phases", f"{hostile.peak_rss} KiB",
           f"(baseline {hostile.baseline_rss} KiB, growth {(hostile.peak_rss - hostile.baseline_rss) / 1024:.1f} MiB)")


# ---------------------------------------------------------------------------------------------------------------------
# (b) more connections than the cap

CAP = 20
OPENED = 50
# One peer may hold at most half of the slots (HTTPServer.Configuration.maxConnectionsPerPeer), so the connections
# come from four loopback addresses in turn: the cap, not the per-peer limit, is what refuses the extra ones.
SOURCES = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"]


def connect_from(port, index, timeout=5.0):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                    source_address=(SOURCES[index % len(SOURCES)], 0))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def test_connection_cap(start_server, report):
    server = start_server(config={"max_connections": CAP})
    port = server.port
    sockets = []
    try:
        for index in range(OPENED):
            sockets.append(connect_from(port, index))
        # The server answers the extra ones at once, before they send anything; the admitted ones stay silent.
        selector = selectors.DefaultSelector()
        for sock in sockets:
            selector.register(sock, selectors.EVENT_READ)
        readable = set()
        started = time.monotonic()
        while time.monotonic() - started < 3.0 and len(readable) < OPENED - CAP:
            readable.update(key.fileobj for key, _ in selector.select(timeout=0.1))
        time.sleep(0.3)  # and no more than those
        readable.update(key.fileobj for key, _ in selector.select(timeout=0))
        selector.close()
        refused, admitted = [], []
        for sock in sockets:
            if sock not in readable:
                admitted.append(sock)
                continue
            response, rest = read_response(sock)
            refused.append(response)
            assert rest == b"" and sock.recv(100) == b"", "the 503 connection was not closed"
        report("connections admitted / refused with 503", f"{len(admitted)}/{len(refused)}")
        assert len(admitted) == CAP
        assert len(refused) == OPENED - CAP
        for response in refused:
            assert response.status == 503, response
            assert response.closes
            assert response.headers["content-type"].startswith("application/json")
            assert response.headers.get("retry-after") == "1"
            assert response.json() == {"message": "Too many connections", "result": "error"}
        assert server.threads() == server.idle_threads + CAP
        # The admitted ones are served normally, and on keep-alive.
        request = robustlib.build_request("GET", "/api/v1/ping", headers=AUTH)
        for sock in admitted:
            sock.settimeout(5.0)
            for _ in range(2):
                sock.sendall(request)
                response, _ = read_response(sock)
                assert response.status == 200 and not response.closes
    finally:
        for sock in sockets:
            sock.close()
    fds, threads, waited = server.wait_idle()
    report("fds/threads after closing all (idle)", f"{fds}/{threads} ({server.idle_fds}/{server.idle_threads})",
           f"settled in {waited:.2f} s")
    assert (fds, threads) == (server.idle_fds, server.idle_threads)
    # After closing them the server serves normally: a full cap of new clients all get 200.
    clients = [connect_from(port, index) for index in range(CAP)]
    try:
        request = robustlib.build_request("GET", "/api/v1/ping", headers=AUTH)
        for _ in range(2):
            for sock in clients:
                sock.sendall(request)
                assert read_response(sock)[0].status == 200
    finally:
        for sock in clients:
            sock.close()
    assert "connection refused: too many connections" in "".join(server.log)
