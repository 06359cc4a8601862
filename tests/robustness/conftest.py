"""Fixtures for the robustness suite (servers started from robustlib, figures reported at the end)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mockserver  # noqa: E402
import robustlib  # noqa: E402
# tests/python's modules do `from conftest import AUTH_TOKEN`; in one pytest run over tests/python and
# tests/robustness this conftest may be the one registered as `conftest`, so it offers the same name.
from mockserver import AUTH_TOKEN  # noqa: E402,F401

FIGURES = []


@pytest.fixture
def report(request):
    """report(name, value, unit=""): prints one measured figure now and again in the end-of-run summary."""

    def record(name, value, unit=""):
        line = f"{request.node.name}: {name} = {value}{(' ' + unit) if unit else ''}"
        FIGURES.append(line)
        print(f"\n  [figure] {line}", end="")

    return record


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("robustness figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def stop_if_running(server):
    try:
        if server.alive:
            status = server.stop()
            assert status == 0, f"canary-mock exited with {status}; stderr:\n{''.join(server.log[-50:])}"
    finally:
        server.release_cgroup()


@pytest.fixture
def start_server(tmp_path):
    """Factory: start_server(database=None, config=None) -> MockServer; the ones still running are stopped at
    teardown with SIGTERM and must exit 0."""
    yield from mockserver.server_factory(tmp_path, robustlib.MockServer, teardown=stop_if_running)
