"""Pollers of the incident feed against the real binary, and the wire rules real clients depend on.

A poller as the SIEM connectors write them (docs/incident-endpoints.md "Cursors"): ask
`GET /api/v1/incidents/unacknowledged` with `limit` and `incidents_since`, then follow `cursor.next` sending only the
cursor and the auth_token, until `next` is null; remember `max_updated_id`; poll again from there. With 1,000
incidents made by triggers and a background thread making more while it pages, it must see every incident exactly
once and stop. A poller that acknowledges (or deletes) each page before asking for the next must skip nothing
(docs/incident-endpoints.md: keyset pages on `updated_id`, never offsets).

The wire checks: `incidents` is `[]` when empty, `max_updated_id` only with incidents, `next`/`next_link` null on the
last page (also a full last page), `events_count`/`events_list` on every item, `next_link` absolute and followable
as is with `requests.get`, cursors base64 of colon-separated integers without `+` or `/`.

Every loop is bounded (pages, polls, seconds) and fails with what it saw.
"""

import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from conftest import AUTH_TOKEN
from incidentlib import (KEY, TIMEOUT, api, check_envelope, check_item, create_token, decode_cursor, every_page,
                         feed, ids_of, make_incidents, ok, source_ip, trigger)

CURSOR_KEYS = {"next", "next_link", "prev", "prev_link"}
POLL_LIMIT = 100
POLL_DEADLINE = 120.0
MAX_PAGES = 2000


def get_page(session, base_url, params):
    body = ok(session.get(api(base_url, "incidents/unacknowledged"), params=params, timeout=TIMEOUT))
    check_envelope(body, "unacknowledged")
    return body


def check_cursor(body, limit=None):
    """The cursor object of a page asked with `limit` or `cursor` (docs/incident-endpoints.md "Cursors")."""
    cursor = body["cursor"]
    assert set(cursor) == CURSOR_KEYS, cursor
    if cursor["next"] is None:
        assert cursor["next_link"] is None, cursor
    else:
        decode_cursor(cursor["next"])
        assert isinstance(cursor["next_link"], str) and cursor["next_link"].startswith("http"), cursor
        assert cursor["next"] in parse_qs(urlsplit(cursor["next_link"]).query)["cursor"], cursor
    if cursor["prev"] is not None:
        decode_cursor(cursor["prev"])
    if limit is not None:
        assert len(body["incidents"]) <= limit, (len(body["incidents"]), limit)
    return cursor


# ---------------------------------------------------------------------------------------------------------------------
# The incidents_since poller

def test_poller_sees_every_incident_exactly_once_while_more_arrive(base_url):
    token = create_token(base_url, memo="poller")["canarytoken"]
    made = make_incidents(base_url, token, 1000)

    produced, producer_problems = [], []
    stop = threading.Event()

    def producer():
        session = requests.Session()
        started = time.monotonic()
        number = 0
        try:
            while not stop.is_set() and number < 400 and time.monotonic() - started < 30:
                try:
                    incident = trigger(base_url, token, session=session, src_ip=source_ip(number, 172))
                except (AssertionError, requests.RequestException) as failure:
                    producer_problems.append(repr(failure))
                    return
                produced.append(incident["id"])
                number += 1
                time.sleep(0.002)
        finally:
            session.close()

    background = threading.Thread(target=producer, daemon=True)
    background.start()

    session = requests.Session()
    seen, duplicates = {}, []
    since, polls, pages = 0, 0, 0
    started = time.monotonic()
    try:
        while True:
            assert time.monotonic() - started < POLL_DEADLINE, \
                f"poller still running after {POLL_DEADLINE}s: {polls} polls, {pages} pages, {len(seen)} seen"
            producer_done = not background.is_alive()
            polls += 1
            body = get_page(session, base_url, {"auth_token": AUTH_TOKEN, "limit": POLL_LIMIT,
                                                "incidents_since": since})
            first_page_empty = not body["incidents"]
            while True:
                pages += 1
                assert pages <= MAX_PAGES, f"more than {MAX_PAGES} pages for {len(made) + 400} incidents"
                check_cursor(body, POLL_LIMIT)
                for item in body["incidents"]:
                    check_item(item)
                    assert item["updated_id"] > since, (item["updated_id"], since)
                    if item["id"] in seen:
                        duplicates.append(item["id"])
                    seen[item["id"]] = item["updated_id"]
                if body["incidents"]:
                    since = max(since, body["max_updated_id"])
                if body["cursor"]["next"] is None:
                    break
                # Only the cursor and the key, as ELASTIC's and SEKOIA's pollers send it.
                body = get_page(session, base_url, {"cursor": body["cursor"]["next"], "auth_token": AUTH_TOKEN})
            if producer_done and first_page_empty:
                break
            time.sleep(0.05)
    finally:
        stop.set()
        background.join(30)
        session.close()

    assert not producer_problems, producer_problems[:3]
    assert not duplicates, f"{len(duplicates)} incidents seen twice: {duplicates[:5]}"
    expected = set(made) | set(produced)
    assert len(expected) == len(made) + len(produced)
    missing = expected - set(seen)
    extra = set(seen) - expected
    assert not missing and not extra, (f"{len(missing)} missed, {len(extra)} unexpected, of {len(expected)}; "
                                       f"missed e.g. {sorted(missing)[:3]}")
    assert len(produced) > 0
    assert pages >= len(expected) // POLL_LIMIT
    # The last poll asked from the highest updated_id and found nothing: the poller ends.
    assert since == max(seen.values())


