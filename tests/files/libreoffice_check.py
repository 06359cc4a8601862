#!/usr/bin/env python3
"""Real-tool proof for the Office token files: headless LibreOffice opens each file and fetches the token URL.

Default mode starts the real server ($CANARY_MOCK_BIN, default .build/debug/canary-mock; started as tests/mockserver.py
does), creates one token of each kind doc-msword, msword-macro, doc-msexcel, msexcel-macro, plus a doc-msword token
made from an uploaded .docx (the `doc` multipart part; the .docx itself is written by LibreOffice from a text file),
downloads each with GET /api/v1/canarytoken/download, and converts it to PDF with

    soffice --headless --norestore --convert-to pdf --outdir OUT FILE

with HOME set to a temporary directory (a fresh profile).

Routing the fetch. The token URLs look like http://canarytokens.localhost/<word>/<token>/<page>. LibreOffice 7.4 loads
linked pictures through libcurl, and libcurl resolves `localhost` and every `*.localhost` name to the loopback address
itself (no DNS), so the recorder listens on 127.0.0.1 at the URL's port (80: run as root, or give the server a token
domain with a port) and rebuilds the absolute URL from the Host header and the request target, which must equal the
token's `url` exactly. A proxy would be the cleaner route, but LibreOffice 7.4.7 configured with one (a manual proxy in
the profile's registrymodifications.xcu, or http_proxy in the environment) fetched nothing at all, not even from a
loopback address: strace showed no connect(), to the proxy or anywhere. So any proxy variables are removed from
soffice's environment.

`--files DIR --url URL` checks already-built files instead (every *.docx/*.docm/*.xlsx/*.xlsm in DIR must fetch URL).

Prints one line per file (result, seconds, request lines seen) and exits non-zero on any failure.
Needs: apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui
"""

import argparse
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import mockserver  # noqa: E402  (tests/mockserver.py: starts the binary, reads its port)

KINDS = ("doc-msword", "msword-macro", "doc-msexcel", "msexcel-macro")
EXTENSIONS = (".docx", ".docm", ".xlsx", ".xlsm")
CONVERT_TIMEOUT = 120
# A 1x1 transparent GIF: what a token URL answers.
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


