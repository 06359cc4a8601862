"""Run the real `canary-mock` binary for the Python suites (tests/python and tests/robustness).

The binary comes from $CANARY_MOCK_BIN (a relative path from the working directory if it is there, else from the repo
root), or else the first executable of the suite's defaults. Each server listens on 127.0.0.1 with port 0; the bound
port is read from the "listening on http://127.0.0.1:<port>" line on stderr (a lifecycle line, logged even at
`--log-level warning`), and stderr is drained on a thread from then on so the server never blocks on a full pipe.

Both suites' conftest.py put this directory on sys.path and import this module.
"""

import json
import os
import re
import signal
import subprocess
import threading
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
AUTH_TOKEN = "canary-mock-auth-token"
HOST = "127.0.0.1"
LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
DEBUG_BINARY = Path(".build") / "debug" / "canary-mock"
RELEASE_BINARY = Path(".build") / "release" / "canary-mock"


class SetupError(Exception):
    """The binary is missing, or it did not log its listening line."""


def mock_binary(defaults=(DEBUG_BINARY,)):
    """$CANARY_MOCK_BIN, else the first of `defaults` (relative to the repo root) that is an executable file."""
    if os.environ.get("CANARY_MOCK_BIN"):
        candidates = [Path(os.environ["CANARY_MOCK_BIN"])]
    else:
        candidates = [REPO_ROOT / path for path in defaults]
    for path in candidates:
        if not path.is_absolute():
            # A relative path: from the working directory if it is there, else from the repo root.
            path = path.resolve() if path.exists() else REPO_ROOT / path
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise SetupError(f"canary-mock binary not found or not executable at {', '.join(map(str, candidates))} "
                     f"(set CANARY_MOCK_BIN)")


class MockServer:
    """One running canary-mock process: `--host 127.0.0.1 --port 0 --database DATABASE`, then `extra_args`, then
    `--config CONFIG_PATH` when `config` is given (written there as JSON). Raises SetupError when it does not start."""

    DEFAULT_BINARIES = (DEBUG_BINARY,)

    def __init__(self, database, extra_args=(), config=None, config_path=None, preexec_fn=None, env=None):
        self.database = Path(database) if database != ":memory:" else database
        self.log = []
        args = [str(mock_binary(self.DEFAULT_BINARIES)), "--host", HOST, "--port", "0", "--database", str(database),
                *extra_args]
        if config is not None:
            Path(config_path).write_text(json.dumps(config))
            args += ["--config", str(config_path)]
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn, env=env)
        self.pid = self.process.pid
        self.port = self._wait_for_listening_line()
        self.base_url = f"http://{HOST}:{self.port}"
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()

    @property
    def api(self):
        """The URL canarytools wants as ROOT (with the trailing slash)."""
        return self.base_url + "/api/v1/"

    @property
    def alive(self):
        return self.process.poll() is None

    def _wait_for_listening_line(self):
        found = {}

        def reader():
            for line in self.process.stderr:
                self.log.append(line)
                match = LISTENING.search(line)
                if match:
                    found["port"] = int(match.group(1))
                    return

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        thread.join(START_TIMEOUT)
        if "port" not in found:
            self.process.kill()
            self.process.wait()
            raise SetupError(f"canary-mock did not log its listening line within {START_TIMEOUT}s "
                             f"(exit {self.process.returncode}); stderr:\n{''.join(self.log)}")
        return found["port"]

    def _read_rest(self):
        for line in self.process.stderr:
            self.log.append(line)

    def stop(self):
        """SIGTERM (SIGKILL and AssertionError when it is still running STOP_TIMEOUT seconds later); returns the exit
        status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"canary-mock did not stop within {STOP_TIMEOUT}s of SIGTERM")
        self._drain.join(5)
        return self.process.returncode

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT)
        self._drain.join(5)
        return self.process.returncode


def server_factory(tmp_path, server_class, teardown):
    """The body of a `start_server` fixture: yields start(database=None, config=None, **kwargs) -> server_class, which
    uses tmp_path for the default database and the config files and fails the test on a SetupError; at teardown calls
    teardown(server) for each server started."""
    servers = []

    def start(database=None, config=None, **kwargs):
        try:
            server = server_class(database or tmp_path / "canary-mock.sqlite3", config=config,
                                  config_path=tmp_path / f"config-{len(servers)}.json", **kwargs)
        except SetupError as error:
            pytest.fail(str(error))
        servers.append(server)
        return server

    yield start
    for server in servers:
        teardown(server)
