"""Helpers shared by the incident tests of tests/python (test_incidents_client.py, test_incident_poller.py,
test_incident_bad_input.py): make tokens and triggers through the API and read the incident feeds with `requests`.

Every request has a timeout and goes to 127.0.0.1 (the server of tests/mockserver.py). Incidents are made with
`POST /_mock/trigger` (the control channel of the contract, §7.3); distinct `src_ip` values make distinct incidents,
since events join one incident only per token and source IP within `incident_window_seconds`.
"""

import base64
import re
import threading

import requests

from mockserver import AUTH_TOKEN

TIMEOUT = 10
KEY = {"auth_token": AUTH_TOKEN}
DESCRIPTION = "Canarytoken triggered"
FEEDS = {"unacknowledged": "Unacknowledged Incidents", "acknowledged": "Acknowledged Incidents",
         "all": "All Incidents"}
INCIDENT_KEY = re.compile(r"^incident:canarytoken:[0-9a-f]{24}:(?P<ip>[0-9.]*):(?P<epoch>\d+)$")
HASH_ID = re.compile(r"^[0-9a-f]{32}$")
STD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\+0000$")
RFC1123 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d:\d\d GMT$")
LOCAL_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\)$")
DIGITS = re.compile(r"^\d+$")
CURSOR_PLAIN = re.compile(r"^-?\d+(:-?\d+)*$")  # integers; the mock writes -1 for "none"


def api(base_url, path):
    return f"{base_url}/api/v1/{path}"


def ok(response, status=200):
    """The JSON body of a success answer (status, content type, the trailing newline and `result` checked)."""
    assert response.headers.get("Content-Type", "").startswith("application/json"), (response.status_code,
                                                                                     response.text[:300])
    body = response.json()
    assert response.status_code == status, (response.status_code, body)
    assert body.get("result") == "success", body
    return body


def error(response, status, message=None):
    """The JSON body of an error answer: exactly {message, result} (and the message when given)."""
    assert response.headers.get("Content-Type", "").startswith("application/json"), (response.status_code,
                                                                                     response.text[:300])
    body = response.json()
    assert response.status_code == status, (response.status_code, body)
    assert set(body) == {"message", "result"} and body["result"] == "error", body
    assert isinstance(body["message"], str) and body["message"], body
    if message is not None:
        assert body["message"] == message, body
    return body


def create_token(base_url, kind="http", memo=None, session=requests, **fields):
    """Creates a token; returns the token object."""
    form = {"kind": kind, "memo": memo or f"incident test {kind}", **fields}
    reply = session.post(api(base_url, "canarytoken/create"), params=KEY, data=form, timeout=TIMEOUT)
    return ok(reply)["canarytoken"]


def fetch_token(base_url, token_id, session=requests):
    reply = session.get(api(base_url, "canarytoken/fetch"), params={**KEY, "canarytoken": token_id},
                        timeout=TIMEOUT)
    return ok(reply)["token"]


def trigger(base_url, token_id, session=requests, **fields):
    """POST /_mock/trigger; returns the answered (flat) incident. Fields: src_ip, src_port, channel, time, count,
    user_agent, headers (JSON text), hostname, extra (JSON text)."""
    reply = session.post(f"{base_url}/_mock/trigger", data={"canarytoken": token_id, **fields}, timeout=TIMEOUT)
    body = ok(reply)
    assert set(body) == {"incident", "result"}, body
    return body["incident"]


def set_clock(base_url, now):
    ok(requests.post(f"{base_url}/_mock/clock", data={"now": str(now)}, timeout=TIMEOUT))


def feed(base_url, which="unacknowledged", session=requests, **params):
    """One page of GET /api/v1/incidents/<which> (auth_token in the query); returns the body, its envelope checked."""
    reply = session.get(api(base_url, f"incidents/{which}"), params={**KEY, **params}, timeout=TIMEOUT)
    body = ok(reply)
    check_envelope(body, which)
    return body


