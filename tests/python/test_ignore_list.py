"""The ignore list through the official Python client `canarytools` 1.2.3 against the real canary-mock binary
(docs/api.md §7.6): `console.settings.whitelist_ip_port` adds a source, `console.settings.is_ip_whitelisted` reads
the `is_ip_whitelisted` attribute back, and a hit from an ignored source, by the control channel or the token's own
URL, makes no incident; `/_mock/reset` clears the list.
"""

import pytest
import requests

from canarytools.exceptions import ConsoleError

from conftest import AUTH_TOKEN

KEY = {"auth_token": AUTH_TOKEN}
TIMEOUT = 60


def create_token(base_url):
    reply = requests.post(f"{base_url}/api/v1/canarytoken/create",
                          data={**KEY, "kind": "http", "memo": "ignore list test"}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    return reply.json()["canarytoken"]["canarytoken"], reply.json()["canarytoken"]["url"]


def trigger(base_url, token_id, src_ip, **fields):
    reply = requests.post(f"{base_url}/_mock/trigger", data={"canarytoken": token_id, "src_ip": src_ip, **fields},
                          timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    return reply.json()["incident"]


def all_incidents(base_url):
    reply = requests.get(f"{base_url}/api/v1/incidents/all", params=KEY, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    return reply.json()["incidents"]


def test_whitelist_and_check(console, server):
    assert console.settings.is_ip_whitelisted(src_ip="10.0.0.2") is False
    result = console.settings.whitelist_ip_port(src_ip="10.0.0.2")
    assert result.message == "Whitelist added"
    assert result.result == "success"
    assert console.settings.is_ip_whitelisted(src_ip="10.0.0.2") is True
    assert console.settings.is_ip_whitelisted(src_ip="10.0.0.3") is False
    # A port entry: the client sends dst_port as a string, and drops it when None.
    console.settings.whitelist_ip_port(src_ip="10.0.0.4", dst_port="5000")
    assert console.settings.is_ip_whitelisted(src_ip="10.0.0.4") is False
    reply = requests.get(f"{server.base_url}/api/v1/settings/is_ip_ignored",
                         params={**KEY, "src_ip": "10.0.0.4", "dst_port": "5000"}, timeout=TIMEOUT)
    assert reply.json() == {"is_ip_ignored": True, "is_ip_whitelisted": True, "is_whitelist_enabled": True,
                            "result": "success"}
    settings = requests.get(f"{server.base_url}/api/v1/settings", params=KEY, timeout=TIMEOUT).json()
    assert settings["whitelist_ips"] == "10.0.0.2"
    assert settings["whitelist_src_port_ips"] == "10.0.0.4:5000"
    assert settings["console_domain"] == "canarytokens.localhost"
    assert AUTH_TOKEN not in str(settings)


def test_bad_address_is_an_error(console):
    with pytest.raises(ConsoleError):
        console.settings.whitelist_ip_port(src_ip="not-an-ip")


def test_ignored_source_makes_no_incident(console, server):
    token_id, url = create_token(server.base_url)
    console.settings.whitelist_ip_port(src_ip="10.0.0.9")
    assert trigger(server.base_url, token_id, "10.0.0.9") is None
    assert all_incidents(server.base_url) == []
    # The token URL from this machine: 127.0.0.1 ignored, then the hit records nothing.
    console.settings.whitelist_ip_port(src_ip="127.0.0.1")
    path = url.split("canarytokens.localhost", 1)[1]
    hit = requests.get(f"{server.base_url}{path}", timeout=TIMEOUT)
    assert hit.status_code == 200
    assert all_incidents(server.base_url) == []
    # Another source alerts.
    assert trigger(server.base_url, token_id, "10.0.0.10")["src_host"] == "10.0.0.10"
    assert [i["description"]["src_host"] for i in all_incidents(server.base_url)] == ["10.0.0.10"]


def test_reset_clears_the_list(console, server):
    console.settings.whitelist_ip_port(src_ip="10.0.0.9")
    assert console.settings.is_ip_whitelisted(src_ip="10.0.0.9") is True
    assert requests.post(f"{server.base_url}/_mock/reset", timeout=TIMEOUT).status_code == 200
    assert console.settings.is_ip_whitelisted(src_ip="10.0.0.9") is False
    token_id, _ = create_token(server.base_url)
    assert trigger(server.base_url, token_id, "10.0.0.9")["src_host"] == "10.0.0.9"
