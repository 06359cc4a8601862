#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora under fixtures/corpus/ from the API fixtures, plus hand-made edge cases.

    fixtures/corpus/http/   raw requests (FuzzHTTPParser, FuzzResponder): every fixtures/api/*.json request, then
                            chunked, pipelined, 1.0, absolute-form, Expect and malformed ones
    fixtures/corpus/forms/  FuzzForms inputs: url-encoded strings; multipart bodies whose first line is the
                            Content-Type value naming the boundary
    fixtures/corpus/json/   FuzzJSONReader inputs: the fixtures' response bodies and a few edge cases
    fixtures/corpus/seed/   FuzzSeedFile inputs: fixtures/seed/*.json, then one entry per kind and refused entries
    fixtures/corpus/docx/   FuzzWordUpload inputs: the two documents committed there by hand, plus variants with
                            bytes around the zip (a PowerShell here-string's line breaks, a comment, a prepended stub)
    fixtures/corpus/dns/    FuzzDNS inputs: queries dig 9.18 sent (captured), hand-made token names (windows-dir,
                            generic data) and malformed datagrams (pointer loops, long labels, counts, opcodes)

Deterministic: run it again after changing fixtures/api and commit the result. Files it does not write (such as
regression-* inputs added by hand after a crash) are left alone.

Placeholders become the values FuzzResponder seeds its store with (fuzz/Responder/FuzzResponder.swift), so the
fetch and factory examples reach their success paths.
"""
import json
import pathlib
import struct
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
API = ROOT / "fixtures" / "api"
CORPUS = ROOT / "fixtures" / "corpus"

# Keep in step with FuzzResponder.swift.
PLACEHOLDERS = {
    "<canarytoken>": "fuzzcanarytoken0000000000",
    "<factory_auth>": "0123456789abcdef0123456789abcdef",
}
BOUNDARY = "----canarymockBoundary7MA4YWxkTrZu0gW"  # MultipartBody's default, FuzzForms' fixed boundary
KEY = "canary-mock-auth-token"


def fill(text):
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return text


def encode(pairs):
    return urllib.parse.urlencode([(k, fill(v)) for k, v in pairs.items()])


def multipart(fields, files, boundary=BOUNDARY):
    out = b""
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        out += fill(value).encode() + b"\r\n"
    for name, spec in files.items():
        data = (API / spec["file"]).read_bytes()
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{spec["file"]}"\r\n'
                f'Content-Type: {spec["content_type"]}\r\n\r\n').encode()
        out += data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def request(method, target, headers=(), body=b"", version="HTTP/1.1"):
    head = f"{method} {target} {version}\r\nHost: 127.0.0.1:8080\r\n"
    for name, value in headers:
        head += f"{name}: {value}\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def fixture_request(spec):
    target = spec["path"]
    if spec.get("query"):
        target += "?" + encode(spec["query"])
    headers = [(k, fill(v)) for k, v in spec.get("headers", {}).items()]
    body = b""
    if "form" in spec:
        body = encode(spec["form"]).encode()
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    elif "multipart" in spec:
        body = multipart(spec["multipart"].get("fields", {}), spec["multipart"].get("files", {}))
        headers.append(("Content-Type", f"multipart/form-data; boundary={BOUNDARY}"))
    return request(spec["method"], target, headers, body)


def chunked(body, sizes):
    out, at = b"", 0
    for size in sizes:
        out += b"%x;ext=1\r\n" % size + body[at:at + size] + b"\r\n"
        at += size
    return out + b"0\r\nX-Trailer: done\r\n\r\n"


def http_extras():
    form = f"auth_token={KEY}&kind=http&memo=chunked+memo".encode()
    ping = f"/api/v1/ping?auth_token={KEY}"
    create = request("POST", "/api/v1/canarytoken/create", [("Content-Type", "application/x-www-form-urlencoded")],
                     form)
    return {
        "chunked-form": b"POST /api/v1/canarytoken/create HTTP/1.1\r\nHost: a\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + chunked(form, [7, 20, len(form) - 27]),
        "pipelined-ping-create": request("GET", ping) + create,
        "http10-keep-alive": request("GET", ping, [("Connection", "keep-alive")], version="HTTP/1.0")
                             + b"GET /_mock/health HTTP/1.0\r\n\r\n",
        "expect-continue": request("POST", "/api/v1/canarytoken/create",
                                   [("Expect", "100-continue"), ("Content-Type", "application/x-www-form-urlencoded")],
                                   form),
        "absolute-form": request("GET", f"http://127.0.0.1:8080{ping}"),
        "options-star-head": b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n" + request("HEAD", ping),
        "lf-only-leading-crlf": f"\r\n\nGET {ping} HTTP/1.1\nHost: a\nConnection: close\n\n".encode(),
        "bad-obs-fold": b"GET /api/v1/ping HTTP/1.1\r\nHost: a\r\nX-Canary-Auth-Token: a\r\n b\r\n\r\n",
        "bad-cl-and-te": b"POST /api/v1/ping HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "bad-content-length-list": b"POST /api/v1/ping HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\nabcd",
        "bad-version": b"GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        "bad-chunk": b"POST /api/v1/ping HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                     b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
        "bad-header-name": b"GET /api/v1/ping HTTP/1.1\r\nHost : a\r\nNo-Colon\r\n\r\n",
        "bad-bare-cr": b"\rGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "latin1-header-delete": b"DELETE /api/v1/canarytoken/delete_factory?auth_token=" + KEY.encode()
                                + b"&factory_auth=" + PLACEHOLDERS["<factory_auth>"].encode()
                                + b" HTTP/1.1\r\nHost: a\r\nX-Note: caf\xe9\r\nContent-Length: 0\r\n\r\n",
    }


def forms_extras():
    content_type = f"multipart/form-data; boundary={BOUNDARY}\n".encode()
    lf_body = (f'--{BOUNDARY}\nContent-Disposition: form-data; name="kind"\n\nhttp\n'
               f'--{BOUNDARY}\ncontent-disposition: form-data; NAME=memo\n\nLF only\n--{BOUNDARY}--\n').encode()
    return {
        "urlencoded-escapes": b"memo=caf%C3%A9+%26+cr%C3%A8me&=empty-name&bare&&kind=dns%2Fx",
        "urlencoded-bad-escape": b"memo=100%&kind=%zz",
        "urlencoded-bad-utf8": b"memo=%FF%FE&kind=%C3",
        "json-members": b'{"memo": "caf\\u00e9 \\ud83d\\ude00", "n": 1.5e2, "b": true, "z": null, "a": [1], "o": {}}',
        "multipart-lf-only": content_type + lf_body,
        "multipart-quoted-boundary": b'multipart/form-data; charset=utf-8; BOUNDARY = "a b;c";\n'
                                     b'preamble\r\n--a b;c  \r\nContent-Disposition: form-data; name="x\\"y"; '
                                     b'filename*=utf-8\'\'caf%C3%A9.txt; filename="C:\\dir\\f.txt"\r\n'
                                     b'Content-Type: text/plain\r\n\r\nline\r\n\r\n--a b;c--\r\nepilogue',
        "multipart-empty-parts": content_type + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name=a\r\n\r\n'
                                                f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=b; '
                                                f'filename=""\r\n\r\n\r\n--{BOUNDARY}--'.encode(),
        "multipart-truncated": content_type + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name=a\r\n\r\n'
                                              f'x\r\n--{BOUNDARY}'.encode(),
        "multipart-fixed-boundary": multipart({"kind": "http", "memo": "fixed boundary"}, {}),
    }


def json_extras():
    return {
        "numbers": b"[0, -0, 1.5e3, -1E-2, 9223372036854775807, -9223372036854775808, 9223372036854775808, 1e400]",
        "strings": b'{"a": "\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/", "caf\xc3\xa9": "\xf0\x9f\x98\x80", "": []}',
        "nested": b"[" * 40 + b"{}" + b"]" * 40,
        "bad-surrogate": b'"\\ud800"',
        "bad-trailing": b'{"a": 1,}',
        "literals": b" [true, false, null] \n",
    }


def seed_extras():
    flock = "flock:0123456789abcdef0123456789abcdef"
    kinds = ["http", "dns", "cloned-web", "doc-msword", "web-image", "windows-dir", "aws-s3", "pdf-acrobat-reader",
             "msword-macro", "msexcel-macro", "aws-id", "apeeper", "qr-code", "svn", "sql", "fast-redirect",
             "slow-redirect", "doc-msexcel", "wireguard", "azure-id", "slack-api", "mysql-dump", "sensitive-cmd",
             "signed-exe", "cloned-css", "credit-card"]
    fields = {"cloned-web": {"cloned_web": "example.com"}, "azure-id": {"azure_id_cert_file_name": "cert.pem"},
              "sensitive-cmd": {"process_name": "klist.exe"}, "cloned-css": {"expected_referrer": "example.com"},
              "aws-s3": {"aws_region": "us-east-1", "aws_access_key": "AKIA"}}
    tokens = [dict({"canarytoken": f"seed{i}", "kind": kind, "memo": kind}, **fields.get(kind, {}))
              for i, kind in enumerate(kinds)]
    extras = {f"kind-{t['kind']}": {"tokens": [t]} for t in tokens}
    extras["all-valid"] = {"flocks": [{"flock_id": flock, "name": "F"}],
                           "factories": [{"factory_auth": "f", "memo": "m", "flock_id": flock, "deleted": True}],
                           "tokens": [t for t in tokens if t["kind"] not in ("web-image", "signed-exe")]}
    extras["missing-flock"] = {"tokens": [{"canarytoken": "a", "kind": "dns", "memo": "m"},
                                          {"canarytoken": "b", "kind": "dns", "memo": "m", "flock_id": flock}]}
    extras["missing-factory"] = {"tokens": [{"canarytoken": "a", "kind": "dns", "memo": "m", "factory_auth": "x"}]}
    extras["long-qr-url"] = {"tokens": [{"canarytoken": "a", "kind": "qr-code", "memo": "m",
                                         "url": "http://example.com/" + "a" * 2400}]}
    extras["nul-url"] = {"tokens": [{"canarytoken": "a", "kind": "dns", "memo": "m", "url": "http://x/\u0000"}]}
    extras["given-fields"] = {"tokens": [{"canarytoken": "a", "kind": "aws-id", "memo": "m", "created": "1586161315.5",
                                          "enabled": False, "username": "u", "access_key_id": "AKIA",
                                          "url": "https://example.com/x", "hostname": "a.example.com"}]}
    files = {name: (json.dumps(seed, sort_keys=True) + "\n").encode() for name, seed in extras.items()}
    for path in sorted((ROOT / "fixtures" / "seed").glob("*.json")):
        files[f"fixture-{path.stem}"] = path.read_bytes()
    return files


def docx_extras():
    """The committed seed documents with bytes around their zip, as clients send them (issue 11, item 1)."""
    folder = CORPUS / "docx"
    extras = {}
    for stem in ("built-by-mock", "libreoffice-minutes"):
        document = (folder / f"{stem}.docx").read_bytes()
        commented = document[:-2] + (17).to_bytes(2, "little") + b"made by a script."
        extras[f"{stem}-trailing-lf.docx"] = document + b"\n"
        extras[f"{stem}-trailing-crlf-crlf.docx"] = document + b"\r\n\r\n"
        extras[f"{stem}-comment-crlf.docx"] = commented + b"\r\n"
        extras[f"{stem}-leading-stub.docx"] = b"MZ\x90\x00 a self-extractor stub\n" + document
    return extras


def dns_query(name, qtype=1, qclass=1, ident=0x1234, flags=0x0100, counts=(1, 0, 0, 0), tail=b""):
    """A DNS query: header, the name's labels (bytes or text, a trailing dot allowed), type and class, then tail."""
    labels = name if isinstance(name, list) else [l.encode() for l in name.rstrip(".").split(".") if l]
    body = b"".join(bytes([len(l)]) + l for l in labels) + b"\0"
    return struct.pack(">6H", ident, flags, *counts) + body + struct.pack(">2H", qtype, qclass) + tail


def dns_extras():
    token = "abcdefghijklmnopqrstuvwxy"
    domain = "canarytokens.localhost"
    opt = b"\0\0\x29\x04\xd0\0\0\0\0\0\0"  # an EDNS OPT record, no options
    return {
        # dig @127.0.0.1 -p PORT abcdefghijklmnopqrstuvwxy.canarytokens.localhost A (dig 9.18, EDNS cookie)
        "dig-a": bytes.fromhex(
            "871301200001000000000001196162636465666768696a6b6c6d6e6f707172737475767778790c63616e617279746f6b656e73"
            "096c6f63616c686f7374000001000100002904d000000000000c000a0008b572b03fa1d03b99"),
        # dig … Alice.WS01.CORP.INI.abcdefghijklmnopqrstuvwxy.Canarytokens.Localhost AAAA
        "dig-aaaa-windows-dir": bytes.fromhex(
            "b4d20120000100000000000105416c696365045753303104434f525003494e49196162636465666768696a6b6c6d6e6f707172"
            "737475767778790c43616e617279746f6b656e73094c6f63616c686f737400001c000100002904d000000000000c000a000870fe"
            "84b909df0a4e"),
        # dig +noedns example.com A
        "dig-noedns-outside": bytes.fromhex("f40101200001000000000000076578616d706c6503636f6d0000010001"),
        "token-upper": dns_query(f"{token.upper()}.CanaryTokens.LOCALHOST"),
        "windows-dir": dns_query(f"alice.WS01.CORP.INI.{token}.{domain}", counts=(1, 0, 0, 1), tail=opt),
        "windows-dir-no-domain": dns_query(f"bob.pc.INI.{token}.{domain}"),
        "generic-text": dns_query(f"NBSWY3DP.G12.{token}.{domain}"),
        "generic-hex": dns_query(f"777AA.G01.{token}.{domain}"),
        "generic-bad-length": dns_query(f"ABC.G99.{token}.{domain}"),
        "two-tokens": dns_query(f"zzzzzzzzzzzzzzzzzzzzzzzzz.{token}.x.{domain}"),
        "txt": dns_query(f"{token}.{domain}", qtype=16),
        "class-chaos": dns_query("version.bind", qtype=16, qclass=3),
        "root": dns_query("."),
        "odd-bytes": dns_query([b"a.b", b"\0\xff\\", token.encode(), b"canarytokens", b"localhost"]),
        "label-63": dns_query([b"a" * 63, token.encode(), b"canarytokens", b"localhost"]),
        "label-64": dns_query([b"a" * 64, b"x"]),
        "name-255": dns_query([b"a" * 63, b"b" * 63, b"c" * 63, b"d" * 61]),
        "name-256": dns_query([b"a" * 63, b"b" * 63, b"c" * 63, b"d" * 62]),
        "pointer-self": struct.pack(">6H", 1, 0x0100, 1, 0, 0, 0) + b"\xc0\x0c\0\x01\0\x01",
        "pointer-loop": struct.pack(">6H", 1, 0x0100, 1, 0, 0, 0) + b"\x01a\xc0\x0c\0\x01\0\x01",
        "pointer-forward": struct.pack(">6H", 1, 0x0100, 1, 0, 0, 0) + b"\xc0\x0e\0\0\x01\0\x01",
        "pointer-header": struct.pack(">6H", 1, 0x0100, 1, 0, 0, 0) + b"\x01a\xc0\x02\0\x01\0\x01",
        "qdcount-0": dns_query(f"{token}.{domain}", counts=(0, 0, 0, 0)),
        "qdcount-2": dns_query(f"{token}.{domain}", counts=(2, 0, 0, 0)),
        "huge-counts": dns_query(f"{token}.{domain}", counts=(1, 0xFFFF, 0xFFFF, 0xFFFF)),
        "response": dns_query(f"{token}.{domain}", flags=0x8180),
        "opcode-update": dns_query(domain, flags=5 << 11),
        "truncated-question": dns_query(f"{token}.{domain}")[:30],
        "header-only": struct.pack(">6H", 1, 0x0100, 1, 0, 0, 0),
        "short": b"\x12\x34\x01",
    }


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return len(files)


def main():
    fixtures = {path.stem: json.loads(path.read_text()) for path in sorted(API.glob("*.json"))}
    http = {name: fixture_request(f["request"]) for name, f in fixtures.items()}
    http.update(http_extras())

    forms = {}
    for name, f in fixtures.items():
        spec = f["request"]
        if spec.get("form"):
            forms[f"form-{name}"] = encode(spec["form"]).encode()
        if spec.get("multipart"):
            forms[f"multipart-{name}"] = (f"multipart/form-data; boundary={BOUNDARY}\n".encode()
                                          + multipart(spec["multipart"].get("fields", {}),
                                                      spec["multipart"].get("files", {})))
    forms.update(forms_extras())

    # Download fixtures answer a file (body_text), not JSON: only JSON bodies seed the JSON reader.
    bodies = {f"response-{name}": (json.dumps(f["response"]["body"], indent=2, sort_keys=True) + "\n").encode()
              for name, f in fixtures.items() if "body" in f["response"]}
    bodies["config-example"] = (ROOT / "config.example.json").read_bytes()
    bodies.update(json_extras())

    for kind, files in (("http", http), ("forms", forms), ("json", bodies), ("seed", seed_extras()),
                        ("docx", docx_extras()), ("dns", dns_extras())):
        count = write(CORPUS / kind, files)
        print(f"fixtures/corpus/{kind}: {count} files")


if __name__ == "__main__":
    main()