def test_cursor_wins_over_a_stale_incidents_since(base_url):
    """SEKOIA-style pollers send `cursor` together with the `incidents_since` of their first page."""
    token = create_token(base_url)["canarytoken"]
    made = make_incidents(base_url, token, 25, threads=1)
    session = requests.Session()
    first = get_page(session, base_url, {**KEY, "limit": 10, "incidents_since": 0})
    alone = get_page(session, base_url, {**KEY, "cursor": first["cursor"]["next"]})
    together = get_page(session, base_url, {**KEY, "cursor": first["cursor"]["next"], "incidents_since": 0,
                                            "limit": 10})
    assert ids_of(alone) == ids_of(together) and len(ids_of(alone)) == 10
    assert not set(ids_of(first)) & set(ids_of(alone))
    assert set(ids_of(first)) | set(ids_of(alone)) < set(made)
    session.close()


# ---------------------------------------------------------------------------------------------------------------------
# A poller that changes each page before asking for the next

def acknowledge_page(session, base_url, ids, how):
    if how == "bulk acknowledge":
        body = ok(session.post(api(base_url, "incidents/acknowledge"), params=KEY,
                               data={"incident_key": ",".join(ids)}, timeout=TIMEOUT))
        assert body["action"] == "acknowledged" and sorted(body["keys"]) == sorted(ids), body
    elif how == "single acknowledge":
        for incident in ids:
            body = ok(session.post(api(base_url, "incident/acknowledge"), params=KEY, data={"incident": incident},
                                   timeout=TIMEOUT))
            assert body == {"action": "acknowledged", "key": incident, "result": "success"}
    elif how == "bulk delete":
        body = ok(session.delete(api(base_url, "incidents/delete"),
                                 params={**KEY, "incident_key": ",".join(ids), "include_unacknowledged": "true"},
                                 timeout=TIMEOUT))
        assert body["action"] == "deleted" and sorted(body["keys"]) == sorted(ids), body
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["bulk acknowledge", "single acknowledge", "bulk delete"])
def test_poller_that_changes_each_page_first_skips_nothing(base_url, how):
    token = create_token(base_url, memo="acknowledging poller")["canarytoken"]
    made = make_incidents(base_url, token, 200)
    session = requests.Session()
    seen, duplicates, late = [], [], 0
    body = get_page(session, base_url, {**KEY, "limit": 15})
    for _ in range(MAX_PAGES):
        check_cursor(body, 15)
        ids = ids_of(body)
        for item in body["incidents"]:
            check_item(item)
            assert item["description"]["acknowledged"] == "False"
        duplicates += [incident for incident in ids if incident in seen]
        seen += ids
        if ids:
            acknowledge_page(session, base_url, ids, how)
        if body["cursor"]["next"] is None:
            break
        # A new incident arrives between two pages: it must be seen too.
        made.append(trigger(base_url, token, session=session, src_ip=source_ip(late, 192))["id"])
        late += 1
        body = get_page(session, base_url, {**KEY, "cursor": body["cursor"]["next"]})
    else:
        pytest.fail(f"still paging after {MAX_PAGES} pages")
    session.close()

    assert not duplicates, duplicates[:5]
    assert sorted(seen) == sorted(made), (f"{len(set(made) - set(seen))} skipped of {len(made)}: "
                                          f"{sorted(set(made) - set(seen))[:3]}")
    assert late >= 200 // 15
    assert feed(base_url, "unacknowledged")["incidents"] == []
    remaining = [page_id for page in every_page(base_url, "acknowledged", limit=100) for page_id in ids_of(page)]
    assert sorted(remaining) == ([] if how == "bulk delete" else sorted(made))


# ---------------------------------------------------------------------------------------------------------------------
# Wire rules

@pytest.mark.parametrize("which", ["unacknowledged", "acknowledged", "all"])
def test_empty_feed_is_an_empty_list_with_a_null_next(base_url, which):
    plain = feed(base_url, which)
    assert plain["incidents"] == [] and "max_updated_id" not in plain
    paged = feed(base_url, which, limit=10)
    assert paged["incidents"] == [] and "max_updated_id" not in paged
    cursor = check_cursor(paged, 10)
    assert cursor["next"] is None and cursor["next_link"] is None
    # Filters that match nothing on a console that has incidents answer the same way.
    token = create_token(base_url)["canarytoken"]
    trigger(base_url, token, src_ip="10.0.0.1")
    none = feed(base_url, which, limit=10, node_id="nosuchtoken0000000000000x")
    assert none["incidents"] == [] and "max_updated_id" not in none
    assert none["cursor"]["next"] is None and none["cursor"]["next_link"] is None
    none = feed(base_url, which, incidents_since=10**6)
    assert none["incidents"] == [] and "max_updated_id" not in none


