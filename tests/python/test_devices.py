"""Birds through the official Python client `canarytools` 1.2.3 against the real canary-mock binary (docs/birds.md):
`console.devices.all()`, `live()` and `dead()` (each one `devices/<feed>` call, then one `device/getinfo` per bird) and
`get_device(node_id)`, with every attribute the client derives from the raw record checked. Birds come from the
config file, the seed file and `POST /_mock/devices`; `POST /_mock/devices/<node_id>` moves them between the feeds.
"""

import datetime

import pytest
import requests

from canarytools.exceptions import DeviceNotFoundError

from conftest import client_console, run_readme_block

TIMEOUT = 60
# 2020-04-06 08:21:55 UTC, the clock every bird here is made at.
NOW = 1586161315
UTC = datetime.timezone.utc
CONFIG_NODE = "00000000c0ffee00"
SEED_NODE = "000000005eed0001"
ADDED_NODE = "00000000f9495cec"
INCIDENT_KEY = f"incident:disconnect:{'ab' * 12}::{NOW - 600}"


@pytest.fixture
def birds(start_server, tmp_path):
    """A server with one bird from the config file (dead), one from the seed file (with an unacknowledged
    incident) and, at NOW, one added through POST /_mock/devices. Returns (server, console)."""
    seed = tmp_path / "seed.json"
    seed.write_text(
        '{"devices": [{"node_id": "%s", "name": "SeedBird", "description": "Seeded", "location": "Lab 2",'
        ' "ip_address": "10.9.8.7", "first_seen": %d, "device_id_hash": "%s", "ippers": "win2012"}],'
        ' "incidents": [{"id": "%s", "description": {"node_id": "%s", "created": "%d", "logtype": "1004",'
        ' "description": "Canary Disconnected", "acknowledged": "False", "flock_id": "flock:default"}}]}'
        % (SEED_NODE, NOW - 86400 * 3, "5eed" * 6, INCIDENT_KEY, SEED_NODE, NOW - 600))
    server = start_server(config={
        "seed": str(seed),
        "devices": [{"node_id": CONFIG_NODE, "name": "ConfigBird", "location": "Basement", "live": False,
                     "ip_address": "172.16.0.9", "netmask": "16"}],
    })
    post(server, "/_mock/clock", {"now": str(NOW)})
    reply = post(server, "/_mock/devices", {
        "node_id": ADDED_NODE, "device_id_hash": "3e17336e68a21e426385b32a", "name": "ExampleBird",
        "description": "SVR Room", "location": "SVR Room", "ip_address": "192.168.1.2", "first_seen": str(NOW - 1000),
        "service_count": "9", "version": "3.1.0",
    })
    assert reply["device"]["id"] == ADDED_NODE and reply["device"]["live"] is True
    return server, client_console(server)


