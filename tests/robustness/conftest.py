"""Fixtures for the robustness suite (servers started from robustlib, figures reported at the end)."""

import pytest

import robustlib

# tests/python's modules do `from conftest import AUTH_TOKEN`; in one pytest run over tests/python and
# tests/robustness this conftest may be the one registered as `conftest`, so it offers the same name.
AUTH_TOKEN = robustlib.AUTH_TOKEN

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


@pytest.fixture
def start_server(tmp_path):
    """Factory: start_server(database=None, config=None) -> MockServer; the ones still running are stopped at
    teardown with SIGTERM and must exit 0."""
    servers = []

    def start(database=None, config=None):
        try:
            server = robustlib.MockServer(database or tmp_path / "canary-mock.sqlite3", config=config,
                                          config_path=tmp_path / f"config-{len(servers)}.json")
        except robustlib.SetupError as error:
            pytest.fail(str(error))
        servers.append(server)
        return server

    yield start
    for server in servers:
        if server.alive:
            status = server.stop()
            assert status == 0, f"canary-mock exited with {status}; stderr:\n{''.join(server.log[-50:])}"
