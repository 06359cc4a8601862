"""Bad input to the incident endpoints against the real binary: bad cursors, bad dates, bad `older_than`, junk JSON
bodies, junk triggers, and floods of token-URL hits from several threads while API calls keep being answered.

Where the contract gives the Console's string (`Incident not found`, `Parameter older_than was invalid.`,
`Cannot use src_host and node_id together`, `Could not process the parameters` for a body over 64 KiB) the test
asserts it exactly; where it gives only the class ("400 for a bad or missing parameter", docs/api.md §1) the test
asserts the status and the error envelope. Every case is followed by a request that must still be answered
normally, and nothing a bad request asked for may have changed.
"""

import base64
import json
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from conftest import AUTH_TOKEN
from incidentlib import (KEY, TIMEOUT, api, create_token, error, feed, fetch_token, ids_of, make_incidents, ok,
                         set_clock)

FEEDS = ("unacknowledged", "acknowledged", "all")
T0 = 1720684212  # 2024-07-11 07:50:12 UTC


def b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def incidents(base_url):
    """A token with 5 unacknowledged incidents; returns (token id, [incident ids in feed order])."""
    set_clock(base_url, T0)
    token = create_token(base_url)["canarytoken"]
    make_incidents(base_url, token, 5, threads=1)
    return token, ids_of(feed(base_url, "all"))


def unchanged(base_url, before):
    """Every incident is still there, in the same state and with the same updated_id."""
    now = feed(base_url, "all")["incidents"]
    assert [(i["id"], i["updated_id"], i["description"]["acknowledged"]) for i in now] == before


def snapshot(base_url):
    return [(i["id"], i["updated_id"], i["description"]["acknowledged"]) for i in feed(base_url, "all")["incidents"]]


# ---------------------------------------------------------------------------------------------------------------------
# Cursors

BAD_CURSORS = [
    "junk",
    "!!!!",
    "%%%",
    b64("a:b:c"),
    b64("1:2:x"),
    b64("1::2"),
    b64(":"),
    b64("1.5:2"),
    b64("99999999999999999999999999999999:1:1:1:0:0:2:2"),
    b64("1:2:3:\u00e9"),
    "MTox" + "+/",
    base64.b64encode(b"\xff\xfe\x00\x01").decode(),
    "A" * 5000,
]


@pytest.mark.parametrize("cursor", BAD_CURSORS, ids=lambda cursor: repr(cursor[:24]))
def test_bad_cursor_is_a_bad_parameter(base_url, incidents, cursor):
    before = snapshot(base_url)
    for which in FEEDS:
        reply = requests.get(api(base_url, f"incidents/{which}"), params={**KEY, "cursor": cursor}, timeout=TIMEOUT)
        error(reply, 400)
    reply = requests.get(api(base_url, "incidents/search"), params={**KEY, "cursor": cursor}, timeout=TIMEOUT)
    error(reply, 400)
    unchanged(base_url, before)
    assert len(feed(base_url, "unacknowledged", limit=2)["incidents"]) == 2


def test_empty_cursor_is_no_cursor_or_a_bad_parameter(base_url, incidents):
    """`cursor=` (empty): the contract does not say; a form handler reads it as absent. Either the first page or a
    400 error, never anything else."""
    for which in FEEDS:
        reply = requests.get(api(base_url, f"incidents/{which}"), params={**KEY, "cursor": "", "limit": 2},
                             timeout=TIMEOUT)
        assert reply.status_code in (200, 400), (reply.status_code, reply.text[:300])
        if reply.status_code == 400:
            error(reply, 400)
        else:
            assert ok(reply)["incidents"] == feed(base_url, which, limit=2)["incidents"]


def test_cursor_of_a_deleted_page_still_pages_forward(base_url, incidents):
    """A cursor outlives the incidents it was made from: keyset, so it carries on after them."""
    token, ids = incidents
    first = feed(base_url, "all", limit=2)
    ok(requests.delete(api(base_url, "incidents/delete"),
                       params={**KEY, "include_unacknowledged": "true", "incident_key": ",".join(ids[:3])},
                       timeout=TIMEOUT))
    rest = feed(base_url, "all", cursor=first["cursor"]["next"])
    assert ids_of(rest) == ids[3:5]


