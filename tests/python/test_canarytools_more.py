"""The official Python client `canarytools` 1.2.3 against the real canary-mock binary: the calls beyond the first five endpoints it makes
(tokens.all() over canarytokens/paginate, token update/enable/disable/delete, flocks list and create).

As in test_canarytools.py, the client is pointed at the mock through its module global `canarytools.console.ROOT`,
reset around every test.
"""

import json
import urllib.request

import pytest

import canarytools.console as cconsole
from canarytools import CanaryTokenKinds
from canarytools.exceptions import CanaryTokenError
from canarytools.models.result import Result

from conftest import AUTH_TOKEN



def get(server, path):
    """GET a mock path with the API key in the query string; the parsed JSON body."""
    separator = "&" if "?" in path else "?"
    with urllib.request.urlopen(f"{server.base_url}{path}{separator}auth_token={AUTH_TOKEN}") as response:
        return json.load(response)


def test_tokens_all_returns_every_token_and_terminates(console):
    made = {console.tokens.create(memo=f"token {i}", kind=CanaryTokenKinds.DNS).canarytoken for i in range(30)}
    tokens = console.tokens.all()
    assert len(tokens) == 30
    assert {t.canarytoken for t in tokens} == made
    assert {t.memo for t in tokens} == {f"token {i}" for i in range(30)}


def test_tokens_all_on_an_empty_console(console):
    assert console.tokens.all() == []


def test_paginate_cursor_next_walks_every_page_and_ends_on_null(server, console):
    made = {console.tokens.create(memo=f"token {i}", kind=CanaryTokenKinds.HTTP).canarytoken for i in range(25)}
    seen = []
    page = get(server, "/api/v1/canarytokens/paginate?limit=10")
    while True:
        seen += [t["canarytoken"] for t in page["canarytokens"]]
        cursor = page["cursor"]
        if cursor.get("next") is None:  # what jq's `.cursor.next` reads: null on the last page
            break
        assert cursor["next_link"].startswith(f"{server.base_url}/api/v1/canarytokens/paginate?cursor=")
        assert "auth_token" not in cursor["next_link"]
        page = get(server, f"/api/v1/canarytokens/paginate?cursor={cursor['next']}")
    assert page["page_num"] == page["page_total"] == 3
    assert len(seen) == 25 and set(seen) == made


def test_token_update_disable_enable_delete(console):
    token = console.tokens.create(memo="before", kind=CanaryTokenKinds.HTTP)
    result = token.update("after")
    assert isinstance(result, Result) and result.result == "success"
    fetched = console.tokens.get_token(token.canarytoken)
    assert fetched.memo == "after"
    assert fetched.updated_id > token.updated_id

    assert token.disable().result == "success"
    assert console.tokens.get_token(token.canarytoken).enabled is False
    assert token.enable().result == "success"
    assert console.tokens.get_token(token.canarytoken).enabled is True

    assert token.delete().result == "success"
    with pytest.raises(CanaryTokenError):
        console.tokens.get_token(token.canarytoken)
    assert console.tokens.all() == []


def test_token_update_with_blank_memo_is_an_error(console):
    token = console.tokens.create(memo="keep", kind=CanaryTokenKinds.HTTP)
    with pytest.raises(type(cconsole.ERROR_MAP["Empty memo"])):
        token.update(" ")
    assert console.tokens.get_token(token.canarytoken).memo == "keep"


def test_flocks_all_and_create(console):
    flocks = console.flocks.all()
    assert [(f.flock_id, f.name) for f in flocks] == [("flock:default", "Default Flock")]
    created = console.flocks.create("Cape Town")
    assert created.name == "Cape Town"
    assert created.flock_id.startswith("flock:") and len(created.flock_id) == 38
    assert {(f.flock_id, f.name) for f in console.flocks.all()} == {
        ("flock:default", "Default Flock"), (created.flock_id, "Cape Town")}
    token = console.tokens.create(memo="in the new flock", kind=CanaryTokenKinds.DNS, flock_id=created.flock_id)
    assert token.flock_id == created.flock_id
