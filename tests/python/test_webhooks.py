"""Webhooks against the built binary (docs/webhooks.md): a receiver on 127.0.0.1 in this process gets the exact JSON
of a new incident and the test payload; a receiver that fails twice gets three attempts; one that hangs or is down
never slows the trigger's answer, and every failed attempt is listed in /_mock/webhooks."""
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from conftest import AUTH_TOKEN


class Receiver:
    """A small HTTP server on 127.0.0.1:0 that records every POST and answers from `statuses` (the last repeats),
    each after `hold` seconds unless released."""

    def __init__(self, statuses=(200,), hold=0.0):
        self.requests = []
        self.released = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                receiver.released.wait(hold)
                status = statuses[min(len(receiver.requests) - 1, len(statuses) - 1)]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def create_token(base_url, memo="webhook test"):
    reply = requests.post(f"{base_url}/api/v1/canarytoken/create", params={"auth_token": AUTH_TOKEN},
                          data={"memo": memo, "kind": "http"})
    assert reply.status_code == 200, reply.text
    return reply.json()["canarytoken"]["canarytoken"]


def trigger(base_url, token, ip):
    started = time.monotonic()
    reply = requests.post(f"{base_url}/_mock/trigger", data={
        "canarytoken": token, "src_ip": ip, "headers": json.dumps({"Accept": "*/*", "User-Agent": "pytest"})})
    assert reply.status_code == 200, reply.text
    return reply.json()["incident"], time.monotonic() - started


def deliveries(base_url):
    return requests.get(f"{base_url}/_mock/webhooks").json()["deliveries"]


def test_a_new_incident_posts_the_exact_generic_json(start_server):
    receiver = Receiver()
    try:
        server = start_server(config={"webhooks": [{"url": receiver.url, "headers": {"X-Receiver-Token": "s3cret"}}]})
        token = create_token(server.base_url, "wiki page")
        incident, _ = trigger(server.base_url, token, "203.0.113.7")
        assert wait_for(lambda: len(receiver.requests) == 1, 5)
        request = receiver.requests[0]
        assert request["path"] == "/hook"
        assert request["headers"]["Content-Type"] == "application/json"
        assert request["headers"]["X-Receiver-Token"] == "s3cret"
        body = json.loads(request["body"])
        assert body == {
            "AlertType": "CanarytokenIncident",
            "Description": "Web Bug Canarytoken triggered",
            "Timestamp": body["Timestamp"],
            "Reminder": "wiki page",
            "Token": token,
            "SourceIP": "203.0.113.7",
            "IncidentHash": body["IncidentHash"],
            "Intro": "A Web Bug Canarytoken was triggered by '203.0.113.7'.",
            "AdditionalDetails": [
                ["Accept", "*/*"],
                ["Background Context", "You have had 0 incidents from 203.0.113.7 previously."],
                ["Dst Port", 80],
                ["User-Agent", "pytest"],
            ],
            "Triggered": "1",
            "LogType": "17000",
            "MatchedAnnotations": "{}",
        }
        assert len(body["IncidentHash"]) == 32
        assert body["Timestamp"].endswith(" (UTC)")
        # incident/fetch shows the same time the body names.
        assert body["Timestamp"].replace(" (UTC)", "") == incident["created_std"].replace(" UTC+0000", "")
        listed = requests.get(f"{server.base_url}/_mock/webhooks")
        assert "s3cret" not in listed.text
        assert [(d["attempt"], d["status"], d["error"]) for d in listed.json()["deliveries"]] == [(1, 200, None)]
        assert listed.json()["deliveries"][0]["body"] == body
    finally:
        receiver.stop()