@pytest.mark.parametrize("count", [20, 21, 10, 9, 1])
def test_next_is_null_exactly_on_the_last_page(base_url, count):
    token = create_token(base_url)["canarytoken"]
    made = make_incidents(base_url, token, count, threads=1)
    pages = every_page(base_url, "unacknowledged", limit=10, max_pages=10)
    assert len(pages) == -(-count // 10), [len(page["incidents"]) for page in pages]
    for page in pages[:-1]:
        assert len(page["incidents"]) == 10
        assert check_cursor(page, 10)["next"] is not None
    last = check_cursor(pages[-1], 10)
    assert last["next"] is None and last["next_link"] is None
    assert len(pages[-1]["incidents"]) == count - 10 * (len(pages) - 1)
    ids = [incident for page in pages for incident in ids_of(page)]
    assert sorted(ids) == sorted(made)


def test_next_link_is_absolute_and_followable_as_is(server, base_url):
    token = create_token(base_url)["canarytoken"]
    made = make_incidents(base_url, token, 35, threads=1)
    first = feed(base_url, "all", limit=10, tz="UTC")
    seen = ids_of(first)
    link = first["cursor"]["next_link"]
    assert link.startswith(f"{base_url}/api/v1/incidents/all?"), link
    assert "+" not in parse_qs(urlsplit(link).query)["cursor"][0]
    # The link alone, with nothing added, gives the same page as the cursor parameter.
    by_cursor = feed(base_url, "all", cursor=first["cursor"]["next"])
    by_link = ok(requests.get(link, timeout=TIMEOUT))
    check_envelope(by_link, "all")
    assert ids_of(by_link) == ids_of(by_cursor) and len(ids_of(by_link)) == 10
    # Following only the links walks the whole feed once.
    body = first
    for _ in range(10):
        link = body["cursor"]["next_link"]
        if link is None:
            break
        body = ok(requests.get(link, timeout=TIMEOUT))
        check_envelope(body, "all")
        check_cursor(body, 10)
        seen += ids_of(body)
    else:
        pytest.fail("the next_link chain did not end")
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))

    # Asked with the header instead of auth_token: the link is followable with the same header.
    header = {"X-Canary-Auth-Token": AUTH_TOKEN}
    first = ok(requests.get(api(base_url, "incidents/unacknowledged"), params={"limit": 10}, headers=header,
                            timeout=TIMEOUT))
    link = first["cursor"]["next_link"]
    assert link.startswith(f"{base_url}/api/v1/incidents/unacknowledged?"), link
    second = ok(requests.get(link, headers=header, timeout=TIMEOUT))
    assert len(second["incidents"]) == 10 and not set(ids_of(first)) & set(ids_of(second))


def test_next_link_follows_the_host_the_client_used(server):
    """Built from the request's Host: asked as localhost:<port>, the link names localhost:<port>."""
    base_url = f"http://localhost:{server.port}"
    token = create_token(server.base_url)["canarytoken"]
    make_incidents(server.base_url, token, 3, threads=1)
    body = feed(base_url, "unacknowledged", limit=2)
    assert body["cursor"]["next_link"].startswith(f"http://localhost:{server.port}/api/v1/incidents/unacknowledged?")
    assert len(ok(requests.get(body["cursor"]["next_link"], timeout=TIMEOUT))["incidents"]) == 1


def test_items_carry_events_count_and_events_list(base_url):
    token = create_token(base_url)["canarytoken"]
    trigger(base_url, token, src_ip="10.0.0.1", count="7")
    trigger(base_url, token, src_ip="10.0.0.2")
    for which in ("unacknowledged", "all"):
        for limit in (None, 1):
            params = {} if limit is None else {"limit": limit}
            items = [item for page in ([feed(base_url, which, **params)] if limit is None
                                       else every_page(base_url, which, limit=limit, max_pages=5))
                     for item in page["incidents"]]
            assert [item["description"]["events_count"] for item in items] == ["7", "1"]
            for item in items:
                check_item(item)
                assert item["description"]["events_list"] == ",".join(
                    str(event["timestamp"]) for event in item["description"]["events"])


def test_cursor_strings_are_base64_digits_and_colons(base_url):
    """Over many updated_ids (so many different cursor texts), none holds + or /, each decodes to integers."""
    token = create_token(base_url)["canarytoken"]
    make_incidents(base_url, token, 120)
    cursors = []
    for limit in (1, 7, 13):
        for page in every_page(base_url, "all", limit=limit, max_pages=200):
            cursor = check_cursor(page, limit)
            cursors += [value for value in (cursor["next"], cursor["prev"]) if value is not None]
    assert len(cursors) > 140
    for cursor in cursors:
        decode_cursor(cursor)
