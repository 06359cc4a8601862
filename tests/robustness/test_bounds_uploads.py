"""Uploaded .docx files (doc-msword's `doc`), live against the release binary: a document with bytes after its zip
(as Thinkst's PowerShell scripts send it), eight attribute bombs at once in a 512 MiB memory cgroup, and a zip whose
entries together unpack 850 times its size (issue 11, items 1, 3 and 6).

The hostile files are made here with Python's zipfile, a few hundred KiB each; everything runs on 127.0.0.1.
"""

import io
import os
import threading
import time
import zipfile

import requests

from robustlib import AUTH_TOKEN, ping

KEY = {"auth_token": AUTH_TOKEN}
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{MAIN_TYPE}"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD_NS}">'
            '<w:body><w:p><w:r><w:t>Quarterly figures</w:t></w:r></w:p></w:body></w:document>')

# The server's answer to an upload it cannot tokenize, and to one that waited too long for an upload slot.
REFUSED = {"message": "Could not process the parameters", "result": "error"}
BUSY_MESSAGE = "Too many uploads are being processed; try again shortly"
# Peak resident memory of the whole server through eight concurrent attribute bombs.
PEAK_RSS_LIMIT_MIB = 150


def docx(document=DOCUMENT, extra=()):
    """A minimal Word package, deflated; `extra` is (name, bytes) pairs added after the three parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document)
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def attribute_bomb():
    """word/document.xml of 40 MiB whose root tag holds about 8.6 million attributes, packed about 70:1 (under
    both the per-entry and the whole-archive ratio limits, so the server really scans it): ~600 KB."""
    block = ' a=""' * 40
    random = os.urandom(300_000).hex()
    pieces, size, at = [], 0, 0
    while size < 40 << 20:
        piece = f' b{random[at:at + 2]}=""{block}'
        at = (at + 2) % (len(random) - 2)
        pieces.append(piece)
        size += len(piece)
    document = f'<w:document xmlns:w="{WORD_NS}"{"".join(pieces)}><w:body><w:p/></w:body></w:document>'
    return docx(document)


def ratio_bomb():
    """62 entries of 1 MiB of zeros each (every one at the per-entry ratio floor): ~74 KB unpacking to 62 MiB."""
    return docx(extra=[(f"word/media/zeros{index}.bin", bytes(1 << 20)) for index in range(62)])


def multipart(boundary, name, filename, data, fields):
    """A multipart/form-data body written by hand, as Invoke-TokenizeExistingFile.ps1 does: the file part ends with
    the here-string's extra line before the closing boundary."""
    lines = []
    for key, value in fields.items():
        lines.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    lines.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 f'Content-Type: {DOCX_TYPE}\r\n\r\n'.encode() + data + b"\r\n")
    lines.append(f"--{boundary}--\r\n".encode())
    return b"".join(lines)


def new_factory(server):
    response = requests.post(f"{server.base_url}/api/v1/canarytoken/create_factory", params=KEY,
                             data={"memo": "uploads"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["factory_auth"]


def test_docx_with_trailing_line_break_is_tokenized(start_server, tmp_path, report):
    server = start_server()
    upload = docx() + b"\r\n\r\n"
    boundary = "----canary-mock-uploads-7d3a"
    body = multipart(boundary, "doc", "figures.docx", upload, {"kind": "doc-msword", "memo": "here-string"})
    response = requests.post(f"{server.base_url}/api/v1/canarytoken/create", params=KEY, data=body, timeout=20,
                             headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 200, response.text
    token = response.json()["canarytoken"]
    assert token["doc_name"] == "figures.docx"

    download = requests.get(f"{server.base_url}/api/v1/canarytoken/download", timeout=20,
                            params={**KEY, "canarytoken": token["canarytoken"]})
    assert download.status_code == 200
    assert download.headers["Content-Type"] == DOCX_TYPE
    report("download size", len(download.content), "bytes")
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["[Content_Types].xml", "_rels/.rels", "word/document.xml",
                                      "word/_rels/document.xml.rels"]
        relationships = archive.read("word/_rels/document.xml.rels").decode()
        assert f'Target="{token["url"]}" TargetMode="External"' in relationships
        assert "Quarterly figures" in archive.read("word/document.xml").decode()
    # A clean zip: nothing after the end record, and the bytes a reader ignores are gone.
    assert not download.content.endswith(b"\r\n")
    # Downloading again answers the same bytes (the file was built once, at create).
    again = requests.get(f"{server.base_url}/api/v1/canarytoken/download", timeout=20,
                         params={**KEY, "canarytoken": token["canarytoken"]})
    assert again.content == download.content


def test_eight_concurrent_attribute_bombs_stay_bounded(start_server, report):
    server = start_server(memory_limit_mib=512)
    factory = new_factory(server)
    bomb = attribute_bomb()
    report("attribute bomb upload", len(bomb), "bytes")
    assert len(bomb) < 1 << 20
    results = [None] * 8

    def upload(index):
        try:
            response = requests.post(f"{server.base_url}/api/v1/canarytoken/factory", timeout=60,
                                     data={"factory_auth": factory, "kind": "doc-msword", "memo": f"bomb {index}"},
                                     files={"doc": ("bomb.docx", bomb, DOCX_TYPE)})
            results[index] = (response.status_code, response.json())
        except Exception as error:  # noqa: BLE001 - recorded and asserted below
            results[index] = ("failed", repr(error))

    started = time.monotonic()
    threads = [threading.Thread(target=upload, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    elapsed = time.monotonic() - started
    report("8 concurrent attribute bombs", f"{elapsed:.1f}", "s")
    report("answers", sorted(str(status) for status, _ in results))
    for status, body in results:
        # Each either tokenized (the attributes are well formed), or refused with a clear error, never dropped.
        assert (status == 200 and body["result"] == "success") or (status == 400 and body == REFUSED) \
            or (status == 503 and body == {"message": BUSY_MESSAGE, "result": "error"}), (status, body)
    assert server.alive, "".join(server.log[-50:])
    assert ping(server.port).status == 200
    health = requests.get(f"{server.base_url}/_mock/health", timeout=5)
    assert health.status_code == 200
    peak = server.peak_rss_kib() / 1024
    report("peak RSS", f"{peak:.0f}", "MiB")
    if server.cgroup is not None:
        report("cgroup peak", f"{server.cgroup.peak_bytes() / (1 << 20):.0f}", "MiB")
        assert server.cgroup.oom_kills() == 0
    assert peak < PEAK_RSS_LIMIT_MIB


def test_ratio_bomb_is_refused(start_server, report):
    server = start_server(memory_limit_mib=512)
    bomb = ratio_bomb()
    report("ratio bomb upload", len(bomb), "bytes")
    assert len(bomb) < 100_000
    response = requests.post(f"{server.base_url}/api/v1/canarytoken/create", params=KEY, timeout=20,
                             data={"kind": "doc-msword", "memo": "ratio"},
                             files={"doc": ("zeros.docx", bomb, DOCX_TYPE)})
    assert response.status_code == 400
    assert response.json() == REFUSED
    assert ping(server.port).status == 200
    peak = server.peak_rss_kib() / 1024
    report("peak RSS", f"{peak:.0f}", "MiB")
    assert peak < 64
