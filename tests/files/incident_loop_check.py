#!/usr/bin/env python3
"""The incident loop with real programs: a token file opened by a real program triggers the mock itself, and the
incident shows up in the Console API.

Starts the real server ($CANARY_MOCK_BIN, default .build/debug/canary-mock; found as tests/mockserver.py finds it) on a
free loopback port P with `--token-url-base http://127.0.0.1:P`, so every token URL, and every token file, points at
the mock's own HTTP channel. Then:

1. doc-msword: create the token, download the .docx through `GET /api/v1/canarytoken/download`, convert it with
   headless LibreOffice (`soffice --headless --norestore --convert-to pdf`, a fresh profile under a temporary HOME,
   no proxy variables; as tests/files/libreoffice_check.py does). LibreOffice fetches the linked picture: exactly
   one incident on that token, from 127.0.0.1, logtype 17004, whose events all carry the request headers.
2. qr-code: create the token, download the PNG, decode it with `zbarimg -q --raw` (it must hold the token URL), fetch
   what it decodes with `curl` once: exactly one incident with one event, logtype 17009, headers with curl's
   User-Agent.

Each check reads the incident through the API (`incidents/all` with `node_id`, then `incident/fetch`), and compares
the token's `triggered_count`. No root needed: the mock listens on an unprivileged port and LibreOffice (libcurl)
reaches 127.0.0.1 directly.

Prints one line per check and exits non-zero on any failure (2 when a tool or the server is missing).
Needs: soffice (libreoffice-writer-nogui), zbarimg (zbar-tools), curl.
Usage: CANARY_MOCK_BIN=.build/debug/canary-mock python3 tests/files/incident_loop_check.py
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import mockserver  # noqa: E402  (tests/mockserver.py: the binary, the auth token, the listening line)

CONVERT_TIMEOUT = 120
HTTP_TIMEOUT = 30
SETTLE_SECONDS = 10.0  # how long to wait for the incident after the program has finished
DESCRIPTION = "Canarytoken triggered"


class LoopServer:
    """canary-mock on a fixed free port P with --token-url-base http://127.0.0.1:P (tests/mockserver.py always asks for
    port 0, which cannot be known before the start, and the token URL base must name the port)."""

    def __init__(self, work):
        self.port = free_port()
        self.base_url = f"http://{mockserver.HOST}:{self.port}"
        self.log = []
        args = [str(mockserver.mock_binary()), "--host", mockserver.HOST, "--port", str(self.port),
                "--database", str(work / "canary-mock.sqlite3"), "--token-url-base", self.base_url]
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        found = threading.Event()

        def reader():
            for line in self.process.stderr:
                self.log.append(line)
                match = mockserver.LISTENING.search(line)
                if match and int(match.group(1)) == self.port:
                    found.set()

        threading.Thread(target=reader, daemon=True).start()
        if not found.wait(mockserver.START_TIMEOUT):
            self.process.kill()
            self.process.wait()
            raise mockserver.SetupError(f"canary-mock did not listen on {self.port}: {''.join(self.log)[-2000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(mockserver.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((mockserver.HOST, 0))
        return sock.getsockname()[1]


# MARK: - The API

def call(base, method, path, fields=None):
    """One API call with the key in the query; returns the JSON body (raises RuntimeError on an error answer)."""
    query = urllib.parse.urlencode({"auth_token": mockserver.AUTH_TOKEN, **(fields if method == "GET" else {})})
    data = urllib.parse.urlencode(fields).encode() if fields and method != "GET" else None
    request = urllib.request.Request(f"{base}/api/v1/{path}?{query}", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as answer:
            body = json.load(answer)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{method} {path}: HTTP {error.code} {error.read()[:300].decode(errors='replace')}") \
            from None
    if body.get("result") != "success":
        raise RuntimeError(f"{method} {path}: {body}")
    return body


def download(base, token):
    query = urllib.parse.urlencode({"auth_token": mockserver.AUTH_TOKEN, "canarytoken": token})
    with urllib.request.urlopen(f"{base}/api/v1/canarytoken/download?{query}", timeout=HTTP_TIMEOUT) as answer:
        disposition = answer.headers.get("Content-Disposition", "")
        if not disposition.startswith("attachment; filename="):
            raise RuntimeError(f"download of {token}: Content-Disposition {disposition!r}")
        return disposition[len("attachment; filename="):].strip('"'), answer.read()


def token_incidents(base, token):
    return call(base, "GET", "incidents/all", {"node_id": token, "tz": "UTC"})["incidents"]


def wait_for_incidents(base, token, program_done_at):
    """The token's incidents once they stop changing (a program may fetch more than once), at most SETTLE_SECONDS
    after the program finished."""
    last, stable_since = None, None
    while time.monotonic() - program_done_at < SETTLE_SECONDS:
        incidents = token_incidents(base, token)
        shape = [(item["id"], item["description"]["events_count"]) for item in incidents]
        if incidents and shape == last:
            if time.monotonic() - stable_since >= 1.0:
                return incidents
        else:
            last, stable_since = shape, time.monotonic()
        time.sleep(0.2)
    return token_incidents(base, token)


def check_incident(base, token, logtype, exact_events=None, user_agent_prefix=None):
    """Problems with the token's incidents (an empty list when it is exactly one good incident), and a summary."""
    problems = []
    incidents = token_incidents(base, token)
    if len(incidents) != 1:
        return [f"{len(incidents)} incidents on the token, not 1: {[item['id'] for item in incidents]}"], ""
    item = incidents[0]
    d = item["description"]
    events = d["events"]
    expectations = [
        (item["summary"] == DESCRIPTION and d["description"] == DESCRIPTION, f"description {d['description']!r}"),
        (d["node_id"] == token, f"node_id {d['node_id']}"),
        (d["logtype"] == logtype, f"logtype {d['logtype']} (want {logtype})"),
        (d["src_host"] == "127.0.0.1", f"src_host {d['src_host']}"),
        (d["acknowledged"] == "False", f"acknowledged {d['acknowledged']}"),
        (d["events_count"] == str(len(events)) and events, f"events_count {d['events_count']}, {len(events)} listed"),
        (exact_events is None or len(events) == exact_events, f"{len(events)} events (want {exact_events})"),
        (f":127.0.0.1:" in item["id"], f"incident key {item['id']}"),
    ]
    problems += [message for good, message in expectations if not good]
    for event in events:
        headers = event.get("headers")
        if not isinstance(headers, dict) or not headers:
            problems.append(f"an event without headers: {event}")
        elif user_agent_prefix is not None and not str(headers.get("User-Agent", "")).startswith(user_agent_prefix):
            problems.append(f"User-Agent {headers.get('User-Agent')!r} (want {user_agent_prefix}…)")
        if event.get("canarytoken") != token or event.get("src_host") != "127.0.0.1":
            problems.append(f"event fields: {event}")
    fetched = call(base, "GET", "incident/fetch", {"incident": item["id"]})["incident"]
    if fetched.get("id") != item["id"] or fetched.get("description") != DESCRIPTION \
            or fetched.get("events_count") != d["events_count"]:
        problems.append(f"incident/fetch differs: {json.dumps(fetched)[:300]}")
    count = call(base, "GET", "canarytoken/fetch", {"canarytoken": token})["token"]["triggered_count"]
    if count != len(events):
        problems.append(f"triggered_count {count}, {len(events)} events")
    agents = sorted({str((event.get("headers") or {}).get("User-Agent", "")) for event in events})
    return problems, f"incident {item['id']} events={len(events)} UA={agents}"


