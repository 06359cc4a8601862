"""The DNS channel against the real binary (docs/dns.md): `--dns-port 0`, queries sent by `dig` (apt: dnsutils,
installed by .ci/run) and hostile datagrams sent from Python sockets. What a hit recorded is read back from the
database file itself (read-only), the way the Swift tests read the store.
"""

import json
import random
import re
import shutil
import socket
import sqlite3
import struct
import subprocess
import time

import pytest
import requests

import mockserver
from conftest import AUTH_TOKEN

KEY = {"auth_token": AUTH_TOKEN}
DOMAIN = "canarytokens.localhost"
DNS_LINE = re.compile(r"DNS responder listening on udp://127\.0\.0\.1:(\d+)")


def dns_port(server):
    """The responder's port from /_mock/health, checked against the log line."""
    health = requests.get(f"{server.base_url}/_mock/health", timeout=5).json()
    port = health["dns_port"]
    assert isinstance(port, int) and 0 < port < 65536
    # The line is logged right after the HTTP one; the drain thread may not have read it yet.
    deadline = time.monotonic() + 5
    while True:
        logged = [int(m.group(1)) for line in list(server.log) for m in [DNS_LINE.search(line)] if m]
        if logged or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert logged == [port], "".join(server.log)
    return port


@pytest.fixture
def dns_server(start_server):
    return start_server(extra_args=["--dns-port", "0"])


