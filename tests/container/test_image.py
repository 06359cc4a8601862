"""The built image, run for real with podman (docs/container.md); tests/container/check.sh builds it and runs this.

Environment: CANARY_MOCK_IMAGE (the image), CONTAINER_WORK (a folder for files to mount), CONTAINERS_CONF (podman's
settings for this host), CANARY_MOCK_BIN (the release binary, whose error lines the container's must equal).
Every port is published on 127.0.0.1 only.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

IMAGE = os.environ.get("CANARY_MOCK_IMAGE", "localhost/canary-mock:ci")
WORK = os.environ.get("CONTAINER_WORK", "/tmp")
BIN = os.environ.get("CANARY_MOCK_BIN", "")
KEY = "canary-mock-auth-token"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def podman(*args, check=True, timeout=120):
    """Runs podman and returns the completed process (stdout and stderr as text)."""
    done = subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(method, url, data=None, timeout=5):
    """(status, parsed JSON body) of one request; connection errors raise."""
    body = None if data is None else urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(url, data=body, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_health(port, deadline=30):
    """Waits until /_mock/health answers 200 through the published port; returns its body."""
    end = time.time() + deadline
    last = None
    while time.time() < end:
        try:
            status, body = request("GET", f"http://127.0.0.1:{port}/_mock/health", timeout=2)
            if status == 200:
                return body
            last = status
        except OSError as error:
            last = error
        time.sleep(0.2)
    raise AssertionError(f"no health answer on 127.0.0.1:{port} within {deadline} s (last: {last})")


def wait_exit(name, deadline=30):
    """Waits until the container has exited; returns its exit code."""
    end = time.time() + deadline
    while time.time() < end:
        state = podman("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name).stdout.split()
        if state and state[0] in ("exited", "stopped"):
            return int(state[1])
        time.sleep(0.2)
    raise AssertionError(f"container {name} still runs after {deadline} s")


def health_check(name):
    """`podman healthcheck run`: its exit code and the health status podman then records for the container."""
    done = podman("healthcheck", "run", name, check=False, timeout=60)
    status = podman("inspect", "--format", "{{.State.Health.Status}}", name).stdout.strip()
    return done.returncode, status


@pytest.fixture
def names():
    """Container and volume names made by a test; removed afterwards whatever happened."""
    made = {"containers": [], "volumes": []}

    def container():
        name = f"cm-check-{uuid.uuid4().hex[:10]}"
        made["containers"].append(name)
        return name

    def volume():
        name = f"cm-check-{uuid.uuid4().hex[:10]}"
        made["volumes"].append(name)
        return name

    yield container, volume
    for name in made["containers"]:
        podman("rm", "-f", "-t", "0", name, check=False)
    for name in made["volumes"]:
        podman("volume", "rm", "-f", name, check=False)


def run(name, port, *extra, volume=None):
    """Starts the image detached with its port published on 127.0.0.1 only."""
    args = ["run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8080"]
    if volume:
        args += ["-v", f"{volume}:/data"]
    podman(*args, *extra, IMAGE)


def test_image_keeps_its_health_check_user_and_defaults():
    image = json.loads(podman("image", "inspect", IMAGE).stdout)[0]
    config = image["Config"]
    assert config["User"] == "10001"
    assert config["Entrypoint"] == ["/usr/local/bin/canary-mock"]
    # Kept only in the Docker image format (buildah --format docker; OCI has no HEALTHCHECK).
    assert image["Healthcheck"]["Test"] == ["CMD", "/usr/local/bin/canary-mock", "healthcheck"]
    assert "8080/tcp" in config["ExposedPorts"]
    assert "CANARY_MOCK_DATABASE=/data/canary-mock.sqlite3" in config["Env"]


def test_starts_without_arguments_as_non_root_and_reports_its_health(names):
    container, _ = names
    name, port = container(), free_port()
    run(name, port)
    health = wait_health(port)
    assert health["status"] == "ok" and health["result"] == "success"
    status, pong = request("GET", f"http://127.0.0.1:{port}/api/v1/ping?auth_token={KEY}")
    assert (status, pong) == (200, {"result": "success"})
    top = podman("top", name, "user", "huser", "args").stdout.splitlines()
    assert top[1].split()[:2] == ["canary", "10001"], top
    assert "/usr/local/bin/canary-mock" in top[1]
    assert health_check(name) == (0, "healthy")
    # The server stopped inside the container (SIGSTOP from the host; a container's init ignores it from inside):
    # the health check's own timeout fires and it reports unhealthy, then healthy again once the server runs.
    pid = int(podman("inspect", "--format", "{{.State.Pid}}", name).stdout)
    os.kill(pid, signal.SIGSTOP)
    try:
        # One failure is not enough: the image's HEALTHCHECK counts 3 retries (after its 5 s start period) before
        # the status turns.
        results = [health_check(name)]
        while results[-1][1] != "unhealthy" and len(results) < 8:
            results.append(health_check(name))
        assert results[-1] == (1, "unhealthy") and 3 <= len(results) <= 8, results
        assert all(code == 1 for code, _ in results), results
    finally:
        os.kill(pid, signal.SIGCONT)
    assert health_check(name) == (0, "healthy")


def test_a_token_outlives_the_container_on_its_named_volume(names):
    container, volume = names
    data = volume()
    first, port = container(), free_port()
    run(first, port, volume=data)
    wait_health(port)
    status, created = request("POST", f"http://127.0.0.1:{port}/api/v1/canarytoken/create",
                              {"auth_token": KEY, "kind": "http", "memo": "kept on the volume"})
    assert status == 200, created
    token = created["canarytoken"]["canarytoken"]
    podman("rm", "-f", "-t", "10", first)
    second, port = container(), free_port()
    run(second, port, volume=data)
    wait_health(port)
    status, fetched = request("GET", f"http://127.0.0.1:{port}/api/v1/canarytoken/fetch?auth_token={KEY}"
                                     f"&canarytoken={token}")
    assert status == 200
    assert fetched["token"]["memo"] == "kept on the volume"
    assert fetched["token"]["canarytoken"] == token


def test_variables_and_a_mounted_config_and_seed_reach_the_server(names, tmp_path):
    container, _ = names
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({
        "auth_tokens": ["key-from-the-config-file"],
        "flocks": [{"flock_id": "flock:" + "a" * 32, "name": "Mounted Flock"}],
    }))
    seed_token = "c" * 25
    (folder / "seed.json").write_text(json.dumps({"tokens": [
        {"canarytoken": seed_token, "kind": "http", "memo": "from the mounted seed", "flock_id": "flock:default"},
    ]}))
    os.chmod(folder, 0o755)
    for entry in folder.iterdir():
        os.chmod(entry, 0o644)
    name, port = container(), free_port()
    run(name, port, "-v", f"{folder}:/etc/canary-mock:ro",
        "-e", "CANARY_MOCK_CONFIG=/etc/canary-mock/config.json",
        "-e", "CANARY_MOCK_SEED=/etc/canary-mock/seed.json",
        "-e", "CANARY_MOCK_LOG_FORMAT=json",
        "-e", "CANARY_MOCK_INCIDENT_WINDOW_SECONDS=5")
    wait_health(port)
    base = f"http://127.0.0.1:{port}/api/v1"
    assert request("GET", f"{base}/ping?auth_token={KEY}")[0] == 401
    assert request("GET", f"{base}/ping?auth_token=key-from-the-config-file") == (200, {"result": "success"})
    status, flocks = request("GET", f"{base}/flocks/list?auth_token=key-from-the-config-file")
    assert status == 200 and flocks["flocks"]["flock:" + "a" * 32] == "Mounted Flock"
    status, fetched = request("GET", f"{base}/canarytoken/fetch?auth_token=key-from-the-config-file"
                                     f"&canarytoken={seed_token}")
    assert status == 200 and fetched["token"]["memo"] == "from the mounted seed"
    status, health = request("GET", f"http://127.0.0.1:{port}/_mock/health")
    assert status == 200
    logs = podman("logs", name).stderr.splitlines() + podman("logs", name).stdout.splitlines()
    started = [json.loads(line) for line in logs if line.startswith("{") and "listening on" in line]
    assert len(started) == 1, logs
    assert started[0]["level"] == "info"
    assert started[0]["database"] == "/data/canary-mock.sqlite3"


def binary_error(*args, user=None):
    """The bare binary's one stderr line and exit code for the same mistake."""
    command = [BIN, *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    return done.returncode, done.stderr.strip()


@pytest.mark.skipif(not BIN or not os.path.exists(BIN), reason="CANARY_MOCK_BIN is not built")
def test_a_bad_config_file_exits_with_the_binarys_one_line_error(names, tmp_path):
    container, _ = names
    folder = tmp_path / "bad"
    folder.mkdir()
    os.chmod(folder, 0o755)
    bad = folder / "config.json"
    bad.write_text('{"incident_window_seconds": "soon"}\n')
    os.chmod(bad, 0o644)
    code, expected = binary_error("--config", str(bad), "--port", "0")
    assert code == 2 and expected.count("\n") == 0, expected
    name = container()
    run(name, free_port(), "-v", f"{folder}:/etc/canary-mock:ro", "-e", "CANARY_MOCK_CONFIG=/etc/canary-mock/config.json")
    assert wait_exit(name) == 2
    logs = podman("logs", name)
    lines = (logs.stdout + logs.stderr).strip().splitlines()
    assert lines == [expected.replace(str(bad), "/etc/canary-mock/config.json")]


@pytest.mark.skipif(not BIN or not os.path.exists(BIN), reason="CANARY_MOCK_BIN is not built")
def test_a_volume_it_cannot_write_exits_with_the_binarys_one_line_error(names, tmp_path):
    container, _ = names
    folder = tmp_path / "readonly-data"
    folder.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(folder, 0o755)  # owned by root: uid 10001 may read it, not write it
    code, expected = binary_error("--database", str(folder / "canary-mock.sqlite3"), "--port", "0", user=10001)
    assert code == 2 and expected.count("\n") == 0, expected
    name = container()
    run(name, free_port(), "-v", f"{folder}:/data")
    assert wait_exit(name) == 2
    logs = podman("logs", name)
    lines = (logs.stdout + logs.stderr).strip().splitlines()
    assert lines == [expected.replace(str(folder), "/data")]


def test_docker_compose_yml_comes_up_healthy_answers_and_goes_down(tmp_path):
    # The repository's compose file as it is, under its own project name; the image it names is the one just built.
    project = f"cmcheck{uuid.uuid4().hex[:8]}"
    folder = tmp_path / "compose"
    folder.mkdir()
    shutil.copy(os.path.join(ROOT, "docker-compose.yml"), folder / "docker-compose.yml")
    compose = ["podman-compose", "-p", project, "-f", str(folder / "docker-compose.yml")]
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8080)) == 0:
            pytest.fail("port 8080 is taken on this machine: docker-compose.yml publishes 127.0.0.1:8080")
    up = subprocess.run([*compose, "up", "-d", "--no-build"], capture_output=True, text=True, timeout=180)
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        ids = podman("ps", "-q", "--filter", f"label=io.podman.compose.project={project}").stdout.split()
        assert len(ids) == 1, ids
        wait_health(8080)
        # Without systemd, podman runs no health timer: ask once, as `docker compose up --wait` would see it.
        assert health_check(ids[0]) == (0, "healthy")
        assert request("GET", f"http://127.0.0.1:8080/api/v1/ping?auth_token={KEY}") == (200, {"result": "success"})
        ports = podman("port", ids[0]).stdout.strip()
        assert ports == "8080/tcp -> 127.0.0.1:8080", ports
    finally:
        down = subprocess.run([*compose, "down", "-v"], capture_output=True, text=True, timeout=120)
    assert down.returncode == 0, down.stdout + down.stderr
    assert podman("ps", "-aq", "--filter", f"label=io.podman.compose.project={project}").stdout.split() == []
    assert project + "_canary-mock-data" not in podman("volume", "ls", "--format", "{{.Name}}").stdout.split()
