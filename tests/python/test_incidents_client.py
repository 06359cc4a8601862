"""The official client `canarytools` 1.2.3 against the real binary: every incidents method it has.

`console.incidents.unacknowledged()`, `acknowledged()`, `all()` (with `node_id`, `event_limit`, `newer_than`),
`get_incident()`, the object's `acknowledge()`, `unacknowledge()`, `delete()` and `refresh()`, and the bulk
`incidents.acknowledge()`, `unacknowledge()`, `delete()` (with `node_id`, `src_host`, `older_than`). Incidents are
made by `POST /_mock/trigger` with the console's clock set (`/_mock/clock`), so every time field has one right value.
Each test asserts the client's own objects (the classes and attributes its parser makes) and then what the API
shows afterwards, read with plain `requests`.

What the client does with the JSON (canarytools/models/incidents.py): a feed item is dispatched on `summary`, a
fetched incident on `description` (so that must be the text "Canarytoken triggered" in the flat form); only a fixed
list of keys becomes attributes; the `description` object is flattened; `acknowledged` becomes `value == 'True'`;
`created_std`/`updated_std` are parsed with "%Y-%m-%d %H:%M:%S %Z%z"; events become `Event` objects whose
`timestamp_std` is parsed into `timestamp` (the integer `timestamp` is dropped).
"""

import datetime

import pytest
import pytz
import requests

from canarytools.exceptions import IncidentError, IncidentNotFoundError, InvalidParameterError
from canarytools.models.incidents import Event, IncidentCanarytokenTriggered
from canarytools.models.result import Result

from conftest import AUTH_TOKEN, client_console
from incidentlib import (DESCRIPTION, INCIDENT_KEY, TIMEOUT, api, check_item, create_token, feed, fetch_token, ok,
                         set_clock, trigger)

T0 = 1720684212  # 2024-07-11 07:50:12 UTC
UTC = datetime.timezone.utc


def at(seconds):
    return datetime.datetime.fromtimestamp(seconds, UTC)


def by_id(incidents):
    return {incident.id: incident for incident in incidents}


def state_of(base_url):
    """{incident id: (acknowledged, updated_id)} from GET incidents/all, the API's view."""
    body = feed(base_url, "all")
    return {item["id"]: (item["description"]["acknowledged"], item["updated_id"]) for item in body["incidents"]}


def check_client_incident(incident, token, src_host, events, created, updated=None, acknowledged=False, fetched=False):
    """The attributes canarytools makes from one Canarytoken incident."""
    assert type(incident) is IncidentCanarytokenTriggered, type(incident)
    assert INCIDENT_KEY.match(incident.id), incident.id
    assert incident.id.endswith(f":{src_host}:{created}"), incident.id
    assert incident.description == DESCRIPTION
    if not fetched:
        assert incident.summary == DESCRIPTION
    assert incident.acknowledged is acknowledged
    assert incident.node_id == token["canarytoken"]
    assert incident.src_host == src_host
    assert incident.src_port == "0"
    assert incident.dst_port == "80"
    assert incident.logtype == "17000"
    assert incident.flock_id == "flock:default"
    assert incident.created_std == at(created)
    if updated is not None:
        assert incident.updated_std == at(updated)
    assert len(incident.events) == len(events)
    for event, when in zip(incident.events, events):
        assert type(event) is Event
        assert event.canarytoken == token["canarytoken"]
        assert event.src_host == src_host
        assert event.type == "http"
        assert event.dst_port == 80
        assert event.timestamp == at(when)
    # The client's to_dict() works on it (it re-serialises the events' datetimes).
    as_dict = incident.to_dict()
    assert as_dict["id"] == incident.id and len(as_dict["events"]) == len(events)


# ---------------------------------------------------------------------------------------------------------------------
# The three feeds

def test_feeds_are_empty_lists_on_a_fresh_console(console, base_url):
    assert console.incidents.unacknowledged() == []
    assert console.incidents.acknowledged() == []
    assert console.incidents.all() == []
    for which in ("unacknowledged", "acknowledged", "all"):
        assert feed(base_url, which)["incidents"] == []