# ---------------------------------------------------------------------------------------------------------------------
# Dates and older_than

BAD_DATES = ["junk", "2024-13-01-00:00:00", "2024-02-30-00:00:00", "2024-01-01", "2024-01-01 00:00:00",
             "2024-01-01T00:00:00", "2024-01-01-25:00:00", "2024-01-01-00:61:00", "1720684212", "-1",
             "2024-01-01-00:00:00junk", "９９９９-01-01-00:00:00", "x" * 5000]


@pytest.mark.parametrize("name", ["newer_than", "older_than"])
@pytest.mark.parametrize("value", BAD_DATES, ids=lambda value: repr(value[:24]))
def test_bad_feed_date_is_a_bad_parameter(base_url, incidents, name, value):
    for which in FEEDS:
        reply = requests.get(api(base_url, f"incidents/{which}"), params={**KEY, name: value}, timeout=TIMEOUT)
        error(reply, 400)
    assert len(feed(base_url, "all")["incidents"]) == 5


def test_good_feed_dates_filter_on_creation(base_url, incidents):
    _, ids = incidents
    assert ids_of(feed(base_url, "all", newer_than="2024-07-11-07:50:11")) == ids
    assert ids_of(feed(base_url, "all", newer_than="2024-07-11-07:50:12")) == []
    assert ids_of(feed(base_url, "all", older_than="2024-07-11-07:50:13")) == ids
    assert ids_of(feed(base_url, "all", older_than="2024-07-11-07:50:12")) == []
    assert ids_of(feed(base_url, "all", newer_than="1970-01-01-00:00:00", older_than="2038-01-19-03:14:07")) == ids


BAD_PERIODS = ["x", "1", "1y", "h", "-1h", "1.5h", "1 h", "1hh", "h1", "0x10h", "99999999999999999999999w", "１h"]


@pytest.mark.parametrize("path", ["incidents/acknowledge", "incidents/unacknowledge", "incidents/delete"])
@pytest.mark.parametrize("value", BAD_PERIODS, ids=repr)
def test_bad_bulk_older_than(base_url, incidents, path, value):
    before = snapshot(base_url)
    reply = requests.post(api(base_url, path), params=KEY,
                          data={"older_than": value, "include_unacknowledged": "true"}, timeout=TIMEOUT)
    error(reply, 400, "Parameter older_than was invalid.")
    unchanged(base_url, before)


# A selection parameter that is sent selects, even empty: a script whose variable came out empty, or a poller
# joining an empty page's keys, must not act on every incident.
@pytest.mark.parametrize("path", ["incidents/acknowledge", "incidents/delete"])
def test_empty_older_than_is_invalid_not_everything(base_url, incidents, path):
    before = snapshot(base_url)
    reply = requests.post(api(base_url, path), params=KEY, data={"older_than": "", "include_unacknowledged": "true"},
                          timeout=TIMEOUT)
    try:
        error(reply, 400, "Parameter older_than was invalid.")
    finally:
        unchanged(base_url, before)


@pytest.mark.parametrize("path", ["incidents/acknowledge", "incidents/delete"])
def test_empty_incident_key_list_selects_nothing(base_url, incidents, path):
    before = snapshot(base_url)
    body = ok(requests.post(api(base_url, path), params=KEY,
                            data={"incident_key": "", "include_unacknowledged": "true"}, timeout=TIMEOUT))
    assert body["keys"] == []
    unchanged(base_url, before)


@pytest.mark.parametrize("name", ["node_id", "flock_id", "filter_logtypes"])
def test_empty_selection_value_selects_nothing(base_url, incidents, name):
    before = snapshot(base_url)
    for path in ("incidents/acknowledge", "incidents/delete"):
        body = ok(requests.post(api(base_url, path), params=KEY,
                                data={name: "", "include_unacknowledged": "true"}, timeout=TIMEOUT))
        assert body["keys"] == []
    unchanged(base_url, before)


