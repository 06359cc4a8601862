"""The trigger channels against the real canary-mock binary (docs/triggers.md): `curl` on a token's own URL, and the
AWS CLI (`aws`, from tests/requirements.txt) with an aws-id token's downloaded credentials file, pointed at
`/_mock/aws`. What a hit recorded is read from the database file with sqlite3 (tables `incidents`, `incident_events`).

A missing tool (curl, aws) skips its test locally and fails it under CI=true (CI installs both).
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
from urllib.parse import urlsplit

import pytest
import requests

from conftest import AUTH_TOKEN

KEY = {"auth_token": AUTH_TOKEN}
# The 1x1 transparent GIF89a the token server answers.
GIF = bytes.fromhex("474946383961010001008000000000" "00ffffff21f90401000000002c00000000010001000002024401003b")
TIMEOUT = 60


def need(tool):
    """The tool's path; a missing one skips locally and fails under CI=true (CI installs every one)."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI installs it: .ci/run, tests/requirements.txt)")
        pytest.skip(message)
    return path


def create(base_url, kind, **extra):
    reply = requests.post(f"{base_url}/api/v1/canarytoken/create", data={**KEY, "kind": kind, "memo": "channel test",
                                                                        **extra}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    return reply.json()["canarytoken"]


def incidents(server, token_id):
    """[(incident row as a dict, [event fields ...])] of the token, oldest first, read from the database file."""
    connection = sqlite3.connect(f"file:{server.database}?mode=ro", uri=True, timeout=10)
    try:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM incidents WHERE node_id = ? ORDER BY created_us",
                                  (token_id,)).fetchall()
        result = []
        for row in rows:
            events = connection.execute("SELECT fields FROM incident_events WHERE incident_key = ? ORDER BY time_us",
                                        (row["incident_key"],)).fetchall()
            result.append((dict(row), [json.loads(event["fields"]) for event in events]))
        return result
    finally:
        connection.close()


