"""Helpers for the robustness suite: run the real canary-mock binary, talk raw HTTP/1.1 to it, read /proc.

The server is started by tests/mockserver.py (shared with tests/python): the binary from $CANARY_MOCK_BIN (default: the
release build, else the debug one), `--port 0`, `--log-level warning` (which keeps the per-request lines out of the way),
the bound port parsed from its listening line. Everything talks to 127.0.0.1 only.
"""

import json
import os
import socket
import sqlite3
import struct
import threading
import time
from urllib.parse import urlencode

import mockserver
from mockserver import AUTH_TOKEN, HOST, SetupError  # noqa: F401  (names of this module before tests/mockserver.py)


# ---------------------------------------------------------------------------------------------------------------------
# /proc

def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def rss_kib(pid):
    return int(proc_status(pid)["VmRSS"].split()[0])


def thread_count(pid):
    return int(proc_status(pid)["Threads"])


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def socket_fd_count(pid):
    count = 0
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                count += 1
        except FileNotFoundError:
            pass
    return count


def wait_until(predicate, timeout, interval=0.05):
    """Polls `predicate` until it is truthy or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------------------------------
# The server process

class MemoryCgroup:
    """A cgroup v1 memory controller group with a hard limit (no swap), for running the server as a 512 MiB
    container would. `MemoryCgroup.make(mib)` returns None where the machine does not allow it (no v1 memory
    controller, or not root): the caller then still asserts the peak RSS read from /proc."""

    ROOT = "/sys/fs/cgroup/memory"

    def __init__(self, path, limit_bytes):
        self.path = path
        self.limit_bytes = limit_bytes

    @classmethod
    def make(cls, mib):
        path = os.path.join(cls.ROOT, f"canary-mock-test-{os.getpid()}-{time.monotonic_ns()}")
        limit = mib * 1024 * 1024
        try:
            os.mkdir(path)
        except OSError:
            return None
        group = cls(path, limit)
        try:
            group._write("memory.limit_in_bytes", limit)
            try:
                # With swap accounting on, also forbid swap so the limit is the memory a container gets.
                group._write("memory.memsw.limit_in_bytes", limit)
            except OSError:
                pass
        except OSError:
            group.remove()
            return None
        return group

    def _write(self, name, value):
        with open(os.path.join(self.path, name), "w") as handle:
            handle.write(str(value))

    def _read(self, name):
        with open(os.path.join(self.path, name)) as handle:
            return handle.read()

    def enter(self):
        """For Popen's preexec_fn: moves the child (before exec) into the group."""
        self._write("cgroup.procs", os.getpid())

    def peak_bytes(self):
        return int(self._read("memory.max_usage_in_bytes"))

    def oom_kills(self):
        for line in self._read("memory.oom_control").splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill":
                return int(value)
        return int(self._read("memory.failcnt")) and -1

    def remove(self):
        try:
            os.rmdir(self.path)
        except OSError:
            pass


class MockServer(mockserver.MockServer):
    """One running canary-mock process (port 0, stderr drained on a thread), with its /proc figures.

    `memory_limit_mib` runs it inside a memory cgroup with that hard limit where the machine allows one
    (`self.cgroup` is then set; None otherwise)."""

    DEFAULT_BINARIES = (mockserver.RELEASE_BINARY, mockserver.DEBUG_BINARY)

    def __init__(self, database, config=None, config_path=None, log_level="warning", extra_args=(),
                 memory_limit_mib=None, env=None):
        self.cgroup = MemoryCgroup.make(memory_limit_mib) if memory_limit_mib else None
        super().__init__(database, ["--log-level", log_level, *extra_args], config=config, config_path=config_path,
                         preexec_fn=self.cgroup.enter if self.cgroup else None, env=env)
        # Idle figures right after the start line: listener, database files, std streams; main + accept thread.
        self.idle_fds = fd_count(self.pid)
        self.idle_threads = thread_count(self.pid)

    def fds(self):
        return fd_count(self.pid)

    def threads(self):
        return thread_count(self.pid)

    def rss_kib(self):
        return rss_kib(self.pid)

    def peak_rss_kib(self):
        """The process's peak resident set (VmHWM) so far."""
        return int(proc_status(self.pid)["VmHWM"].split()[0])

    def release_cgroup(self):
        """Removes the memory cgroup once the process has exited (called by the suite's teardown)."""
        if self.cgroup is not None and not self.alive:
            self.cgroup.remove()

    def wait_idle(self, timeout=5.0):
        """Polls until fds and threads are back at their idle counts; returns (fds, threads, seconds waited)."""
        started = time.monotonic()
        wait_until(lambda: self.fds() == self.idle_fds and self.threads() == self.idle_threads, timeout)
        return self.fds(), self.threads(), time.monotonic() - started


