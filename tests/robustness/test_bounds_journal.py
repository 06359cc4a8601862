"""Issue 11, items 4, 7 and 8, live against the binary: the request journal, fault rules, logged paths and token
search stay bounded under hostile input.

(a) 200 url-encoded bodies of about 7 MB (1,000 parameters of 1,024 characters each) with a wrong key: every one is
    a 401, and every one is journaled. The server runs in a 512 MiB memory cgroup where the machine allows; it must
    stay alive with no OOM kill and a bounded peak RSS, and the journal listing must stay under its answer bound.
(b) Fault rules with 7 MB messages are refused with the exact 400; the rule listing stays small.
(c) A 64 KiB search query against 20 tokens with 10,000-character memos costs well under 2 s of CPU.
(d) A 60 KiB request path is cut in the access-log line and in the journal.
"""

import json
import os
import socket
from urllib.parse import quote, urlencode

import robustlib
from robustlib import AUTH_TOKEN, Client, connect, read_response

# The server's limits (Sources/CanaryAPI/Control/RequestJournal.swift, FaultRules.swift, SearchTokensHandler.swift).
MAX_VALUE_LENGTH = 1024
MAX_ENTRY_BYTES = 16 * 1024
MAX_LISTING_BYTES = 4 * 1024 * 1024
MAX_FAULT_TEXT = 1024
MAX_SEARCH_LENGTH = 1024
MAX_SEARCH_WORDS = 32