def test_bulk_src_host_with_node_id(base_url, incidents):
    token, _ = incidents
    before = snapshot(base_url)
    for path in ("incidents/acknowledge", "incidents/unacknowledge", "incidents/delete"):
        reply = requests.post(api(base_url, path), params=KEY,
                              data={"node_id": token, "src_host": "10.0.0.0", "include_unacknowledged": "true"},
                              timeout=TIMEOUT)
        error(reply, 400, "Cannot use src_host and node_id together")
    unchanged(base_url, before)


def test_bad_incidents_since_and_limit(base_url, incidents):
    for name, value in [("incidents_since", "abc"), ("incidents_since", "1.5"), ("incidents_since", "1e3"),
                        ("incidents_since", "9" * 40), ("limit", "abc"), ("limit", "-1"), ("limit", "1.5"),
                        ("limit", "9" * 40)]:
        reply = requests.get(api(base_url, "incidents/unacknowledged"), params={**KEY, name: value}, timeout=TIMEOUT)
        error(reply, 400)
    assert len(feed(base_url, "unacknowledged", incidents_since=0)["incidents"]) == 5


# ---------------------------------------------------------------------------------------------------------------------
# Unknown and missing incidents

def test_unknown_incident_everywhere(base_url, incidents):
    before = snapshot(base_url)
    unknown = "incident:canarytoken:000000000000000000000000:10.0.0.1:1"
    for method, path in [("GET", "incident/fetch"), ("POST", "incident/acknowledge"),
                         ("POST", "incident/unacknowledge"), ("DELETE", "incident/delete"), ("POST", "incident/delete")]:
        for value in (unknown, "junk", "x" * 5000, "incident:canarytoken:\u00e9"):
            reply = requests.request(method, api(base_url, path), params={**KEY, "incident": value}, timeout=TIMEOUT)
            error(reply, 404, "Incident not found")
        # Missing entirely: a bad or missing parameter (400), or not found (404); never anything else.
        reply = requests.request(method, api(base_url, path), params=KEY, timeout=TIMEOUT)
        body = error(reply, reply.status_code)
        assert reply.status_code in (400, 404), (reply.status_code, body)
    reply = requests.get(api(base_url, "incident/fetch"), params={**KEY, "hash_id": "0" * 32}, timeout=TIMEOUT)
    error(reply, 404, "Incident not found")
    # Bulk with keys that do not exist: nothing to do.
    body = ok(requests.post(api(base_url, "incidents/acknowledge"), params=KEY,
                            data={"incident_key": f"{unknown},junk"}, timeout=TIMEOUT))
    assert body == {"action": "acknowledged", "keys": [], "result": "success"}
    unchanged(base_url, before)


# ---------------------------------------------------------------------------------------------------------------------
# JSON bodies (docs/api.md §1 and §7.1)

