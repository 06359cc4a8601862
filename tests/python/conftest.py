"""Fixtures that run the real `canary-mock` binary for the client tests (started by tests/mockserver.py).

The binary comes from $CANARY_MOCK_BIN (default: .build/debug/canary-mock under the repo root). Each server listens on
127.0.0.1 with port 0 and a database file in the test's temporary directory. Stopping sends SIGTERM and requires exit
status 0.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import canarytools  # noqa: E402
import canarytools.console as cconsole  # noqa: E402

import mockserver  # noqa: E402
from mockserver import AUTH_TOKEN  # noqa: E402,F401  (the tests do `from conftest import AUTH_TOKEN`)

# canarytools builds its URL from this module-level template; a test points it at the server and every test starts
# and ends with the pristine one.
CLIENT_ROOT_TEMPLATE = "https://{0}.canary.tools/api/v1/"


class MockServer(mockserver.MockServer):
    """One running canary-mock process; stop() requires exit status 0."""

    def stop(self):
        """SIGTERM, then the exit status must be 0. Returns the status."""
        status = super().stop()
        assert status == 0, f"canary-mock exited with {status}; stderr:\n{''.join(self.log)}"
        return status


@pytest.fixture
def start_server(tmp_path):
    """Factory: start_server(database=None, config=None, extra_args=()) -> MockServer. All are stopped at teardown
    (SIGTERM, exit 0 asserted) unless the test stopped them already."""
    yield from mockserver.server_factory(tmp_path, MockServer, teardown=MockServer.stop)


@pytest.fixture
def server(start_server):
    """A fresh server with the built-in defaults and a temporary database."""
    return start_server()


@pytest.fixture
def base_url(server):
    """Base URL of a fresh server, e.g. http://127.0.0.1:40123 (API under /api/v1/)."""
    yield server.base_url


@pytest.fixture(autouse=True)
def reset_client_root():
    """Every test starts and ends with the official client's pristine ROOT template."""
    cconsole.ROOT = CLIENT_ROOT_TEMPLATE
    yield
    cconsole.ROOT = CLIENT_ROOT_TEMPLATE


def client_console(server, **kwargs):
    """The official client pointed at the server (ROOT set before Console(), which leaves a brace-free URL as is)."""
    cconsole.ROOT = server.api
    return canarytools.Console(domain="mock", api_key=AUTH_TOKEN, **kwargs)


@pytest.fixture
def console(server):
    """The official client pointed at a fresh server."""
    return client_console(server)


def run_readme_block(marker, base_url, timeout=10):
    """Runs the commands of the README's ```sh block that follows `marker` (continuation lines joined), each against
    `base_url` instead of http://127.0.0.1:8080, and returns each command's JSON answer, in order."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split(marker, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line for line in block.replace("\\\n", " ").splitlines() if line.strip()]
    answers = []
    for line in lines:
        command = line.replace("http://127.0.0.1:8080", base_url)
        done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=timeout, check=True)
        answers.append(json.loads(done.stdout))
    return answers