def test_feed_items_become_client_objects_with_every_field(console, base_url):
    set_clock(base_url, T0)
    token = create_token(base_url, memo="client feed")
    first = trigger(base_url, token["canarytoken"], src_ip="10.0.0.1",
                    headers='{"Accept": "*/*", "X-Probe": "one"}', user_agent="probe/1.0")
    assert first["id"].endswith(f":10.0.0.1:{T0}")
    # Two more events from the same source within the window join the same incident.
    set_clock(base_url, T0 + 10)
    again = trigger(base_url, token["canarytoken"], src_ip="10.0.0.1")
    set_clock(base_url, T0 + 20)
    again = trigger(base_url, token["canarytoken"], src_ip="10.0.0.1")
    assert again["id"] == first["id"] and again["events_count"] == "3"
    set_clock(base_url, T0 + 30)
    other = trigger(base_url, token["canarytoken"], src_ip="10.0.0.2")
    assert other["id"] != first["id"]

    for incidents in (console.incidents.unacknowledged(), console.incidents.all()):
        assert [incident.id for incident in incidents] == [first["id"], other["id"]]
        check_client_incident(incidents[0], token, "10.0.0.1", [T0, T0 + 10, T0 + 20], T0, updated=T0 + 20)
        check_client_incident(incidents[1], token, "10.0.0.2", [T0 + 30], T0 + 30, updated=T0 + 30)
        headers = incidents[0].events[0].headers
        assert headers["Accept"] == "*/*" and headers["X-Probe"] == "one", headers
    assert console.incidents.acknowledged() == []

    # The same feed at the wire level, for the fields the client drops.
    body = feed(base_url, "unacknowledged")
    for item in body["incidents"]:
        check_item(item)
    assert [item["description"]["events_count"] for item in body["incidents"]] == ["3", "1"]
    assert body["incidents"][0]["description"]["events_list"] == f"{T0},{T0 + 10},{T0 + 20}"
    assert body["incidents"][0]["description"]["memo"] == "client feed"
    assert body["incidents"][0]["description"]["flock_name"] == "Default Flock"

    # Four events in all: the token's triggered_count.
    assert fetch_token(base_url, token["canarytoken"])["triggered_count"] == 4


def test_trigger_answer_is_the_fetched_incident(console, base_url):
    set_clock(base_url, T0)
    token = create_token(base_url)
    answered = trigger(base_url, token["canarytoken"], src_ip="10.1.2.3", count="3")
    fetched = ok(requests.get(api(base_url, "incident/fetch"),
                              params={"auth_token": AUTH_TOKEN, "incident": answered["id"]}, timeout=TIMEOUT))
    assert set(fetched) == {"incident", "result"}
    assert fetched["incident"] == answered
    assert answered["description"] == DESCRIPTION
    assert answered["events_count"] == "3" and len(answered["events"]) == 3
    assert answered["acknowledged"] == "False"
    assert answered["src_host"] == "10.1.2.3" and answered["node_id"] == token["canarytoken"]

    incident = console.incidents.get_incident(answered["id"])
    check_client_incident(incident, token, "10.1.2.3", [T0, T0, T0], T0, fetched=True)


def test_get_incident_by_id_and_by_hash_id_and_unknown(console, base_url):
    set_clock(base_url, T0)
    token = create_token(base_url)
    answered = trigger(base_url, token["canarytoken"], src_ip="10.9.9.9")
    incident = console.incidents.get_incident(answered["id"])
    assert incident.id == answered["id"] and incident.acknowledged is False
    hash_id = feed(base_url, "all")["incidents"][0]["hash_id"]
    by_hash = ok(requests.get(api(base_url, "incident/fetch"), params={"auth_token": AUTH_TOKEN, "hash_id": hash_id},
                              timeout=TIMEOUT))
    assert by_hash["incident"]["id"] == answered["id"]

    with pytest.raises(IncidentNotFoundError):
        console.incidents.get_incident("incident:canarytoken:000000000000000000000000:10.0.0.1:1")