class Recorder(http.server.ThreadingHTTPServer):
    """Loopback stand-in for the token host: records every request (method, absolute URL, User-Agent), answers a GIF."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port):
        self.requests = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), RecorderHandler)

    def snapshot(self):
        with self.lock:
            return list(self.requests)


class RecorderHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        with self.server.lock:
            # Origin form (`/path`): rebuild the absolute URL from Host; absolute form (a proxy request) as it is.
            target = self.path if "://" in self.path else f"http://{self.headers.get('Host', '')}{self.path}"
            self.server.requests.append({
                "method": self.command, "target": target,
                "line": f"{self.requestline} (Host: {self.headers.get('Host')})",
                "user_agent": self.headers.get("User-Agent", ""),
            })
        body = b"" if self.command in ("HEAD", "OPTIONS") else GIF
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.send_header("Content-Length", str(len(GIF) if self.command == "HEAD" else len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = _answer

    def log_message(self, *args):
        pass


def soffice_env(home):
    """A fresh profile under HOME, and no proxy (see the module comment)."""
    env = dict(os.environ, HOME=str(home))
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(name, None)
    return env


def listening_port(urls):
    """The one loopback port every URL reaches: its host must be localhost, *.localhost or 127.0.0.1."""
    ports = set()
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme != "http" or not (host == "localhost" or host.endswith(".localhost") or host == "127.0.0.1"):
            raise RuntimeError(f"{url}: not an http URL on a loopback name; libcurl would not reach the recorder")
        ports.add(parts.port or 80)
    if len(ports) != 1:
        raise RuntimeError(f"token URLs on several ports: {sorted(ports)}")
    return ports.pop()


def convert(path, out_dir, env):
    """soffice --convert-to pdf; returns (exit status, seconds, pdf path)."""
    started = time.monotonic()
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), str(path)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=CONVERT_TIMEOUT)
    return result.returncode, time.monotonic() - started, out_dir / (path.stem + ".pdf"), result.stdout


def check_file(label, path, url, recorder, out_dir, env):
    """Converts one file; passes when a GET of exactly `url` reached the proxy during the conversion."""
    before = len(recorder.snapshot())
    status, seconds, pdf, output = convert(path, out_dir, env)
    seen = recorder.snapshot()[before:]
    gets = [request for request in seen if request["method"] == "GET"]
    exact = [request for request in gets if request["target"] == url]
    problems = []
    if status != 0 or not pdf.exists():
        problems.append(f"soffice exit {status}, pdf {'written' if pdf.exists() else 'missing'}: {output.strip()}")
    if not exact:
        problems.append(f"no GET {url}")
    stray = [request["line"] for request in seen if request["target"] != url]
    if stray:
        problems.append(f"requests for other URLs: {stray}")
    lines = " | ".join(request["line"] for request in seen) or "(no request)"
    verdict = "PASS" if not problems else "FAIL"
    print(f"{verdict} {label:<24} {path.name:<34} {seconds:6.1f}s  fetched={'yes' if exact else 'no'}  "
          f"seen: {lines}" + (f"  UA: {exact[0]['user_agent']}" if exact else ""))
    for problem in problems:
        print(f"     {problem}")
    sys.stdout.flush()
    return not problems


# MARK: - Talking to the server

def fetch(request, what):
    """urlopen, with an HTTP error turned into a RuntimeError naming the step and quoting the answer."""
    try:
        return urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{what}: HTTP {error.code} {error.read()[:300].decode(errors='replace')}") from None


def post_form(base, path, fields):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(base + path, data=data, method="POST")
    with fetch(request, f"POST {path} {fields.get('kind')}") as answer:
        return json.load(answer)


def post_multipart(base, path, fields, files):
    """multipart/form-data: `fields` as text parts, `files` as {name: (filename, content type, bytes)}."""
    boundary = "----canary-mock-" + uuid.uuid4().hex
    body = bytearray()
    for name, value in fields.items():
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n').encode()
    for name, (filename, content_type, content) in files.items():
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 f'Content-Type: {content_type}\r\n\r\n').encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + path, data=bytes(body), method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with fetch(request, f"POST {path} multipart {fields.get('kind')}") as answer:
        return json.load(answer)


def download(base, token):
    query = urllib.parse.urlencode({"auth_token": mockserver.AUTH_TOKEN, "canarytoken": token})
    with fetch(f"{base}/api/v1/canarytoken/download?{query}", f"download {token}") as answer:
        disposition = answer.headers.get("Content-Disposition", "")
        if not disposition.startswith("attachment; filename="):
            raise RuntimeError(f"download of {token}: Content-Disposition {disposition!r}")
        return disposition[len("attachment; filename="):], answer.read()


def created_token(answer, kind):
    if answer.get("result") != "success":
        raise RuntimeError(f"create {kind}: {answer}")
    token = answer["canarytoken"]
    return token["canarytoken"], token["url"]


def upload_docx(work, env):
    """A real .docx written by LibreOffice itself (text → docx), to upload as `doc`."""
    source = work / "upload-source.txt"
    source.write_text("Board minutes\n\nConfidential: salaries for next year.\n")
    out = work / "upload"
    out.mkdir()
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(out), str(source)], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=CONVERT_TIMEOUT, check=True)
    return (out / "upload-source.docx").read_bytes()


def server_files(work, env):
    """Creates and downloads the tokens; returns [(label, path, url)]."""
    server = mockserver.MockServer(work / "canary-mock.sqlite3")
    try:
        base = server.base_url
        files = []
        for kind in KINDS:
            answer = post_form(base, "/api/v1/canarytoken/create",
                               {"auth_token": mockserver.AUTH_TOKEN, "kind": kind, "memo": f"LibreOffice check {kind}"})
            token, url = created_token(answer, kind)
            name, content = download(base, token)
            path = work / "files" / name
            path.write_bytes(content)
            files.append((kind, path, url))
        docx = upload_docx(work, env)
        answer = post_multipart(base, "/api/v1/canarytoken/create",
                                {"auth_token": mockserver.AUTH_TOKEN, "kind": "doc-msword",
                                 "memo": "LibreOffice check uploaded docx"},
                                {"doc": ("minutes.docx", "application/vnd.openxmlformats-officedocument."
                                         "wordprocessingml.document", docx)})
        token, url = created_token(answer, "doc-msword (upload)")
        name, content = download(base, token)
        path = work / "files" / ("uploaded-" + name)
        path.write_bytes(content)
        files.append(("doc-msword (uploaded)", path, url))
        return files
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=Path, help="check the Office files in this folder instead of the server's")
    parser.add_argument("--url", help="with --files: the token URL every file must fetch")
    args = parser.parse_args()
    if bool(args.files) != bool(args.url):
        parser.error("--files and --url go together")
    if not shutil.which("soffice"):
        print("FAIL soffice not found (apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui)")
        return 2

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="canary-lo-") as temp:
        work = Path(temp)
        env = soffice_env(work / "home")
        (work / "home").mkdir()
        (work / "files").mkdir()
        (work / "pdf").mkdir()
        try:
            if args.files:
                files = [(path.suffix[1:], path, args.url) for path in sorted(args.files.iterdir())
                         if path.suffix in EXTENSIONS]
            else:
                files = server_files(work, env)
            if not files:
                raise RuntimeError("no files to check")
            recorder = Recorder(listening_port(url for _, _, url in files))
        except (mockserver.SetupError, OSError, RuntimeError, subprocess.SubprocessError, KeyError) as error:
            print(f"FAIL setup: {error}")
            return 2
        print(f"setup {time.monotonic() - started:.1f}s; recorder on 127.0.0.1:{recorder.server_address[1]}")
        threading.Thread(target=recorder.serve_forever, daemon=True).start()
        try:
            results = [check_file(label, path, url, recorder, work / "pdf", env) for label, path, url in files]
        finally:
            recorder.shutdown()
            recorder.server_close()
    passed = sum(results)
    print(f"{passed}/{len(results)} files fetched their token URL; {time.monotonic() - started:.1f}s in all")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
