"""The audit trail against the real canary-mock binary (docs/audit-trail.md), paged the way the programs that read it
page: Thinkst's Splunk TA (`limit=1&after_id=<checkpoint>`, then `cursor.next` without `limit` or `after_id`, the key
in a header), Elastic's ingester (`limit` and `start_date`, then `cursor` alone) and Gravwell's (`limit` on every
page, the cursor's winning). Seven changes are made first, so every id and action type is known.
"""

import base64
import datetime
import re

import requests

from conftest import AUTH_TOKEN

KEY = {"auth_token": AUTH_TOKEN}
TIMEOUT = 60
EXPECTED = {
    1: "canarytoken_create", 2: "canarytoken_create", 3: "canarytoken_create", 4: "canarytoken_disable",
    5: "ignore_list_add", 6: "incident_acknowledge", 7: "flock_create",
}


def post(base_url, path, **data):
    reply = requests.post(f"{base_url}/api/v1/{path}", data={**KEY, **data}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    return reply.json()


def seven_changes(base_url):
    """Makes the seven changes of EXPECTED, in order; returns the token ids."""
    tokens = [post(base_url, "canarytoken/create", kind="http", memo=f"audit {n}")["canarytoken"]["canarytoken"]
              for n in range(3)]
    post(base_url, "canarytoken/disable", canarytoken=tokens[2])
    post(base_url, "settings/whitelist_ip_port", src_ip="198.51.100.9")
    trigger = requests.post(f"{base_url}/_mock/trigger", data={"canarytoken": tokens[0], "src_ip": "203.0.113.5"},
                            timeout=TIMEOUT)
    assert trigger.status_code == 200, trigger.text
    post(base_url, "incident/acknowledge", incident=trigger.json()["incident"]["id"])
    post(base_url, "flock/create", name="Audit Flock")
    return tokens


def fetch(base_url, params, headers=None):
    reply = requests.get(f"{base_url}/api/v1/audit_trail/fetch", params=params, headers=headers or {},
                         timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert set(body) == {"audit_trail", "cursor", "page_count", "page_number", "result"}
    assert set(body["cursor"]) == {"next", "prev"}
    return body


def cursor(text):
    return base64.b64encode(text.encode()).decode()


def test_items_and_fields(server):
    tokens = seven_changes(server.base_url)
    body = fetch(server.base_url, KEY)
    items = body["audit_trail"]
    assert [item["id"] for item in items] == [7, 6, 5, 4, 3, 2, 1]
    assert {item["id"]: item["action_type"] for item in items} == EXPECTED
    assert body["cursor"] == {"next": None, "prev": None}
    assert (body["page_count"], body["page_number"]) == (1, 1)
    newest_token = items[4]
    assert set(newest_token) == {
        "action_type", "additional_information", "flock_id", "flock_name", "id", "message", "timestamp", "user",
        "user_access_route", "user_browser_agent", "user_browser_language", "user_ip"}
    assert newest_token["message"] == f"Created a Web Bug Canarytoken {tokens[2]}"
    assert newest_token["flock_id"] == "flock:default"
    assert newest_token["flock_name"] == "Default Flock"
    assert newest_token["user"] == "API Token"
    assert newest_token["user_ip"] == "127.0.0.1"
    assert newest_token["user_browser_agent"].startswith("python-requests/")
    assert newest_token["additional_information"] is None
    assert newest_token["user_access_route"] == ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\+0000", newest_token["timestamp"])
    assert items[3]["message"] == f"Disabled a Web Bug Canarytoken {tokens[2]}"
    assert items[2]["message"] == "Added 198.51.100.9 to the ignore list"
    assert items[0]["message"] == "Created the flock 'Audit Flock'"
    assert AUTH_TOKEN not in str(body)


def test_pages_as_the_splunk_ta(server):
    """TA-T: limit=1&after_id=<checkpoint> with the key in a header; the new checkpoint is the first item's id; then
    cursor.next without limit or after_id, writing items until one is at or below the old checkpoint."""
    seven_changes(server.base_url)
    headers = {"X-Canary-Auth-Token": AUTH_TOKEN}
    checkpoint = 3
    first = fetch(server.base_url, {"limit": 1, "after_id": checkpoint}, headers)
    assert [item["id"] for item in first["audit_trail"]] == [7]
    assert first["cursor"] == {"next": cursor("0:7:1:3:2:4"), "prev": None}
    assert (first["page_count"], first["page_number"]) == (4, 1)
    written = list(first["audit_trail"])
    new_checkpoint = first["audit_trail"][0]["id"]
    next_cursor = first["cursor"]["next"]
    pages = 1
    while next_cursor:
        page = fetch(server.base_url, {"cursor": next_cursor}, headers)
        pages += 1
        if pages == 2:
            assert page["cursor"] == {"next": cursor("0:6:1:3:3:7"), "prev": cursor("1:6:1:3:1:7")}
            assert (page["page_count"], page["page_number"]) == (7, 2)
        stop = False
        for item in page["audit_trail"]:
            if item["id"] <= checkpoint:
                stop = True
                break
            written.append(item)
        if stop:
            break
        next_cursor = page["cursor"]["next"]
    assert new_checkpoint == 7
    assert [(item["id"], item["action_type"]) for item in written] == [(n, EXPECTED[n]) for n in (7, 6, 5, 4)]
    # The next run from the new checkpoint finds nothing.
    assert fetch(server.base_url, {"limit": 1, "after_id": new_checkpoint}, headers)["audit_trail"] == []


def test_pages_as_elastic(server):
    """ELASTIC: the first page with limit and start_date, then cursor alone until cursor.next is missing."""
    seven_changes(server.base_url)
    yesterday = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    body = fetch(server.base_url, {**KEY, "limit": 3, "start_date": yesterday})
    seen = [[item["id"] for item in body["audit_trail"]]]
    assert body["cursor"]["next"] == cursor("0:5:3:3:2:3")
    while body["cursor"].get("next"):
        body = fetch(server.base_url, {**KEY, "cursor": body["cursor"]["next"]})
        seen.append([item["id"] for item in body["audit_trail"]])
    assert seen == [[7, 6, 5], [4, 3, 2], [1]]
    assert body["cursor"] == {"next": None, "prev": cursor("1:1:3:3:2:3")}
    assert body["page_number"] == 3


def test_pages_as_gravwell(server):
    """GRAV: limit on every page, cursor pages included (the cursor's limit wins); stops on an empty page or a null
    next."""
    seven_changes(server.base_url)
    body = fetch(server.base_url, {**KEY, "limit": 2})
    seen = [[item["id"] for item in body["audit_trail"]]]
    while body["audit_trail"] and body["cursor"]["next"]:
        body = fetch(server.base_url, {**KEY, "limit": 100, "cursor": body["cursor"]["next"]})
        seen.append([item["id"] for item in body["audit_trail"]])
    assert seen == [[7, 6], [5, 4], [3, 2], [1]]
    assert [EXPECTED[n] for page in seen for n in page] == [EXPECTED[n] for n in range(7, 0, -1)]


def test_filters_errors_and_purge(server):
    seven_changes(server.base_url)
    creates = fetch(server.base_url, {**KEY, "action_filter": "canarytoken_create"})
    assert [item["id"] for item in creates["audit_trail"]] == [3, 2, 1]
    found = fetch(server.base_url, {**KEY, "search_term": "198.51.100.9"})
    assert [item["id"] for item in found["audit_trail"]] == [5]
    both = requests.get(f"{server.base_url}/api/v1/audit_trail/fetch",
                        params={**KEY, "after_id": 1, "cursor": cursor("0:5:3:3:2:3")}, timeout=TIMEOUT)
    assert both.status_code == 400
    assert both.json() == {"message": "Cannot use cursor and after_id together", "result": "error"}
    purged = post(server.base_url, "audit_trail/purge", id="4")
    assert purged == {"msg": "4 logs purged successfully", "result": "success"}
    after = fetch(server.base_url, KEY)
    assert [(item["id"], item["action_type"]) for item in after["audit_trail"]] == [
        (8, "audit_trail_purge"), (7, "flock_create"), (6, "incident_acknowledge"), (5, "ignore_list_add")]
    # A reset empties the trail and restarts ids at 1.
    assert requests.post(f"{server.base_url}/_mock/reset", timeout=TIMEOUT).status_code == 200
    assert fetch(server.base_url, KEY)["audit_trail"] == []
    post(server.base_url, "canarytoken/create", kind="dns", memo="after reset")
    assert [item["id"] for item in fetch(server.base_url, KEY)["audit_trail"]] == [1]