# ---------------------------------------------------------------------------------------------------------------------
# One incident: acknowledge, unacknowledge, delete

def test_acknowledge_and_unacknowledge_through_the_object(console, base_url):
    set_clock(base_url, T0)
    token = create_token(base_url)
    one = trigger(base_url, token["canarytoken"], src_ip="10.0.0.1")
    two = trigger(base_url, token["canarytoken"], src_ip="10.0.0.2")
    before = state_of(base_url)

    incident = by_id(console.incidents.unacknowledged())[one["id"]]
    result = incident.acknowledge()
    assert type(result) is Result
    assert (result.action, result.key, result.result) == ("acknowledged", one["id"], "success")
    assert incident.acknowledged is True  # refreshed through incident/fetch by the client
    assert [i.id for i in console.incidents.unacknowledged()] == [two["id"]]
    assert [i.id for i in console.incidents.acknowledged()] == [one["id"]]
    assert console.incidents.acknowledged()[0].acknowledged is True

    after = state_of(base_url)
    assert after[one["id"]][0] == "True" and after[two["id"]] == before[two["id"]]
    # Acknowledging is a change: the incident takes a higher updated_id than anything before.
    assert after[one["id"]][1] > max(updated for _, updated in before.values())

    result = incident.unacknowledge()
    assert (result.action, result.key, result.result) == ("unacknowledged", one["id"], "success")
    assert incident.acknowledged is False
    assert sorted(i.id for i in console.incidents.unacknowledged()) == sorted([one["id"], two["id"]])
    assert console.incidents.acknowledged() == []
    final = state_of(base_url)
    assert final[one["id"]][0] == "False" and final[one["id"]][1] > after[one["id"]][1]


def test_delete_through_the_object(console, base_url):
    set_clock(base_url, T0)
    token = create_token(base_url)
    one = trigger(base_url, token["canarytoken"], src_ip="10.0.0.1")
    two = trigger(base_url, token["canarytoken"], src_ip="10.0.0.2")
    incident = console.incidents.get_incident(one["id"])

    # The client itself refuses to delete an unacknowledged incident; nothing changed on the server.
    with pytest.raises(IncidentError):
        incident.delete()
    assert set(state_of(base_url)) == {one["id"], two["id"]}

    incident.acknowledge()
    result = incident.delete()
    assert (result.action, result.key, result.result) == ("deleted", one["id"], "success")
    assert [i.id for i in console.incidents.all()] == [two["id"]]
    with pytest.raises(IncidentNotFoundError):
        console.incidents.get_incident(one["id"])
    # A second delete of the same incident: the object still says acknowledged, the server no longer has it.
    with pytest.raises(IncidentNotFoundError):
        incident.delete()
    # The token's count of events does not go down with its incidents.
    assert fetch_token(base_url, token["canarytoken"])["triggered_count"] == 2


# ---------------------------------------------------------------------------------------------------------------------
# Bulk

def three_incidents(base_url):
    """Token A with incidents from 10.0.0.1 and 10.0.0.2, token B with one from 10.0.0.1."""
    a = create_token(base_url, memo="token A")
    b = create_token(base_url, memo="token B")
    a1 = trigger(base_url, a["canarytoken"], src_ip="10.0.0.1")["id"]
    a2 = trigger(base_url, a["canarytoken"], src_ip="10.0.0.2")["id"]
    b1 = trigger(base_url, b["canarytoken"], src_ip="10.0.0.1")["id"]
    return a, b, a1, a2, b1


