"""Plain `requests` against the real canary-mock binary: factories, header auth, concurrency and the SQLite file."""

import re
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from conftest import AUTH_TOKEN

TIMEOUT = 30
ID = re.compile(r"^[0-9a-z]{25}$")
HEX32 = re.compile(r"^[0-9a-f]{32}$")


def api(base_url, path):
    return f"{base_url}/api/v1/{path}"


def check_json(response, status, result):
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.text.endswith("}\n")
    body = response.json()
    assert response.status_code == status, (response.status_code, body)
    assert body["result"] == result, body
    return body


def check_error(response, status, message):
    body = check_json(response, status, "error")
    assert body == {"message": message, "result": "error"}


# ---------------------------------------------------------------------------------------------------------------------
# Token factory

def test_factory_flow(base_url):
    created = check_json(requests.post(api(base_url, "canarytoken/create_factory"),
                                       data={"auth_token": AUTH_TOKEN, "memo": "EC2 fleet"}, timeout=TIMEOUT),
                         200, "success")
    assert set(created) == {"factory_auth", "factory_url", "result"}
    factory = created["factory_auth"]
    assert HEX32.match(factory), factory
    assert created["factory_url"] == "/api/v1/canarytoken/factory"

    # Both the current and the legacy path make tokens with the factory string alone.
    tokens = []
    for path, kind in [("canarytoken/factory/create", "aws-id"), ("canarytoken/factory", "http")]:
        body = check_json(requests.post(api(base_url, path),
                                        data={"factory_auth": factory, "memo": f"via {path}", "kind": kind},
                                        timeout=TIMEOUT), 200, "success")
        token = body["canarytoken"]
        assert ID.match(token["canarytoken"])
        assert token["kind"] == kind and token["memo"] == f"via {path}"
        assert token["factory_auth"] == factory
        assert token["flock_id"] == "flock:default"
        tokens.append(token)

    # The factory string is not an auth_token, and an auth_token does not replace the factory string.
    check_error(requests.get(api(base_url, "ping"), params={"auth_token": factory}, timeout=TIMEOUT),
                401, "Invalid auth_token")
    check_error(requests.post(api(base_url, "canarytoken/factory/create"),
                              data={"auth_token": AUTH_TOKEN, "memo": "m", "kind": "aws-id"}, timeout=TIMEOUT),
                401, "Invalid factory_auth")

    # Delete (fields as a form body, as in Thinkst's docs), then the factory is refused.
    deleted = check_json(requests.delete(api(base_url, "canarytoken/delete_factory"),
                                         data={"auth_token": AUTH_TOKEN, "factory_auth": factory}, timeout=TIMEOUT),
                         200, "success")
    assert deleted == {"msg": "TokenFactory auth string deleted", "result": "success"}
    for path in ["canarytoken/factory/create", "canarytoken/factory"]:
        check_error(requests.post(api(base_url, path),
                                  data={"factory_auth": factory, "memo": "after delete", "kind": "aws-id"},
                                  timeout=TIMEOUT), 401, "Invalid factory_auth")
    # Deleting again (fields in the query string, as canarytools sends DELETE) finds nothing.
    check_error(requests.delete(api(base_url, "canarytoken/delete_factory"),
                                params={"auth_token": AUTH_TOKEN, "factory_auth": factory}, timeout=TIMEOUT),
                404, "Could not find the factory auth string")

    # Tokens made through the factory stay, with their factory_auth.
    for token in tokens:
        fetched = check_json(requests.get(api(base_url, "canarytoken/fetch"),
                                          params={"auth_token": AUTH_TOKEN, "canarytoken": token["canarytoken"]},
                                          timeout=TIMEOUT), 200, "success")
        assert fetched["token"] == token


def test_factory_from_the_config_file(start_server):
    server = start_server(config={"factories": [{"factory_auth": "fleet-secret-from-config", "memo": "fleet",
                                                  "flock_id": "flock:default"}]})
    body = check_json(requests.post(api(server.base_url, "canarytoken/factory/create"),
                                    data={"factory_auth": "fleet-secret-from-config", "memo": "boot",
                                          "kind": "aws-id", "aws_id_username": "fleet-user"},
                                    timeout=TIMEOUT), 200, "success")
    assert body["canarytoken"]["factory_auth"] == "fleet-secret-from-config"
    assert body["canarytoken"]["username"] == "fleet-user"


# ---------------------------------------------------------------------------------------------------------------------
# Header auth