def create(server, kind="dns"):
    reply = requests.post(f"{server.base_url}/api/v1/canarytoken/create", params=KEY,
                          data={"memo": f"dns trigger test ({kind})", "kind": kind}, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()["canarytoken"]["canarytoken"]


def triggered_count(server, token):
    reply = requests.get(f"{server.base_url}/api/v1/canarytoken/fetch", params={**KEY, "canarytoken": token},
                         timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()["token"]["triggered_count"]


def dig(port, name, rtype="A"):
    """dig's answer as (status, flags, answer lines)."""
    if shutil.which("dig") is None:
        pytest.fail("dig is not installed (apt-get install dnsutils; .ci/run installs it)")
    result = subprocess.run(["dig", "@127.0.0.1", "-p", str(port), "+tries=1", "+time=3", name, rtype],
                            capture_output=True, text=True, timeout=20)
    assert result.returncode == 0, result.stdout + result.stderr
    header = re.search(r"status: (\w+),", result.stdout)
    flags = re.search(r";; flags: ([a-z ]*);", result.stdout)
    assert header and flags, result.stdout
    answer = re.search(r";; ANSWER SECTION:\n(.*?)\n\n", result.stdout, re.S)
    lines = [line.split() for line in answer.group(1).splitlines()] if answer else []
    return header.group(1), flags.group(1).split(), lines


def incidents(server):
    """Every incident in the database file, with its events' fields, oldest first."""
    connection = sqlite3.connect(f"file:{server.database}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT incident_key, node_id, src_host, kind FROM incidents "
                                  "ORDER BY updated_id").fetchall()
        result = []
        for key, node_id, src_host, kind in rows:
            events = [json.loads(fields) for (fields,) in connection.execute(
                "SELECT fields FROM incident_events WHERE incident_key = ? ORDER BY event_id", (key,))]
            result.append({"key": key, "node_id": node_id, "src_host": src_host, "kind": kind, "events": events})
        return result
    finally:
        connection.close()


def test_a_query_answers_and_records_one_incident(dns_server):
    port = dns_port(dns_server)
    token = create(dns_server)
    name = f"{token}.{DOMAIN}"
    status, flags, answers = dig(port, name)
    assert status == "NOERROR"
    assert "qr" in flags and "aa" in flags
    assert answers == [[f"{name}.", "10", "IN", "A", "127.0.0.1"]]
    assert triggered_count(dns_server, token) == 1
    [incident] = incidents(dns_server)
    assert incident["node_id"] == token and incident["src_host"] == "" and incident["kind"] == "dns"
    assert re.fullmatch(r"incident:canarytoken:[0-9a-f]{24}::\d+", incident["key"]), incident["key"]
    [event] = incident["events"]
    assert event["hostname"] == name
    assert event["src_host"] == "127.0.0.1"
    assert event["canarytoken"] == token and event["type"] == "dns" and event["dst_port"] == 53


def test_upper_case_name_is_the_same_token(dns_server):
    port = dns_port(dns_server)
    token = create(dns_server)
    name = f"{token.upper()}.CanaryTokens.LocalHost"
    status, _, answers = dig(port, name)
    assert status == "NOERROR" and len(answers) == 1
    [incident] = incidents(dns_server)
    assert incident["node_id"] == token
    assert incident["events"][0]["hostname"] == name


def test_desktop_ini_name_fills_the_three_fields(dns_server):
    port = dns_port(dns_server)
    token = create(dns_server, kind="windows-dir")
    name = f"Alice.WS01.CORP.INI.{token}.{DOMAIN}"
    status, _, answers = dig(port, name)
    assert status == "NOERROR"
    assert answers == [[f"{name}.", "10", "IN", "A", "127.0.0.1"]]
    [incident] = incidents(dns_server)
    [event] = incident["events"]
    assert incident["kind"] == "windows-dir"
    assert event["hostname"] == name
    assert event["windows_desktopini_access_username"] == "Alice"
    assert event["windows_desktopini_computer_name"] == "WS01"
    assert event["windows_desktopini_access_domain"] == "CORP"


def test_outside_the_domain_is_refused(dns_server):
    port = dns_port(dns_server)
    token = create(dns_server)
    status, flags, answers = dig(port, f"{token}.example.com")
    assert status == "REFUSED" and "aa" not in flags and answers == []
    assert incidents(dns_server) == []


def test_aaaa_is_empty_and_records_nothing(dns_server):
    port = dns_port(dns_server)
    token = create(dns_server)
    status, flags, answers = dig(port, f"{token}.{DOMAIN}", "AAAA")
    assert status == "NOERROR" and "aa" in flags and answers == []
    assert triggered_count(dns_server, token) == 0
    assert incidents(dns_server) == []


def hostile_datagrams(count, seed=13):
    """Malformed and hostile queries: pointer loops, long labels, wrong counts, responses, other opcodes, noise."""
    header = struct.pack(">6H", 0x0101, 0x0100, 1, 0, 0, 0)
    fixed = [
        header + b"\xc0\x0c\x00\x01\x00\x01",                                 # a pointer to itself
        header + b"\x01a\xc0\x0c\x00\x01\x00\x01",                            # a loop through a label
        header + b"\xc0\x0e\x00\x00\x01\x00\x01",                             # a forward pointer
        header + b"\x3fa" + b"a" * 62 + b"\x40" + b"b" * 64 + b"\x00\x00\x01\x00\x01",  # label over 63
        header + (b"\x01x" * 200) + b"\x00\x00\x01\x00\x01",                  # name over 255
        header[:4] + struct.pack(">4H", 0, 0, 0, 0),                          # QDCOUNT 0
        header[:4] + struct.pack(">4H", 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF) + b"\x00\x00\x01\x00\x01",
        struct.pack(">6H", 1, 0x8180, 1, 0, 0, 0) + b"\x00\x00\x01\x00\x01",  # a response
        struct.pack(">6H", 1, 5 << 11, 1, 0, 0, 0) + b"\x00\x00\x06\x00\x01",  # UPDATE
        header + b"\x05abc",                                                  # truncated question
        b"\x12\x34",                                                          # no header
        b"\xc0" * 4000,                                                       # big and meaningless
    ]
    generator = random.Random(seed)
    for index in range(count):
        if index % 2 == 0:
            yield fixed[(index // 2) % len(fixed)]
        else:
            yield bytes(generator.getrandbits(8) for _ in range(generator.randrange(0, 700)))


def test_hostile_burst_then_still_answering(dns_server):
    port = dns_port(dns_server)
    token = create(dns_server)
    formerr = struct.pack(">6H", 0xABCD, 0x8101, 0, 0, 0, 0)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as hostile:
        for datagram in hostile_datagrams(3000):
            hostile.sendto(datagram, ("127.0.0.1", port))
        # Then a query with QDCOUNT 2, until its FORMERR comes back (the kernel may drop datagrams of the burst
        # while the responder's socket buffer is full, this probe among them): the responder read the whole burst
        # and answers with the id it was given.
        hostile.settimeout(0.5)
        answered = False
        for _ in range(20):
            hostile.sendto(struct.pack(">6H", 0xABCD, 0x0100, 2, 0, 0, 0), ("127.0.0.1", port))
            try:
                while not answered:
                    answered = hostile.recv(4096) == formerr
            except socket.timeout:
                pass
            if answered:
                break
    assert answered
    status, _, answers = dig(port, f"{token}.{DOMAIN}")
    assert status == "NOERROR" and answers == [[f"{token}.{DOMAIN}.", "10", "IN", "A", "127.0.0.1"]]
    assert requests.get(f"{dns_server.base_url}/api/v1/ping", params=KEY, timeout=5).json()["result"] == "success"
    assert len(incidents(dns_server)) == 1
    assert dns_server.alive


def test_no_responder_without_the_setting(server):
    health = requests.get(f"{server.base_url}/_mock/health", timeout=5).json()
    assert "dns_port" not in health
    assert not any("DNS responder" in line for line in server.log)


def test_a_dns_port_in_use_exits_2_with_one_line(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        result = subprocess.run([str(mockserver.mock_binary()), "--host", "127.0.0.1", "--port", "0", "--dns-port",
                                 str(port), "--database", str(tmp_path / "db.sqlite3")],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("canary-mock:")]
    assert errors == [f"canary-mock: cannot listen on udp 127.0.0.1:{port} (DNS): bind 127.0.0.1:{port}: "
                      f"Address already in use"], result.stderr