def test_added_webhooks_receive_the_test_payload_and_a_reset_forgets_them(base_url):
    receiver = Receiver()
    try:
        added = requests.post(f"{base_url}/api/v1/settings/generic/add", params={"auth_token": AUTH_TOKEN},
                              data={"url": receiver.url, "headers": json.dumps({"X-Token": "hidden"})})
        assert added.json() == {"result": "success", "webhook": receiver.url}
        listed = requests.get(f"{base_url}/api/v1/settings/generic/list", params={"auth_token": AUTH_TOKEN}).json()
        assert listed == {"generic_webhooks": [{"header_names": ["X-Token"], "url": receiver.url,
                                                "webhook_id": "webhook:1"}],
                          "result": "success", "webhooks_enabled": True}
        tested = requests.post(f"{base_url}/api/v1/settings/generic/test", params={"auth_token": AUTH_TOKEN})
        assert tested.json() == {"result": "success"}
        assert wait_for(lambda: len(receiver.requests) == 1, 5)
        body = json.loads(receiver.requests[0]["body"])
        assert body["AlertType"] == "CanaryIncident" and body["LogType"] == 111111
        assert body["AdditionalDetails"] == [["Field1", "VALUE1"], ["Field2", "VALUE2"], ["Field3", "VALUE3"]]
        assert requests.post(f"{base_url}/_mock/reset").status_code == 200
        listed = requests.get(f"{base_url}/api/v1/settings/generic/list", params={"auth_token": AUTH_TOKEN}).json()
        assert listed["generic_webhooks"] == []
    finally:
        receiver.stop()


def test_a_receiver_that_fails_twice_gets_three_attempts(start_server):
    receiver = Receiver(statuses=(500, 502, 200))
    try:
        server = start_server(config={"webhooks": [{"url": receiver.url}]})
        trigger(server.base_url, create_token(server.base_url), "198.51.100.4")
        assert wait_for(lambda: len(deliveries(server.base_url)) == 3, 8)
        listed = deliveries(server.base_url)
        assert [(d["attempt"], d["status"]) for d in listed] == [(1, 500), (2, 502), (3, 200)]
        assert len(receiver.requests) == 3
    finally:
        receiver.stop()


def test_a_hanging_or_down_receiver_never_slows_the_trigger(start_server):
    receiver = Receiver(hold=5)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        down_port = probe.getsockname()[1]
    try:
        server = start_server(config={"webhooks": [{"url": receiver.url},
                                                   {"url": f"http://127.0.0.1:{down_port}/hook"}]})
        token = create_token(server.base_url)
        for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
            _, seconds = trigger(server.base_url, token, ip)
            assert seconds < 1, seconds
        assert wait_for(lambda: any(d["error"] == "timed out after 2 s" for d in deliveries(server.base_url)), 6)
        listed = deliveries(server.base_url)
        assert all(d["status"] is None for d in listed)
    finally:
        receiver.stop()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_flood_of_incidents_to_a_hanging_receiver_keeps_memory_bounded(start_server):
    # 4,000 new incidents (window 0: every trigger opens one) against a receiver that never answers: the queue holds
    # at most 1,000 bodies, the rest are counted as dropped, and the server's memory stays flat.
    receiver = Receiver(hold=30)
    try:
        server = start_server(config={"webhooks": [{"url": receiver.url}], "incident_window_seconds": 0})
        token = create_token(server.base_url)
        session = requests.Session()

        def flood(count, offset):
            for n in range(count):
                reply = session.post(f"{server.base_url}/_mock/trigger", data={
                    "canarytoken": token, "src_ip": f"10.9.{(offset + n) // 250}.{(offset + n) % 250 + 1}"})
                assert reply.status_code == 200 and reply.json()["incident"] is not None

        flood(1500, 0)
        after_first = rss_kib(server.pid)
        flood(2500, 1500)
        after_second = rss_kib(server.pid)
        listing = requests.get(f"{server.base_url}/_mock/webhooks").json()
        assert listing["pending"] <= 1000
        assert listing["queue_overflow"] >= 4000 - 1000 - 5  # the sender holds at most a few bodies in flight
        assert listing["pending"] + listing["queue_overflow"] + len(listing["deliveries"]) >= 3995
        # 2,500 more incidents may grow the store's page cache a little, not the queue: well under 1 KiB each.
        assert after_second - after_first < 2500, (after_first, after_second)
    finally:
        receiver.stop()