def test_header_auth(base_url):
    for name in ["X-Canary-Auth-Token", "x-canary-auth-token", "X-CANARY-AUTH-TOKEN"]:
        assert check_json(requests.get(api(base_url, "ping"), headers={name: AUTH_TOKEN}, timeout=TIMEOUT),
                          200, "success") == {"result": "success"}
    body = check_json(requests.post(api(base_url, "canarytoken/create"), headers={"X-Canary-Auth-Token": AUTH_TOKEN},
                                    data={"memo": "header auth", "kind": "dns"}, timeout=TIMEOUT), 200, "success")
    token_id = body["canarytoken"]["canarytoken"]
    fetched = check_json(requests.get(api(base_url, "canarytoken/fetch"), headers={"X-Canary-Auth-Token": AUTH_TOKEN},
                                      params={"canarytoken": token_id}, timeout=TIMEOUT), 200, "success")
    assert fetched["token"] == body["canarytoken"]

    check_error(requests.get(api(base_url, "ping"), headers={"X-Canary-Auth-Token": "wrong"}, timeout=TIMEOUT),
                401, "Unauthorized")
    check_error(requests.get(api(base_url, "ping"), timeout=TIMEOUT), 401, "Invalid auth_token")
    # When the parameter is present it decides, whatever the header says.
    check_error(requests.get(api(base_url, "ping"), params={"auth_token": "wrong"},
                             headers={"X-Canary-Auth-Token": AUTH_TOKEN}, timeout=TIMEOUT), 401, "Invalid auth_token")
    check_json(requests.get(api(base_url, "ping"), params={"auth_token": AUTH_TOKEN},
                            headers={"X-Canary-Auth-Token": "wrong"}, timeout=TIMEOUT), 200, "success")


# ---------------------------------------------------------------------------------------------------------------------
# JSON bodies (docs/api.md §1)

def test_json_object_body_creates_a_token(base_url):
    body = check_json(requests.post(api(base_url, "canarytoken/create"),
                                    json={"auth_token": AUTH_TOKEN, "kind": "http", "memo": "json memo \u00e9",
                                          "browser_scanner_enabled": False, "unused": [1, {"a": None}]},
                                    timeout=TIMEOUT), 200, "success")
    token = body["canarytoken"]
    assert ID.match(token["canarytoken"])
    assert (token["kind"], token["memo"], token["browser_scanner_enabled"]) == ("http", "json memo \u00e9", False)
    # Content-Type: application/json with no body, the key in the query string: the body is ignored.
    empty = requests.post(api(base_url, "ping"), params={"auth_token": AUTH_TOKEN},
                          headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert check_json(empty, 200, "success") == {"result": "success"}


def test_hostile_json_bodies_are_bounded(base_url):
    """Deep nesting is parsed on a connection thread's small stack: past the reader's depth it is no object (no
    parameters), never a crash; a JSON body over 64 KiB is refused before anything is read from it."""
    for depth in (31, 200, 600, 5000):
        body = '{"a": ' + "[" * depth + "]" * depth + "}"
        response = requests.post(api(base_url, "ping"), params={"auth_token": AUTH_TOKEN}, data=body,
                                 headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
        assert check_json(response, 200, "success") == {"result": "success"}
    big = requests.post(api(base_url, "ping"), params={"auth_token": AUTH_TOKEN},
                        data='{"k": [' + "1," * 40_000 + "1]}", headers={"Content-Type": "application/json"},
                        timeout=TIMEOUT)
    assert check_json(big, 413, "error") == {"message": "Could not process the parameters", "result": "error"}
    assert check_json(requests.get(api(base_url, "ping"), params={"auth_token": AUTH_TOKEN}, timeout=TIMEOUT),
                      200, "success") == {"result": "success"}


# ---------------------------------------------------------------------------------------------------------------------
# Concurrency and the database file

def test_concurrent_creates_are_distinct_and_persisted(server):
    base_url = server.base_url
    local = threading.local()

    def session():
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    def create(i):
        response = session().post(api(base_url, "canarytoken/create"),
                                  data={"auth_token": AUTH_TOKEN, "memo": f"concurrent {i}",
                                        "kind": ["http", "dns", "aws-id", "qr-code"][i % 4]}, timeout=TIMEOUT)
        return check_json(response, 200, "success")["canarytoken"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = list(pool.map(create, range(200)))

    ids = [t["canarytoken"] for t in tokens]
    assert len(set(ids)) == 200
    assert all(ID.match(i) for i in ids)
    assert sorted(t["memo"] for t in tokens) == sorted(f"concurrent {i}" for i in range(200))
    updated_ids = [t["updated_id"] for t in tokens]
    assert len(set(updated_ids)) == 200

    def fetch(token):
        response = session().get(api(base_url, "canarytoken/fetch"),
                                 params={"auth_token": AUTH_TOKEN, "canarytoken": token["canarytoken"]},
                                 timeout=TIMEOUT)
        return check_json(response, 200, "success")["token"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        fetched = list(pool.map(fetch, tokens))
    assert fetched == tokens

    # Every success was committed before the response: the file holds exactly those 200 tokens.
    connection = sqlite3.connect(f"file:{server.database}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT canarytoken, memo, kind, updated_id FROM tokens").fetchall()
        counter = connection.execute("SELECT updated_id FROM console").fetchone()[0]
    finally:
        connection.close()
    assert sorted(rows) == sorted((t["canarytoken"], t["memo"], t["kind"], t["updated_id"]) for t in tokens)
    assert counter >= max(updated_ids)