def test_bulk_acknowledge_without_arguments_is_every_incident(console, base_url):
    set_clock(base_url, T0)
    _, _, a1, a2, b1 = three_incidents(base_url)
    result = console.incidents.acknowledge()
    assert type(result) is Result
    assert result.action == "acknowledged" and result.result == "success"
    assert sorted(result.keys) == sorted([a1, a2, b1])
    assert console.incidents.unacknowledged() == []
    assert sorted(i.id for i in console.incidents.acknowledged()) == sorted([a1, a2, b1])
    assert all(i.acknowledged is True for i in console.incidents.all())

    # Again: nothing is left to acknowledge.
    assert console.incidents.acknowledge().keys == []

    result = console.incidents.unacknowledge()
    assert result.action == "unacknowledged" and sorted(result.keys) == sorted([a1, a2, b1])
    assert console.incidents.acknowledged() == []
    assert len(console.incidents.unacknowledged()) == 3


def test_bulk_by_node_id_and_by_src_host(console, base_url):
    set_clock(base_url, T0)
    a, b, a1, a2, b1 = three_incidents(base_url)

    result = console.incidents.acknowledge(node_id=a["canarytoken"])
    assert sorted(result.keys) == sorted([a1, a2])
    assert [i.id for i in console.incidents.unacknowledged()] == [b1]

    result = console.incidents.unacknowledge(src_host="10.0.0.1")
    assert result.keys == [a1]
    assert sorted(i.id for i in console.incidents.unacknowledged()) == sorted([a1, b1])
    assert [i.id for i in console.incidents.acknowledged()] == [a2]

    result = console.incidents.acknowledge(src_host="10.0.0.1")
    assert sorted(result.keys) == sorted([a1, b1])
    assert console.incidents.unacknowledged() == []

    result = console.incidents.unacknowledge(node_id=b["canarytoken"])
    assert result.keys == [b1]
    result = console.incidents.acknowledge(src_host="192.0.2.1")
    assert result.keys == []
    assert [i.id for i in console.incidents.unacknowledged()] == [b1]

    with pytest.raises(InvalidParameterError):
        console.incidents.acknowledge(node_id=a["canarytoken"], src_host="10.0.0.1")
    with pytest.raises(InvalidParameterError):
        console.incidents.unacknowledge(node_id=a["canarytoken"], src_host="10.0.0.1")
    with pytest.raises(InvalidParameterError):
        console.incidents.delete(node_id=a["canarytoken"], src_host="10.0.0.1")
    # The refused calls changed nothing.
    assert [i.id for i in console.incidents.unacknowledged()] == [b1]
    assert len(console.incidents.all()) == 3


def test_bulk_older_than(console, base_url):
    token = create_token(base_url)
    set_clock(base_url, T0)
    old = trigger(base_url, token["canarytoken"], src_ip="10.0.0.1")["id"]
    set_clock(base_url, T0 + 2 * 86400)
    new = trigger(base_url, token["canarytoken"], src_ip="10.0.0.2")["id"]
    set_clock(base_url, T0 + 2 * 86400 + 7200)

    assert console.incidents.acknowledge(older_than="3d").keys == []
    assert console.incidents.acknowledge(older_than="1d").keys == [old]
    assert [i.id for i in console.incidents.unacknowledged()] == [new]
    assert console.incidents.acknowledge(older_than="1h").keys == [new]
    assert console.incidents.unacknowledge(older_than="1w").keys == []
    assert sorted(console.incidents.unacknowledge(older_than="0h").keys) == sorted([old, new])
    assert console.incidents.acknowledge(older_than="47h").keys == [old]
    assert console.incidents.delete(older_than="2w").keys == []
    assert console.incidents.delete(older_than="1d").keys == [old]
    assert [i.id for i in console.incidents.all()] == [new]

    for bad in ("x", "1", "1y", "h", "-1h", "1.5h"):
        with pytest.raises(InvalidParameterError):
            console.incidents.acknowledge(older_than=bad)
    assert [i.id for i in console.incidents.unacknowledged()] == [new]