def check_envelope(body, which):
    """The feed envelope of docs/incident-endpoints.md "Feeds": `incidents` always a list,
    `max_updated_id` only when it is non-empty (and then the highest one), the `updated*` fields always, ascending
    `updated_id`."""
    assert body["feed"] == FEEDS[which], body.get("feed")
    assert isinstance(body["incidents"], list), body["incidents"]
    assert RFC1123.match(body["updated"]), body["updated"]
    assert STD.match(body["updated_std"]), body["updated_std"]
    assert isinstance(body["updated_timestamp"], int), body["updated_timestamp"]
    ids = [item["updated_id"] for item in body["incidents"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids), f"updated_id not strictly ascending: {ids}"
    if body["incidents"]:
        assert body["max_updated_id"] == max(ids), (body["max_updated_id"], ids)
    else:
        assert "max_updated_id" not in body, body


def check_item(item, event_limit=None):
    """One feed item (docs/incident-endpoints.md "Incident objects"): types and formats a real client relies on.
    Without `event_limit`, `events_count` is the number of events listed."""
    assert INCIDENT_KEY.match(item["id"]), item["id"]
    assert HASH_ID.match(item["hash_id"]), item["hash_id"]
    assert item["summary"] == DESCRIPTION
    assert isinstance(item["updated_id"], int)
    assert DIGITS.match(item["updated_time"]), item["updated_time"]
    assert RFC1123.match(item["updated"]) and STD.match(item["updated_std"])
    d = item["description"]
    assert isinstance(d, dict), d
    assert d["description"] == DESCRIPTION
    assert d["acknowledged"] in ("True", "False") and d["notified"] in ("True", "False")
    assert DIGITS.match(d["created"]) and STD.match(d["created_std"]) and LOCAL_TIME.match(d["local_time"]), d
    assert isinstance(d["events"], list)
    assert DIGITS.match(d["events_count"]), d["events_count"]
    if event_limit is None:
        assert d["events_count"] == str(len(d["events"])), (d["events_count"], len(d["events"]))
    else:
        assert len(d["events"]) == min(event_limit, int(d["events_count"])), (d["events_count"], len(d["events"]))
    assert "events_list" in d and isinstance(d["events_list"], str)
    assert len(d["events_list"].split(",")) == int(d["events_count"]), (d["events_list"], d["events_count"])
    assert d["src_port"] == "0" and d["name"] == "N/A"
    assert isinstance(d["matched_annotations"], dict)
    for event in d["events"]:
        assert isinstance(event["timestamp"], int) and STD.match(event["timestamp_std"]), event
        assert event["canarytoken"] == d["node_id"]
    return item


def decode_cursor(cursor):
    """A cursor's plain text: base64 of colon-separated integers (docs/incident-endpoints.md "Cursors")."""
    assert isinstance(cursor, str) and cursor, cursor
    assert "+" not in cursor and "/" not in cursor, f"cursor {cursor!r} holds + or /"
    plain = base64.b64decode(cursor, validate=True).decode("ascii")
    assert CURSOR_PLAIN.match(plain), f"cursor {cursor!r} decodes to {plain!r}"
    return plain


def every_page(base_url, which="unacknowledged", limit=100, max_pages=1000, session=requests, **params):
    """Pages a feed: the first request with `limit` and `params`, then only `cursor` (and auth_token) from
    `cursor.next` until it is null. Returns the pages. Fails after `max_pages` (a cursor that never ends)."""
    pages = [feed(base_url, which, session=session, limit=limit, **params)]
    while pages[-1]["cursor"]["next"] is not None:
        assert len(pages) < max_pages, f"still paging after {max_pages} pages"
        pages.append(feed(base_url, which, session=session, cursor=pages[-1]["cursor"]["next"]))
    return pages


def ids_of(body):
    return [item["id"] for item in body["incidents"]]


def source_ip(number, first_octet=10):
    """A distinct IPv4 address for each number below 2**24 (one incident each)."""
    return f"{first_octet}.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def make_incidents(base_url, token_id, count, threads=4, first_octet=10, offset=0):
    """`count` incidents on one token, from distinct source IPs, by `threads` threads each on its own keep-alive
    session. Returns their ids (a list, in no particular order); fails on any answer that is not a new incident."""
    made, problems = [], []
    lock = threading.Lock()

    def work(part):
        session = requests.Session()
        try:
            for number in range(offset + part, offset + count, threads):
                try:
                    incident = trigger(base_url, token_id, session=session,
                                       src_ip=source_ip(number, first_octet))
                except (AssertionError, requests.RequestException) as failure:
                    with lock:
                        problems.append(repr(failure))
                    return
                if incident["events_count"] != "1":
                    problems.append(("joined an incident", incident["id"], incident["events_count"]))
                with lock:
                    made.append(incident["id"])
        finally:
            session.close()

    workers = [threading.Thread(target=work, args=(part,), daemon=True) for part in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert not any(worker.is_alive() for worker in workers), "trigger threads still running after 120 s"
    assert not problems, problems[:5]
    assert len(made) == len(set(made)) == count, (len(made), len(set(made)), count)
    return made
