"""Bird incidents through the official Python client `canarytools` 1.2.3 against the real canary-mock binary
(docs/bird-incidents.md): a bird made by `POST /_mock/devices` alerts through `POST /_mock/alert`; the client lists the
incident with the class its summary maps to, acknowledges it with `incident.acknowledge()`, and then sees it
acknowledged; a dying bird's incident is a `Canary Disconnected` one; an ignored source makes no incident; a webhook
receiver on 127.0.0.1 gets a bird incident's body exactly, in the Console's documented key order.

The birds come from `POST /_mock/devices` (docs/birds.md). The README's "Bird alerts" commands are run as written.
"""

import json

import requests

from conftest import AUTH_TOKEN, run_readme_block
from test_webhooks import Receiver, wait_for

KEY = {"auth_token": AUTH_TOKEN}
TIMEOUT = 60
NODE_ID = "000123456789abcd"


def add_bird(base_url, node_id=NODE_ID, name="canary", ip_address="192.168.1.2", live=True):
    reply = requests.post(f"{base_url}/_mock/devices", json={
        "node_id": node_id, "name": name, "ip_address": ip_address, "location": "Server room A", "live": live,
    }, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    assert reply.json()["result"] == "success"
    return reply.json()["device"]


def alert(base_url, **fields):
    reply = requests.post(f"{base_url}/_mock/alert", json=fields, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    assert reply.json()["result"] == "success"
    return reply.json()["incident"]


def test_bird_incident_listed_and_acknowledged_through_the_client(console, server):
    add_bird(server.base_url)
    made = alert(server.base_url, node_id=NODE_ID, logtype="4002", src_ip="203.0.113.7", src_port=53804,
                 extra={"USERNAME": "azureuser", "PASSWORD": "test"})
    assert made["id"].startswith("incident:sshlogin:")
    assert made["id"].endswith(":203.0.113.7:" + made["created"])
    assert made["name"] == "canary" and made["dst_host"] == "192.168.1.2" and made["dst_port"] == "22"
    assert made["src_port"] == "53804" and "memo" not in made

    incidents = console.incidents.unacknowledged()
    assert len(incidents) == 1
    incident = incidents[0]
    assert type(incident).__name__ == "IncidentSSHLogin"
    assert incident.summary == "SSH Login Attempt"
    assert incident.id == made["id"]
    assert incident.node_id == NODE_ID
    assert incident.src_host == "203.0.113.7"
    assert incident.logtype == "4002"
    assert incident.acknowledged is False
    # The client lowercases event keys.
    assert [(event.username, event.password) for event in incident.events] == [("azureuser", "test")]
    # The bird's node_id filters the feed.
    assert [i.id for i in console.incidents.unacknowledged(node_id=NODE_ID)] == [made["id"]]

    incident.acknowledge()
    assert incident.acknowledged is True
    assert console.incidents.unacknowledged() == []
    acknowledged = console.incidents.acknowledged()
    assert [(type(i).__name__, i.id, i.acknowledged) for i in acknowledged] == [("IncidentSSHLogin", made["id"], True)]


def test_dying_bird_makes_a_disconnected_incident(console, server):
    add_bird(server.base_url)
    reply = requests.post(f"{server.base_url}/_mock/devices/{NODE_ID}", json={"live": False}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    incidents = console.incidents.unacknowledged()
    assert [(type(i).__name__, i.summary, i.logtype, i.src_host, i.dst_port) for i in incidents] == [
        ("IncidentDeviceDied", "Canary Disconnected", "1004", "", "-1")]
    assert incidents[0].id.startswith("incident:devicedied:") and "::" in incidents[0].id
    # A dead bird's alert is refused.
    refused = requests.post(f"{server.base_url}/_mock/alert", json={"node_id": NODE_ID, "logtype": "4002"},
                            timeout=TIMEOUT)
    assert refused.status_code == 400
    assert refused.json() == {"message": f"bird {NODE_ID} is dead", "result": "error"}


def test_ignored_source_makes_no_bird_incident(console, server):
    add_bird(server.base_url)
    console.settings.whitelist_ip_port(src_ip="10.0.0.9")
    assert alert(server.base_url, node_id=NODE_ID, logtype="2000", src_ip="10.0.0.9") is None
    assert console.incidents.all() == []
    # Another source alerts.
    assert alert(server.base_url, node_id=NODE_ID, logtype="2000", src_ip="10.0.0.10")["src_host"] == "10.0.0.10"
    assert [type(i).__name__ for i in console.incidents.all()] == ["IncidentFTPLogin"]


def test_unknown_bird_and_logtype(server):
    add_bird(server.base_url)
    unknown = requests.post(f"{server.base_url}/_mock/alert", json={"node_id": "ffffffffffffffff", "logtype": "4002"},
                            timeout=TIMEOUT)
    assert unknown.status_code == 404
    assert unknown.json() == {"message": "Device not found", "result": "error"}
    bad = requests.post(f"{server.base_url}/_mock/alert", json={"node_id": NODE_ID, "logtype": "9999"},
                        timeout=TIMEOUT)
    assert bad.status_code == 400
    assert "logtype 9999" in bad.json()["message"]
    assert requests.get(f"{server.base_url}/api/v1/incidents/all", params=KEY, timeout=TIMEOUT).json()[
        "incidents"] == []


def test_readme_example(server):
    """The README's Bird alerts commands, run as written against the server with its bird: an SSH alert, then the
    bird's unacknowledged feed."""
    add_bird(server.base_url, node_id="00000000f9495cec", name="ExampleBird")
    answers = run_readme_block("**Bird alerts.**", server.base_url, timeout=TIMEOUT)
    assert len(answers) == 2
    incident = answers[0]["incident"]
    assert incident["id"].startswith("incident:sshlogin:") and incident["src_host"] == "203.0.113.7"
    assert incident["events"][0]["USERNAME"] == "root" and incident["name"] == "ExampleBird"
    assert [item["id"] for item in answers[1]["incidents"]] == [incident["id"]]
    assert answers[1]["incidents"][0]["summary"] == "SSH Login Attempt"


def test_webhook_body_of_a_bird_incident(start_server):
    """The documented FTP example's shape, byte for byte as the receiver gets it: key order, masked password,
    Background Context last (one earlier incident from the source)."""
    receiver = Receiver()
    try:
        server = start_server(config={"webhooks": [{"url": receiver.url}]})
        add_bird(server.base_url)
        alert(server.base_url, node_id=NODE_ID, logtype="4002", src_ip="192.168.1.1")
        made = alert(server.base_url, node_id=NODE_ID, logtype="2000", src_ip="192.168.1.1",
                     extra={"USERNAME": "username", "PASSWORD": "s3cret-password"})
        assert wait_for(lambda: len(receiver.requests) == 2, 5)
        fetched = requests.get(f"{server.base_url}/api/v1/incidents/all", params=KEY, timeout=TIMEOUT).json()
        hash_id = next(item["hash_id"] for item in fetched["incidents"] if item["id"] == made["id"])
        ftp = next(request for request in receiver.requests if b"FTP Login Attempt" in request["body"])
        assert ftp["headers"]["Content-Type"] == "application/json"
        body = json.loads(ftp["body"])
        assert list(body) == [
            "Description", "Timestamp", "CanaryName", "CanaryID", "CanaryIP", "SourceIP", "CanaryLocation",
            "ReverseDNS", "CanaryPort", "IncidentHash", "Intro", "AdditionalDetails", "AlertType", "LogType",
            "MatchedAnnotations"]
        assert body == {
            "Description": "FTP Login Attempt",
            "Timestamp": body["Timestamp"],
            "CanaryName": "canary",
            "CanaryID": NODE_ID,
            "CanaryIP": "192.168.1.2",
            "SourceIP": "192.168.1.1",
            "CanaryLocation": "Server room A",
            "ReverseDNS": "",
            "CanaryPort": 21,
            "IncidentHash": hash_id,
            "Intro": "FTP Login Attempt has been detected against one of your Canaries (canary) at 192.168.1.2.",
            "AdditionalDetails": [
                ["Username", "username"],
                ["Password", "*******"],
                ["Background Context", "You have had 1 incidents from 192.168.1.1 previously."],
            ],
            "AlertType": "CanaryIncident",
            "LogType": "2000",
            "MatchedAnnotations": "{}",
        }
        assert body["Timestamp"].endswith(" (UTC)") and len(body["Timestamp"]) == len("2026-02-02 14:19:02 (UTC)")
        # Printed as the mock prints JSON, indent 2, in that order.
        assert ftp["body"].decode() == json.dumps(body, indent=2)
        assert b"s3cret-password" not in ftp["body"]
        assert "s3cret-password" not in requests.get(f"{server.base_url}/_mock/webhooks", timeout=TIMEOUT).text
    finally:
        receiver.stop()