def report(label, problems, seconds, summary):
    print(f"{'PASS' if not problems else 'FAIL'} {label:<12} {seconds:6.1f}s  {summary}")
    for problem in problems:
        print(f"     {problem}")
    sys.stdout.flush()
    return not problems


# MARK: - The two loops

def soffice_env(home):
    """A fresh profile under HOME, and no proxy (LibreOffice with a proxy fetched nothing; libreoffice_check.py)."""
    env = dict(os.environ, HOME=str(home))
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy",
                 "NO_PROXY"):
        env.pop(name, None)
    return env


def msword_loop(server, work):
    started = time.monotonic()
    base = server.base_url
    token = call(base, "POST", "canarytoken/create", {"kind": "doc-msword", "memo": "incident loop: LibreOffice"})
    token_id, url = token["canarytoken"]["canarytoken"], token["canarytoken"]["url"]
    if not url.startswith(base + "/"):
        return report("doc-msword", [f"token url {url} is not under {base}"], time.monotonic() - started, "")
    if token_incidents(base, token_id):
        return report("doc-msword", ["incidents before the file was opened"], time.monotonic() - started, "")
    name, content = download(base, token_id)
    path = work / "files" / name
    path.write_bytes(content)
    home = work / "home"
    home.mkdir(exist_ok=True)
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(work / "pdf"), str(path)],
        env=soffice_env(home), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=CONVERT_TIMEOUT)
    done = time.monotonic()
    problems = []
    if result.returncode != 0 or not (work / "pdf" / (path.stem + ".pdf")).exists():
        problems.append(f"soffice exit {result.returncode}: {result.stdout.strip()[-500:]}")
    wait_for_incidents(base, token_id, done)
    found, summary = check_incident(base, token_id, "17004")
    return report("doc-msword", problems + found, time.monotonic() - started, f"{name}: {summary}")