def post_json(base_url, path, body, params=KEY, method="POST"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.request(method, api(base_url, path), params=params, data=data,
                            headers={"Content-Type": "application/json"}, timeout=TIMEOUT)


def test_json_object_body_is_a_parameter_source(base_url, incidents):
    _, ids = incidents
    body = ok(post_json(base_url, "incident/acknowledge", {"incident": ids[0]}))
    assert body == {"action": "acknowledged", "key": ids[0], "result": "success"}
    # The key in the JSON body too.
    body = ok(post_json(base_url, "incident/unacknowledge", {"incident": ids[0], "auth_token": AUTH_TOKEN}, params={}))
    assert body == {"action": "unacknowledged", "key": ids[0], "result": "success"}
    # The clustered add-on's bulk form: {"incident_key": "a,b"}.
    body = ok(post_json(base_url, "incidents/acknowledge", {"incident_key": f"{ids[1]},{ids[2]}"}))
    assert body["action"] == "acknowledged" and sorted(body["keys"]) == sorted(ids[1:3])
    # Query before body.
    body = ok(post_json(base_url, "incident/acknowledge", {"incident": ids[4]}, params={**KEY, "incident": ids[3]}))
    assert body["key"] == ids[3]
    assert sorted(ids_of(feed(base_url, "unacknowledged"))) == sorted([ids[0], ids[4]])
    # A numeric incidents_since in a JSON body on a GET.
    reply = requests.get(api(base_url, "incidents/all"), params=KEY, data=json.dumps({"incidents_since": 10**6}),
                         headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert ok(reply)["incidents"] == []


JUNK_BODIES = [
    b"", b"{", b'{"incident": ', b"[1, 2]", b'"text"', b"null", b"123", b"true", b"\xff\xfe{}", b"{}",
    b'{"incident": null}', b'{"incident": ["x"]}', b'{"incident": {"id": "x"}}', b"{" * 10000,
    b"[" * 10000 + b"]" * 10000, b'{"a": ' * 40 + b"1" + b"}" * 40, b'{"incident": "\\ud800"}',
    b"\x00" * 100, "{\"incident\": \"\u00e9\"}".encode("latin-1"),
]


@pytest.mark.parametrize("junk", JUNK_BODIES, ids=lambda junk: repr(junk[:20]))
def test_junk_json_body_is_ignored_not_a_crash(base_url, incidents, junk):
    """Empty, invalid, non-object or too-deep bodies give no parameters: the request is answered as if it had no
    `incident` (an error of the missing parameter, never a 5xx); the incidents are unchanged."""
    before = snapshot(base_url)
    for path in ("incident/acknowledge", "incident/delete"):
        reply = post_json(base_url, path, junk)
        assert reply.status_code in (400, 404), (reply.status_code, reply.text[:300])
        error(reply, reply.status_code)
    # Bulk acknowledge with no selection is "every incident" (docs/incident-endpoints.md "Bulk actions"), so it goes last, on a feed GET instead.
    reply = requests.get(api(base_url, "incidents/unacknowledged"), params=KEY, data=junk,
                         headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert len(ok(reply)["incidents"]) == 5
    unchanged(base_url, before)


def test_json_body_over_64_kib(base_url, incidents):
    _, ids = incidents
    before = snapshot(base_url)
    big = {"incident": ids[0], "padding": "x" * (64 * 1024)}
    reply = post_json(base_url, "incident/acknowledge", big)
    error(reply, 413, "Could not process the parameters")
    unchanged(base_url, before)


# ---------------------------------------------------------------------------------------------------------------------
# Junk triggers (README, `/_mock/trigger`)

def test_junk_triggers_record_nothing(base_url, incidents):
    token, _ = incidents
    before = snapshot(base_url)
    count_before = fetch_token(base_url, token)["triggered_count"]
    cases = [
        {},
        {"canarytoken": ""},
        {"canarytoken": "nosuchtoken0000000000000x"},
        {"canarytoken": token, "count": "0"},
        {"canarytoken": token, "count": "1001"},
        {"canarytoken": token, "count": "abc"},
        {"canarytoken": token, "count": "-1"},
        {"canarytoken": token, "headers": "not json"},
        {"canarytoken": token, "headers": "[1, 2]"},
        {"canarytoken": token, "extra": "{"},
        {"canarytoken": token, "extra": "\"text\""},
        {"canarytoken": token, "time": "yesterday"},
        {"canarytoken": token, "src_port": "70000"},
        {"canarytoken": token, "src_port": "port"},
    ]
    for form in cases:
        reply = requests.post(f"{base_url}/_mock/trigger", data=form, timeout=TIMEOUT)
        assert 400 <= reply.status_code < 500, (form, reply.status_code, reply.text[:300])
        error(reply, reply.status_code)
    unchanged(base_url, before)
    assert fetch_token(base_url, token)["triggered_count"] == count_before


# ---------------------------------------------------------------------------------------------------------------------
# Floods of token-URL hits

FLOOD_THREADS = 4
FLOOD_SECONDS = 3.0
FLOOD_HITS_PER_THREAD = 300
GIF_TYPE = "image/gif"


def test_flood_of_token_url_hits_while_the_api_answers(base_url):
    token = create_token(base_url, memo="flooded")
    other = create_token(base_url, memo="quiet")
    path = urlsplit(token["url"]).path
    unknown_path = path.replace(token["canarytoken"], "zzzzzzzzzzzzzzzzzzzzzzzzz")
    assert unknown_path != path
    stop = threading.Event()
    answered = [0] * FLOOD_THREADS
    problems = []

    def flood(number):
        session = requests.Session()
        try:
            for sequence in range(FLOOD_HITS_PER_THREAD):
                if stop.is_set():
                    return
                target = unknown_path if sequence % 5 == 4 else path
                try:
                    reply = session.get(base_url + target, params={"n": f"{number}-{sequence}"}, timeout=TIMEOUT)
                except requests.RequestException as failure:
                    problems.append(repr(failure))
                    return
                if reply.status_code != 200 or not reply.headers.get("Content-Type", "").startswith(GIF_TYPE) \
                        or not reply.content.startswith(b"GIF8"):
                    problems.append((target, reply.status_code, reply.headers.get("Content-Type"), reply.content[:40]))
                    return
                if target == path:
                    answered[number] += 1
        finally:
            session.close()

    threads = [threading.Thread(target=flood, args=(n,), daemon=True) for n in range(FLOOD_THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    latencies = []
    api_session = requests.Session()
    try:
        while any(thread.is_alive() for thread in threads) and time.monotonic() - started < FLOOD_SECONDS * 10:
            for call in (lambda: api_session.get(api(base_url, "ping"), params=KEY, timeout=TIMEOUT),
                         lambda: api_session.get(api(base_url, "incidents/unacknowledged"), params={**KEY, "limit": 5},
                                                 timeout=TIMEOUT),
                         lambda: api_session.get(api(base_url, "canarytoken/fetch"),
                                                 params={**KEY, "canarytoken": other["canarytoken"]},
                                                 timeout=TIMEOUT)):
                before = time.monotonic()
                ok(call())
                latencies.append(time.monotonic() - before)
            if time.monotonic() - started > FLOOD_SECONDS:
                stop.set()
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        api_session.close()

    assert not problems, problems[:5]
    hits = sum(answered)
    assert hits > 0 and len(latencies) >= 3
    assert max(latencies) < 5.0, f"an API call waited {max(latencies):.2f}s during the flood"
    # Every answered hit is one event: one source (127.0.0.1) within the window, so one incident holds them all.
    assert fetch_token(base_url, token["canarytoken"])["triggered_count"] == hits
    assert fetch_token(base_url, other["canarytoken"])["triggered_count"] == 0
    items = feed(base_url, "all", node_id=token["canarytoken"], event_limit=1)["incidents"]
    assert len(items) == 1, [item["id"] for item in items]
    assert items[0]["description"]["events_count"] == str(hits)
    assert items[0]["description"]["src_host"] == "127.0.0.1"
    assert feed(base_url, "all", node_id=other["canarytoken"])["incidents"] == []
    assert len(feed(base_url, "all")["incidents"]) == 1


def test_trigger_on_a_disabled_token_is_an_error_and_records_nothing(base_url, incidents):
    """Contract §7.3: an unknown or disabled token is an error on the control channel (the test wants to know)."""
    token, _ = incidents
    before = snapshot(base_url)
    ok(requests.post(api(base_url, "canarytoken/disable"), params=KEY, data={"canarytoken": token}, timeout=TIMEOUT))
    reply = requests.post(f"{base_url}/_mock/trigger", data={"canarytoken": token, "src_ip": "10.9.9.9"},
                          timeout=TIMEOUT)
    assert 400 <= reply.status_code < 500, (reply.status_code, reply.text[:300])
    error(reply, reply.status_code)
    unchanged(base_url, before)
    assert fetch_token(base_url, token)["triggered_count"] == 5