FLOOD_REQUESTS = 200
PEAK_RSS_LIMIT_KIB = 200 * 1024
# The listing bound is checked before an entry is added; one entry can pass it by at most its own JSON size.
LISTING_SLACK = 256 * 1024
CPU_LIMIT_SECONDS = 2.0
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User plus system CPU time of the process so far (proc(5): fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def raw_request(method, target, body=b"", content_type="application/x-www-form-urlencoded", headers=()):
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
    if body:
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def flood_body():
    """1,000 parameters, each a 1,024-character name and a 1,024-character value (é: 6 bytes percent-encoded)."""
    value = "é" * MAX_VALUE_LENGTH
    return urlencode([(f"p{index:04d}" + "n" * (MAX_VALUE_LENGTH - 5), value) for index in range(1000)]).encode()


def get_control(port, path):
    sock = connect(port, timeout=30)
    try:
        sock.sendall(raw_request("GET", path, headers=[("Connection", "close")]))
        response, _ = read_response(sock)
        return response
    finally:
        sock.close()


# ---------------------------------------------------------------------------------------------------------------------
# (a) the journal under a flood of large refused requests

def test_journal_flood_of_large_401s_stays_bounded(start_server, report):
    server = start_server(memory_limit_mib=512)
    body = flood_body()
    assert 7_000_000 < len(body) < 8 * 1024 * 1024
    request = raw_request("POST", "/api/v1/canarytoken/create", body,
                          headers=[("X-Canary-Auth-Token", "wrong-key")])
    sock, buffer, statuses = None, b"", []
    try:
        for _ in range(FLOOD_REQUESTS):
            if sock is None:
                sock, buffer = connect(server.port, timeout=30), b""
            sock.sendall(request)
            response, buffer = read_response(sock, buffer)
            statuses.append(response.status)
            if response.closes:
                sock.close()
                sock = None
    except (robustlib.ConnectionClosed, OSError) as error:
        oom = server.cgroup.oom_kills() if server.cgroup else "n/a"
        raise AssertionError(f"server gone after {len(statuses)} requests ({error}); OOM kills: {oom}") from error
    finally:
        if sock is not None:
            sock.close()
    assert statuses == [401] * FLOOD_REQUESTS
    assert server.alive, "".join(server.log[-20:])
    peak = server.peak_rss_kib()
    report("peak RSS after 200 x 7 MB 401s", peak, "KiB")
    if server.cgroup is not None:
        report("cgroup peak", server.cgroup.peak_bytes() // 1024, "KiB")
        assert server.cgroup.oom_kills() == 0
    assert peak < PEAK_RSS_LIMIT_KIB

    # The default listing: bounded in size, oldest first, with a cursor to the rest.
    first = get_control(server.port, "/_mock/requests")
    report("listing size (default)", len(first.body), "bytes")
    assert first.status == 200
    assert len(first.body) <= MAX_LISTING_BYTES + LISTING_SLACK
    page = first.json()
    assert page["recorded"] == FLOOD_REQUESTS
    entries = page["requests"]
    assert 0 < len(entries) < FLOOD_REQUESTS
    assert page["next_since"] == entries[-1]["id"]
    entry = entries[0]
    assert entry["id"] == 1
    assert entry["status"] == 401
    assert entry["path"] == "/api/v1/canarytoken/create"
    # The marker: the request's parameter and file counts and the bytes of their names and values as decoded.
    assert entry["cut"] == {"parameters": 1000, "files": 0, "bytes": 1000 * (MAX_VALUE_LENGTH + 2 * MAX_VALUE_LENGTH)}
    kept = sum(len(name.encode()) + len(value.encode()) for name, value in entry["parameters"].items())
    assert 0 < kept <= MAX_ENTRY_BYTES

    # Paging with since and limit reaches every entry, each answer bounded.
    ids, since, pages = [], 0, 0
    while True:
        response = get_control(server.port, f"/_mock/requests?since={since}&limit=100")
        assert response.status == 200
        assert len(response.body) <= MAX_LISTING_BYTES + LISTING_SLACK
        page = response.json()
        ids += [entry["id"] for entry in page["requests"]]
        pages += 1
        if "next_since" not in page:
            break
        since = page["next_since"]
    assert ids == list(range(1, FLOOD_REQUESTS + 1))
    report("pages to list 200 entries (limit 100)", pages)
    assert server.alive


# ---------------------------------------------------------------------------------------------------------------------
# (b) fault rules with huge messages

def test_fault_rules_with_huge_messages_are_refused(start_server, report):
    server = start_server()
    huge = json.dumps({"path": "/api/v1/ping", "status": 500, "message": "m" * (7 * 1000 * 1000)}).encode()
    sock, buffer = connect(server.port, timeout=30), b""
    try:
        for _ in range(30):
            sock.sendall(raw_request("POST", "/_mock/faults", huge, content_type="application/json"))
            response, buffer = read_response(sock, buffer)
            assert response.status == 400
            assert response.json() == {
                "message": f"message must be at most {MAX_FAULT_TEXT} characters.", "result": "error",
            }
        at_cap = json.dumps({"path": "/api/v1/ping", "status": 500, "message": "m" * MAX_FAULT_TEXT}).encode()
        sock.sendall(raw_request("POST", "/_mock/faults", at_cap, content_type="application/json"))
        response, buffer = read_response(sock, buffer)
        assert response.status == 200
        assert response.json()["rule"]["message"] == "m" * MAX_FAULT_TEXT
    finally:
        sock.close()
    listing = get_control(server.port, "/_mock/faults")
    report("fault listing size after 30 refused 7 MB rules", len(listing.body), "bytes")
    assert listing.status == 200
    assert [rule["id"] for rule in listing.json()["rules"]] == [1]
    assert len(listing.body) < 4096


# ---------------------------------------------------------------------------------------------------------------------
# (c) search: a 64 KiB query against 20 tokens with long memos

def test_search_with_a_huge_query_is_cheap(start_server, report):
    server = start_server()
    client = Client(server.port, timeout=30)
    memo_words = [f"w{index:04d}" for index in range(1600)]
    memo = " ".join(memo_words)[:10_000]
    for index in range(20):
        assert client.post("canarytoken/create", {"memo": memo, "kind": "dns"}).status == 200
    # Every word of the query matches a memo word, so the old matcher compared each against every memo word.
    words, query = [], ""
    while len(query) < 63 * 1024:
        word = memo_words[-1 - len(words) % 1000]
        words.append(word)
        query += word + " "
    before = cpu_seconds(server.pid)
    huge = client.get("canarytokens/search", {"search_string": query})
    spent = cpu_seconds(server.pid) - before
    report("CPU for a 64 KiB search query (20 tokens)", f"{spent:.2f}", "s")
    assert huge.status == 400
    assert huge.json() == {"message": "Could not process the parameters", "result": "error"}
    assert spent < CPU_LIMIT_SECONDS

    # A query at the caps (32 distinct words, repeated to 1,024 characters) still answers every token.
    at_cap_words = memo_words[-MAX_SEARCH_WORDS:]
    at_cap = " ".join(at_cap_words * 6)[:MAX_SEARCH_LENGTH].rsplit(" ", 1)[0]
    before = cpu_seconds(server.pid)
    found = client.get("canarytokens/search", {"search_string": at_cap, "limit": 50})
    spent = cpu_seconds(server.pid) - before
    report("CPU for a search at the caps (20 tokens)", f"{spent:.2f}", "s")
    assert found.status == 200
    assert found.json()["total_results"] == 20
    assert spent < CPU_LIMIT_SECONDS
    client.close()


# ---------------------------------------------------------------------------------------------------------------------
# (d) a 60 KiB path in the access log and the journal

def test_long_path_is_cut_in_the_log_and_the_journal(start_server, report):
    server = start_server(log_level="info")
    path = "/api/v1/" + "x" * (60 * 1024)
    sock = connect(server.port, timeout=30)
    try:
        sock.sendall(raw_request("GET", quote(path), headers=[("Connection", "close")]))
        response, _ = read_response(sock)
    finally:
        sock.close()
    assert response.status == 404
    marker = f"…({len(path)} bytes)"
    cut = path[:MAX_VALUE_LENGTH] + marker
    robustlib.wait_until(lambda: any("status=404" in line for line in server.log), 5.0)
    lines = [line for line in server.log if "status=404" in line]
    assert len(lines) == 1
    report("access-log line for a 60 KiB path", len(lines[0].encode()), "bytes")
    assert len(lines[0].encode()) < 2048
    assert f"path=\"{cut}\"" in lines[0] or json.dumps(cut) in lines[0]
    entry = get_control(server.port, "/_mock/requests").json()["requests"][0]
    assert entry["path"] == cut
