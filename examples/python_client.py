#!/usr/bin/env python3
"""The official Python client `canarytools` (tested with 1.2.3) against canary-mock.

    pip install canarytools==1.2.3
    python3 examples/python_client.py

Environment: CANARY_MOCK_URL (default http://127.0.0.1:8080, no /api/v1), CANARY_MOCK_KEY (default
canary-mock-auth-token). Pings, creates an aws-id token, fetches it back, and shows the exception a wrong key raises.
Exits non-zero on any failure.

canarytools has no option for the base URL. It keeps the URL in the module global `canarytools.console.ROOT`, which
`Console(...)` rewrites to https://<domain>.canary.tools/api/v1/ and every call reads afresh: so create the Console
first, then point ROOT at the mock. ROOT is global: it applies to every Console in the process.
"""

import os
import sys

import canarytools
from canarytools.exceptions import InvalidAuthTokenError

URL = os.environ.get("CANARY_MOCK_URL", "http://127.0.0.1:8080").rstrip("/")
KEY = os.environ.get("CANARY_MOCK_KEY", "canary-mock-auth-token")


def connect(api_key):
    console = canarytools.Console(domain="mock", api_key=api_key)
    canarytools.console.ROOT = URL + "/api/v1/"  # after creating the Console, which overwrites ROOT
    return console


def main():
    console = connect(KEY)

    # ping() returns True, or raises for a wrong key.
    assert console.ping() is True
    print("ping: True")

    # In canarytools 1.2.3, CanaryTokenKinds.AWS is the "aws-id" kind (fake AWS API keys).
    token = console.tokens.create(memo="Fake AWS keys in CI", kind=canarytools.CanaryTokenKinds.AWS)
    print(f"created {token.kind} token {token.canarytoken}")
    print(f"  access_key_id     {token.access_key_id}")
    print(f"  secret_access_key {token.secret_access_key}")
    print(f"  username          {token.username}")
    print(f"  hostname          {token.hostname}")

    # get_token() calls GET /api/v1/canarytoken/fetch.
    fetched = console.tokens.get_token(token.canarytoken)
    assert fetched.canarytoken == token.canarytoken
    assert fetched.access_key_id == token.access_key_id
    print(f"fetched {fetched.canarytoken}: memo {fetched.memo!r}, access_key_id {fetched.access_key_id}")

    # A wrong key: the mock answers "Invalid auth_token", which the client maps to InvalidAuthTokenError.
    wrong = connect("not-the-key")
    try:
        wrong.ping()
    except InvalidAuthTokenError:
        print("wrong key: InvalidAuthTokenError, as from the real Console")
    else:
        raise AssertionError("a wrong key was accepted")

    print("python client: every step passed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # one readable line instead of a traceback for the usual failures
        print(f"FAIL: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