# ---------------------------------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client over one socket (keep-alive, Content-Length bodies only, which is all the server sends)

class ConnectionClosed(Exception):
    pass


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    @property
    def closes(self):
        return self.headers.get("connection", "").lower() == "close"

    def __repr__(self):
        return f"<Response {self.status} {self.body[:200]!r}>"


def connect(port, timeout=5.0):
    sock = socket.create_connection((HOST, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def set_linger_zero(sock):
    """close() then sends an RST instead of a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def build_request(method, path, form=None, headers=(), close=False):
    body = urlencode(form).encode() if form else b""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if body or method in ("POST", "PUT", "DELETE"):
        lines.append("Content-Type: application/x-www-form-urlencoded")
        lines.append(f"Content-Length: {len(body)}")
    if close:
        lines.append("Connection: close")
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def read_response(sock, buffer=b"", head_only=False):
    """Reads one response from `sock`. Returns (Response, leftover bytes). Raises ConnectionClosed on EOF/reset."""
    while b"\r\n\r\n" not in buffer:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError) as error:
            raise ConnectionClosed(str(error)) from error
        if not chunk:
            raise ConnectionClosed("EOF before the response head")
        buffer += chunk
    head, _, buffer = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = 0 if head_only else int(headers.get("content-length", "0"))
    while len(buffer) < length:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError) as error:
            raise ConnectionClosed(str(error)) from error
        if not chunk:
            raise ConnectionClosed("EOF in the response body")
        buffer += chunk
    return Response(status, headers, buffer[:length]), buffer[length:]


class Client:
    """Keep-alive client: reconnects when the server said Connection: close (never retries a request)."""

    def __init__(self, port, timeout=10.0):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buffer = b""

    def request(self, method, path, form=None, headers=()):
        if self.sock is None:
            self.sock = connect(self.port, self.timeout)
            self.buffer = b""
        try:
            self.sock.sendall(build_request(method, path, form, headers))
            response, self.buffer = read_response(self.sock, self.buffer, head_only=method == "HEAD")
        except (ConnectionClosed, OSError):
            self.close()
            raise
        if response.closes:
            self.close()
        return response

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    # The API, with the key as the header
    def post(self, path, form):
        return self.request("POST", "/api/v1/" + path, form, headers=[("X-Canary-Auth-Token", AUTH_TOKEN)])

    def get(self, path, params=None):
        query = ("?" + urlencode(params)) if params else ""
        return self.request("GET", "/api/v1/" + path + query, headers=[("X-Canary-Auth-Token", AUTH_TOKEN)])

    def delete(self, path, form):
        return self.request("DELETE", "/api/v1/" + path, form, headers=[("X-Canary-Auth-Token", AUTH_TOKEN)])


def one_request(port, method, path, form=None, headers=(), timeout=5.0):
    """One request on a fresh connection with Connection: close."""
    sock = connect(port, timeout)
    try:
        sock.sendall(build_request(method, path, form, headers, close=True))
        response, _ = read_response(sock, head_only=method == "HEAD")
        return response
    finally:
        sock.close()


def ping(port, timeout=5.0):
    return one_request(port, "GET", "/api/v1/ping", headers=[("X-Canary-Auth-Token", AUTH_TOKEN)], timeout=timeout)


# Kinds that need no extra parameters, and one that does.
SIMPLE_KINDS = ["http", "dns", "aws-id", "doc-msword", "pdf-acrobat-reader", "windows-dir", "qr-code", "svn", "sql",
                "msword-macro", "msexcel-macro"]


def create_form(kind, memo):
    form = {"memo": memo, "kind": kind}
    if kind == "cloned-web":
        form["cloned_web"] = "example.com"
    return form


def kill_during(server, writer, writers, stop, kill_window, rng):
    """Runs `writer(n)` on `writers` threads, kills the server with SIGKILL after a random time in `kill_window`
    (seconds), sets `stop` and joins the threads (the crash tests of creates and of triggers share this).
    Returns the seconds waited before the kill; asserts the server died of the signal."""
    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(writers)]
    for thread in threads:
        thread.start()
    kill_after = rng.uniform(*kill_window)
    time.sleep(kill_after)
    status = server.kill9()
    stop.set()
    for thread in threads:
        thread.join(10)
    assert status == -9
    return kill_after


def integrity_check(path):
    """SQLite's `PRAGMA integrity_check` of a database file (`[("ok",)]` when sound)."""
    connection = sqlite3.connect(str(path))
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()