def qr_loop(server, work):
    started = time.monotonic()
    base = server.base_url
    token = call(base, "POST", "canarytoken/create", {"kind": "qr-code", "memo": "incident loop: QR code"})
    token_id, url = token["canarytoken"]["canarytoken"], token["canarytoken"]["url"]
    if token_incidents(base, token_id):
        return report("qr-code", ["incidents before the code was scanned"], time.monotonic() - started, "")
    name, content = download(base, token_id)
    path = work / "files" / name
    path.write_bytes(content)
    problems = []
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, timeout=60)
    text = decoded.stdout.rstrip("\n")
    if decoded.returncode != 0 or text != url:
        return report("qr-code", [f"zbarimg exit {decoded.returncode} decoded {text!r}, want {url!r}"],
                      time.monotonic() - started, "")
    if not text.startswith(base + "/"):
        problems.append(f"decoded URL {text} is not under {base}")
    fetched = subprocess.run(["curl", "-sS", "--max-time", "20", "-o", str(work / "qr-answer"), "-w",
                              "%{http_code} %{content_type}", text], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    if fetched.returncode != 0 or not fetched.stdout.startswith("200 "):
        problems.append(f"curl exit {fetched.returncode}: {fetched.stdout.strip()}")
    done = time.monotonic()
    wait_for_incidents(base, token_id, done)
    found, summary = check_incident(base, token_id, "17009", exact_events=1, user_agent_prefix="curl/")
    return report("qr-code", problems + found, time.monotonic() - started,
                  f"{name} -> {text} (curl: {fetched.stdout.strip()}); {summary}")


def main():
    missing = [tool for tool in ("soffice", "zbarimg", "curl") if not shutil.which(tool)]
    if missing:
        print(f"FAIL missing {', '.join(missing)} (apt-get install -y libreoffice-writer-nogui zbar-tools curl)")
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="canary-loop-") as temp:
        work = Path(temp)
        for folder in ("files", "pdf"):
            (work / folder).mkdir()
        try:
            server = LoopServer(work)
        except (mockserver.SetupError, OSError) as error:
            print(f"FAIL setup: {error}")
            return 2
        print(f"canary-mock on {server.base_url} (token URL base the same)")
        try:
            results = []
            for loop in (msword_loop, qr_loop):
                try:
                    results.append(loop(server, work))
                except (OSError, RuntimeError, KeyError, subprocess.SubprocessError, urllib.error.URLError) as error:
                    results.append(report(loop.__name__, [f"{type(error).__name__}: {error}"], 0.0, ""))
        finally:
            status = server.stop()
        if status != 0:
            print(f"FAIL canary-mock exited with {status}: {''.join(server.log)[-2000:]}")
            results.append(False)
    passed = sum(results)
    print(f"{passed}/{len(results)} checks passed; {time.monotonic() - started:.1f}s in all")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