def post(server, path, data):
    reply = requests.post(server.base_url + path, data=data, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_all_live_dead(birds):
    server, console = birds
    everything = console.devices.all()
    assert [device.id for device in everything] == [CONFIG_NODE, SEED_NODE, ADDED_NODE]
    assert [device.name for device in everything] == ["ConfigBird", "SeedBird", "ExampleBird"]
    # The raw record's live is the string the Console sends (docs/birds.md): the client keeps it as it is.
    assert [device.live for device in everything] == ["False", "True", "True"]
    assert [device.id for device in console.devices.live()] == [SEED_NODE, ADDED_NODE]
    assert [device.id for device in console.devices.dead()] == [CONFIG_NODE]

    post(server, f"/_mock/devices/{ADDED_NODE}", {"live": "false"})
    post(server, f"/_mock/devices/{CONFIG_NODE}", {"live": "true"})
    assert [device.id for device in console.devices.live()] == [CONFIG_NODE, SEED_NODE]
    assert [device.id for device in console.devices.dead()] == [ADDED_NODE]
    back = console.devices.get_device(CONFIG_NODE)
    assert back.live == "True" and back.reconnect_count == 1 and back.uptime == 0


def test_get_device_attributes(birds):
    _, console = birds
    device = console.devices.get_device(ADDED_NODE)
    assert device.id == ADDED_NODE and device.node_id == ADDED_NODE
    assert device.name == "ExampleBird" and device.description == "SVR Room" and device.location == "SVR Room"
    assert device.ip_address == "192.168.1.2" and device.ippers == "linux" and device.sensor == "thinkstcanary"
    assert device.mac_address == "00:00:00:49:5c:ec" and device.netmask == "24" and device.subnet == "192.168.1.0/24"
    assert device.device_id_hash == "3e17336e68a21e426385b32a" and device.device_version == "3.1.0"
    assert device.flock_id == "flock:default" and device.live == "True"
    # The client's conversions: ints, bools from "True"/"False", datetimes from the *_std fields.
    assert device.service_count == 9 and device.reconnect_count == 0 and device.uptime == 0
    assert device.ghost is False and device.need_reboot is False and device.notify_after_horizon_reconnect is False
    assert device.ignore_notifications_general is False and device.ignore_notifications_disconnect is False
    assert device.first_seen == datetime.datetime(2020, 4, 6, 8, 5, 15, tzinfo=UTC)
    assert device.last_seen == datetime.datetime(2020, 4, 6, 8, 21, 55, tzinfo=UTC)
    assert device.first_seen_age == "16 minutes" and device.uptime_age == "0 seconds"
    assert device.last_heartbeat_age == "0 seconds" and device.local_time == "2020-04-06 08:21:55"
    assert device.unacknowleged_incidents == []
    assert str(device) == "[Device] name: ExampleBird; ip: 192.168.1.2; location: SVR Room; live: True"


def test_get_device_from_seed_and_config(birds):
    server, console = birds
    seeded = console.devices.get_device(SEED_NODE)
    assert seeded.name == "SeedBird" and seeded.location == "Lab 2" and seeded.ippers == "win2012"
    assert seeded.device_id_hash == "5eed" * 6 and seeded.first_seen_age == "3 days"
    # The misspelt key lists the bird's unacknowledged incident; the client looks it up in incidents/unacknowledged.
    assert [incident.id for incident in seeded.unacknowleged_incidents] == [INCIDENT_KEY]
    configured = console.devices.get_device(CONFIG_NODE)
    assert configured.name == "ConfigBird" and configured.location == "Basement" and configured.live == "False"
    assert configured.subnet == "172.16.0.0/16" and configured.unacknowleged_incidents == []
    # The clock moves ages: a week later the live birds' uptime is a week, the dead one's does not move.
    post(server, "/_mock/clock", {"advance": str(7 * 86400)})
    assert console.devices.get_device(ADDED_NODE).uptime_age == "1 week"
    assert console.devices.get_device(CONFIG_NODE).uptime == 0


def test_settings_and_unknown_bird(birds):
    _, console = birds
    device = console.devices.get_device(ADDED_NODE)
    settings = device.settings()
    assert getattr(settings, "device.name") == "ExampleBird"
    assert getattr(settings, "device.netmask") == "255.255.255.0"
    with pytest.raises(DeviceNotFoundError):
        console.devices.get_device("0000000000000001")


def test_readme_example(server):
    """The README's Birds commands, run as written against the server: add a bird, take it down, list the dead
    birds, read its raw record."""
    answers = run_readme_block("**Birds.**", server.base_url, timeout=TIMEOUT)
    assert len(answers) == 4
    assert answers[0]["device"]["id"] == ADDED_NODE and answers[0]["device"]["live"] is True
    assert answers[1]["device"]["live"] is False
    assert [device["id"] for device in answers[2]["devices"]] == [ADDED_NODE] and answers[2]["feed"] == "Dead Devices"
    assert answers[3]["device"]["live"] == "False" and answers[3]["device"]["ip_address"] == "192.168.1.2"