def test_bulk_delete_takes_only_acknowledged(console, base_url):
    set_clock(base_url, T0)
    a, b, a1, a2, b1 = three_incidents(base_url)
    # Nothing acknowledged: the client's delete() (a POST) deletes nothing.
    result = console.incidents.delete()
    assert result.action == "deleted" and result.keys == []
    assert len(console.incidents.all()) == 3

    console.incidents.get_incident(a1).acknowledge()
    console.incidents.get_incident(b1).acknowledge()
    result = console.incidents.delete(node_id=b["canarytoken"])
    assert result.keys == [b1]
    result = console.incidents.delete()
    assert result.keys == [a1]
    assert [i.id for i in console.incidents.all()] == [a2]
    assert console.incidents.acknowledged() == []
    with pytest.raises(IncidentNotFoundError):
        console.incidents.get_incident(a1)

    # With include_unacknowledged=true (not a client parameter; sent as the API documents it) the rest go too.
    body = ok(requests.post(api(base_url, "incidents/delete"), params={"auth_token": AUTH_TOKEN},
                            data={"include_unacknowledged": "true", "src_host": "10.0.0.2"}, timeout=TIMEOUT))
    assert body == {"action": "deleted", "keys": [a2], "result": "success"}
    assert console.incidents.all() == []
    assert fetch_token(base_url, a["canarytoken"])["triggered_count"] == 2


# ---------------------------------------------------------------------------------------------------------------------
# Feed filters the client sends

def test_feed_filters_node_id_event_limit_newer_than(console, base_url):
    a = create_token(base_url, memo="A")
    b = create_token(base_url, memo="B")
    set_clock(base_url, T0)
    a1 = trigger(base_url, a["canarytoken"], src_ip="10.0.0.1", count="5")["id"]
    set_clock(base_url, T0 + 3600)
    b1 = trigger(base_url, b["canarytoken"], src_ip="10.0.0.1")["id"]
    a2 = trigger(base_url, a["canarytoken"], src_ip="10.0.0.2")["id"]

    for method in (console.incidents.all, console.incidents.unacknowledged):
        assert [i.id for i in method(node_id=a["canarytoken"])] == [a1, a2]
        assert [i.id for i in method(node_id=b["canarytoken"])] == [b1]
        assert method(node_id="nosuchtoken0000000000000x") == []
        limited = by_id(method(event_limit=2))
        assert len(limited[a1].events) == 2 and len(limited[b1].events) == 1
        # newer_than is on creation time, strictly after, in UTC ("yyyy-mm-dd-hh:mm:ss").
        assert [i.id for i in method(newer_than="2024-07-11-07:50:11")] == [a1, b1, a2]
        assert [i.id for i in method(newer_than="2024-07-11-07:50:12")] == [b1, a2]
        assert [i.id for i in method(newer_than="2024-07-11-08:50:12")] == []
        assert [i.id for i in method(node_id=a["canarytoken"], newer_than="2024-07-11-08:00:00")] == [a2]
    body = feed(base_url, "all", event_limit=2)
    for item in body["incidents"]:
        check_item(item, event_limit=2)
    assert [item["description"]["events_count"] for item in body["incidents"]] == ["5", "1", "1"]

    console.incidents.get_incident(a1).acknowledge()
    assert [i.id for i in console.incidents.acknowledged(node_id=a["canarytoken"])] == [a1]
    assert console.incidents.acknowledged(node_id=b["canarytoken"]) == []
    assert console.incidents.acknowledged(newer_than="2024-07-11-07:50:12") == []


def test_another_client_timezone_is_answered_in_utc(server, base_url):
    """The client sends tz=<its pytz zone>; a zone other than UTC is answered in UTC (mock's choice, docs/incident-endpoints.md),
    which the client's strptime still parses."""
    console = client_console(server, timezone=pytz.timezone("Europe/Paris"))
    set_clock(base_url, T0)
    token = create_token(base_url)
    answered = trigger(base_url, token["canarytoken"], src_ip="10.0.0.1")
    incident = console.incidents.unacknowledged()[0]
    assert incident.id == answered["id"]
    assert incident.created_std == at(T0) and incident.updated_std == at(T0)
    assert console.incidents.get_incident(answered["id"]).created_std == at(T0)
