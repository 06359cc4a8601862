"""Fixtures that run the real `canary-mock` binary for the client tests.

The binary comes from $CANARY_MOCK_BIN (default: .build/debug/canary-mock under the repo root). Each server listens on
127.0.0.1 with port 0 and a database file in the test's temporary directory; the bound port is read from the
"listening on http://127.0.0.1:<port>" line on stderr. Stopping sends SIGTERM and requires exit status 0.
"""

import json
import os
import re
import signal
import subprocess
import threading
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AUTH_TOKEN = "canary-mock-auth-token"
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:(\d+))")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0


def mock_binary():
    path = Path(os.environ.get("CANARY_MOCK_BIN", REPO_ROOT / ".build" / "debug" / "canary-mock"))
    if not path.is_absolute():
        # A relative path: from the working directory if it is there, else from the repo root.
        path = path.resolve() if path.exists() else REPO_ROOT / path
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"canary-mock binary not found or not executable at {path} (set CANARY_MOCK_BIN)")
    return path


class MockServer:
    """One running canary-mock process."""

    def __init__(self, database, extra_args=()):
        self.database = Path(database)
        self.log = []
        args = [str(mock_binary()), "--host", "127.0.0.1", "--port", "0", "--database", str(self.database),
                *extra_args]
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        self.base_url = self._wait_for_listening_line()
        # Keep draining stderr so the server never blocks on a full pipe.
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()

    @property
    def api(self):
        """The URL canarytools wants as ROOT (with the trailing slash)."""
        return self.base_url + "/api/v1/"

    def _wait_for_listening_line(self):
        found = {}

        def reader():
            for line in self.process.stderr:
                self.log.append(line)
                match = LISTENING.search(line)
                if match:
                    found["url"] = match.group(1)
                    return

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        thread.join(START_TIMEOUT)
        if "url" not in found:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"canary-mock did not log its listening line within {START_TIMEOUT}s "
                        f"(exit {self.process.returncode}); stderr:\n{''.join(self.log)}")
        return found["url"]

    def _read_rest(self):
        for line in self.process.stderr:
            self.log.append(line)

    def stop(self):
        """SIGTERM, then the exit status must be 0. Returns the status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail(f"canary-mock did not stop within {STOP_TIMEOUT}s of SIGTERM")
        self._drain.join(5)
        assert self.process.returncode == 0, (
            f"canary-mock exited with {self.process.returncode}; stderr:\n{''.join(self.log)}")
        return self.process.returncode


@pytest.fixture
def start_server(tmp_path):
    """Factory: start_server(database=None, config=None, extra_args=()) -> MockServer. All are stopped at teardown
    (SIGTERM, exit 0 asserted) unless the test stopped them already."""
    servers = []

    def start(database=None, config=None, extra_args=()):
        args = list(extra_args)
        if config is not None:
            config_path = tmp_path / f"config-{len(servers)}.json"
            config_path.write_text(json.dumps(config))
            args += ["--config", str(config_path)]
        server = MockServer(database or tmp_path / "canary-mock.sqlite3", args)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def server(start_server):
    """A fresh server with the built-in defaults and a temporary database."""
    return start_server()


@pytest.fixture
def base_url(server):
    """Base URL of a fresh server, e.g. http://127.0.0.1:40123 (API under /api/v1/)."""
    yield server.base_url