def triggered_count(base_url, token_id):
    reply = requests.get(f"{base_url}/api/v1/canarytoken/fetch", params={**KEY, "canarytoken": token_id},
                         timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    return int(reply.json()["token"]["triggered_count"])


def curl(*args):
    return subprocess.run([need("curl"), "-sS", "--max-time", "30", *args], capture_output=True, timeout=TIMEOUT,
                          check=True)


# MARK: - HTTP channel


def test_curl_on_a_token_url_makes_one_incident_with_the_request_headers(server, tmp_path):
    token = create(server.base_url, "http")
    path = urlsplit(token["url"]).path
    body = tmp_path / "body"
    result = curl("-o", str(body), "-w", "%{http_code} %{content_type}", "-H", "X-Channel-Test: yes",
                  "-H", "X-Forwarded-For: 203.0.113.9", f"{server.base_url}{path}?campaign=q3&campaign=q4")
    assert result.stdout.decode() == "200 image/gif"
    assert body.read_bytes() == GIF

    found = incidents(server, token["canarytoken"])
    assert len(found) == 1
    incident, events = found[0]
    assert incident["kind"] == "http"
    assert incident["logtype"] == "17000"
    assert incident["src_host"] == "127.0.0.1"  # the peer, not X-Forwarded-For
    assert len(events) == 1
    event = events[0]
    headers = event["headers"]
    assert headers["X-Channel-Test"] == "yes"
    assert headers["X-Forwarded-For"] == "203.0.113.9"
    assert headers["Host"] == f"127.0.0.1:{server.port}"
    assert headers["Accept"] == "*/*"
    assert re.fullmatch(r"curl/\S+", headers["User-Agent"])
    assert event["url"] == f"http://127.0.0.1:{server.port}{path}?campaign=q3&campaign=q4"
    assert event["request_args"] == {"campaign": "q4"}
    assert event["src_host"] == "127.0.0.1"
    assert event["canarytoken"] == token["canarytoken"]
    assert event["type"] == "http"
    assert event["dst_port"] == 80
    assert triggered_count(server.base_url, token["canarytoken"]) == 1


def test_curl_on_a_fast_redirect_url_gets_the_302(server):
    token = create(server.base_url, "fast-redirect", browser_redirect_url="https://example.com/landing?from=token")
    path = urlsplit(token["url"]).path
    result = curl("-o", os.devnull, "-w", "%{http_code} %{redirect_url}", f"{server.base_url}{path}")
    assert result.stdout.decode() == "302 https://example.com/landing?from=token"
    found = incidents(server, token["canarytoken"])
    assert len(found) == 1
    assert found[0][0]["logtype"] == "17016"


def test_unknown_and_disabled_tokens_answer_and_record_nothing(server, tmp_path):
    token = create(server.base_url, "http")
    reply = requests.post(f"{server.base_url}/api/v1/canarytoken/disable",
                          data={**KEY, "canarytoken": token["canarytoken"]}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    for path in (urlsplit(token["url"]).path, "/cdn/0123456789abcdefghijklmno/logo.gif"):
        body = tmp_path / "body"
        result = curl("-o", str(body), "-w", "%{http_code}", f"{server.base_url}{path}")
        assert result.stdout.decode() == "200"
        assert body.read_bytes() == GIF
    assert incidents(server, token["canarytoken"]) == []
    # A disabled redirect token still redirects: the decoy never tells.
    redirect = create(server.base_url, "fast-redirect", browser_redirect_url="https://example.com/next")
    reply = requests.post(f"{server.base_url}/api/v1/canarytoken/disable",
                          data={**KEY, "canarytoken": redirect["canarytoken"]}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    result = curl("-o", os.devnull, "-w", "%{http_code} %{redirect_url}",
                  f"{server.base_url}{urlsplit(redirect['url']).path}")
    assert result.stdout.decode() == "302 https://example.com/next"
    assert incidents(server, redirect["canarytoken"]) == []


# MARK: - AWS channel


def aws(server, credentials, *args):
    """`aws <args> --endpoint-url <server>/_mock/aws` with only the given credentials file in force."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update({
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials), "AWS_CONFIG_FILE": os.devnull,
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
    })
    return subprocess.run([need("aws"), *args, "--endpoint-url", f"{server.base_url}/_mock/aws", "--output", "json"],
                          capture_output=True, text=True, env=env, timeout=TIMEOUT)


def download_credentials(server, token, tmp_path):
    reply = requests.get(f"{server.base_url}/api/v1/canarytoken/download",
                         params={**KEY, "canarytoken": token["canarytoken"]}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    path = tmp_path / "credentials"
    path.write_bytes(reply.content)
    return path


def test_aws_cli_get_caller_identity_prints_the_identity_and_makes_one_incident(server, tmp_path):
    need("aws")
    token = create(server.base_url, "aws-id")
    credentials = download_credentials(server, token, tmp_path)
    assert token["access_key_id"] in credentials.read_text()

    result = aws(server, credentials, "sts", "get-caller-identity")
    assert result.returncode == 0, result.stderr
    identity = json.loads(result.stdout)
    assert set(identity) == {"UserId", "Account", "Arn"}
    assert re.fullmatch(r"\d{12}", identity["Account"])
    assert identity["Arn"] == f"arn:aws:iam::{identity['Account']}:user/{token['username']}"
    assert re.fullmatch(r"AIDA[A-Z2-7]{17}", identity["UserId"])

    found = incidents(server, token["canarytoken"])
    assert len(found) == 1
    incident, events = found[0]
    assert incident["kind"] == "aws-id"
    assert incident["logtype"] == "17012"
    assert incident["src_host"] == "127.0.0.1"
    assert len(events) == 1
    assert events[0]["event_name"] == "GetCallerIdentity"
    assert events[0]["user_agent"].startswith("aws-cli/")
    assert events[0]["headers"]["Authorization"].startswith(
        f"AWS4-HMAC-SHA256 Credential={token['access_key_id']}/")
    assert triggered_count(server.base_url, token["canarytoken"]) == 1

    # The same key again: the same identity, and the event joins the open incident.
    again = aws(server, credentials, "sts", "get-caller-identity")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == identity
    found = incidents(server, token["canarytoken"])
    assert len(found) == 1 and len(found[0][1]) == 2


def test_aws_cli_other_actions_are_denied_and_recorded(server, tmp_path):
    need("aws")
    token = create(server.base_url, "aws-id")
    credentials = download_credentials(server, token, tmp_path)
    result = aws(server, credentials, "iam", "list-users")
    assert result.returncode != 0
    assert "AccessDenied" in result.stderr
    assert f"user/{token['username']} is not authorized to perform: iam:ListUsers" in result.stderr
    found = incidents(server, token["canarytoken"])
    assert len(found) == 1
    assert [event["event_name"] for event in found[0][1]] == ["ListUsers"]


def test_aws_cli_with_an_unknown_key_is_refused_and_a_disabled_one_answers_but_records_nothing(server, tmp_path):
    need("aws")
    token = create(server.base_url, "aws-id")
    credentials = download_credentials(server, token, tmp_path)
    unknown = tmp_path / "unknown"
    unknown.write_text("[default]\naws_access_key_id=AKIAAAAAAAAAAAAAAAAA\n"
                       "aws_secret_access_key=0000000000000000000000000000000000000000\n")
    result = aws(server, unknown, "sts", "get-caller-identity")
    assert result.returncode != 0
    assert "InvalidClientTokenId" in result.stderr
    assert "The security token included in the request is invalid." in result.stderr

    reply = requests.post(f"{server.base_url}/api/v1/canarytoken/disable",
                          data={**KEY, "canarytoken": token["canarytoken"]}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    # A disabled token's key answers as a live one would (the decoy never tells) and records nothing.
    result = aws(server, credentials, "sts", "get-caller-identity")
    assert result.returncode == 0, result.stderr
    assert "arn:aws:iam::" in result.stdout
    assert incidents(server, token["canarytoken"]) == []
