"""Token files against the real canary-mock binary: every kind with a file is created, downloaded with the official
client `canarytools` 1.2.3 (`CanaryToken.download()`, which saves under the Content-Disposition name in the working
directory) and through the factory route with plain `requests`, then checked with real tools, and each file must
point at THIS token (its url, hostname or secrets).

Tools, by Debian package: poppler-utils (pdfinfo, pdftotext), zbar-tools (zbarimg), unzip, openssl, gzip, file;
iconv (libc-bin) and python3 are assumed. A missing tool skips the check locally and fails it under CI=true.
"""

import base64
import configparser
import gzip
import json
import os
import re
import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests


from conftest import AUTH_TOKEN

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECK_FILES = REPO_ROOT / "tests" / "files" / "check-files.sh"
CHECK_QR = REPO_ROOT / "tests" / "files" / "check-qr.sh"
WORD_FIXTURE = REPO_ROOT / "fixtures" / "files" / "office" / "libreoffice-minutes.docx"
KEY = {"auth_token": AUTH_TOKEN}
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# MZ, the PE offset at 0x3C pointing at PE\0\0 (0x40), then a little code-looking padding: what create accepts.
PROGRAM = bytes([0x4D, 0x5A] + [0] * 0x3A + [0x40, 0, 0, 0] + [0x50, 0x45, 0, 0] + [0x90] * 28) + b"tail\x00\xff"
AZURE_CERT = "prod-login.pem"
# A 1x1 GIF89a, for web-image (a kind without a file).
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")

# kind -> (file name for the token id, content type, extra create parameters)
FILE_KINDS = {
    "doc-msword": ("{id}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", {}),
    "msword-macro": ("{id}.docm", "application/vnd.ms-word.document.macroEnabled.12", {}),
    "doc-msexcel": ("{id}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {}),
    "msexcel-macro": ("{id}.xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12", {}),
    "pdf-acrobat-reader": ("{id}.pdf", "application/pdf", {}),
    "windows-dir": ("{id}.zip", "application/zip", {}),
    "qr-code": ("{id}.png", "image/png", {}),
    "aws-id": ("credentials", "text/plain", {}),
    "wireguard": ("wg0.conf", "text/plain", {}),
    "azure-id": ("prod-login.zip", "application/zip", {"azure_id_cert_file_name": AZURE_CERT}),
    "slack-api": ("slack_creds", "text/plain", {}),
    "mysql-dump": ("{id}_mysql_dump.sql.gz", "application/gzip", {}),
    "sensitive-cmd": ("{id}.reg", "text/plain", {"process_name": "klist.exe"}),
    "signed-exe": ("{id}.exe", "application/octet-stream", {}),
}
NO_FILE_KINDS = {
    "http": {}, "dns": {}, "cloned-web": {"cloned_web": "example.com"}, "svn": {}, "sql": {},
    "fast-redirect": {"browser_redirect_url": "https://example.com/"},
    "slow-redirect": {"browser_redirect_url": "https://example.com/"},
    "cloned-css": {"expected_referrer": "example.com"}, "credit-card": {}, "aws-s3": {}, "apeeper": {},
    "web-image": {},
}
DEBIAN_PACKAGES = {"pdfinfo": "poppler-utils", "pdftotext": "poppler-utils", "zbarimg": "zbar-tools",
                   "unzip": "unzip", "openssl": "openssl", "gzip": "gzip", "iconv": "libc-bin", "file": "file"}


# MARK: - fixtures and helpers

def need(*tools):
    """Skips when a tool is missing, but fails under CI=true (CI installs every one)."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        packages = sorted({DEBIAN_PACKAGES.get(tool, tool) for tool in missing})
        message = f"needs {', '.join(missing)} (apt-get install -y {' '.join(packages)})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def run(*args, **kwargs):
    """Runs a tool; the completed process (text mode unless told otherwise), failing the test on a non-zero exit."""
    kwargs.setdefault("text", True)
    result = subprocess.run([str(arg) for arg in args], capture_output=True, timeout=60, **kwargs)
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def check_files(path):
    """tests/files/check-files.sh on one file: its output, which must report no failure."""
    output = run("bash", CHECK_FILES, path).stdout
    assert "FAIL" not in output and output.rstrip().endswith("failures: 0"), output
    return output


def create(server, kind, factory_auth=None):
    """Creates a token of that kind (multipart, so signed-exe can carry its exe) over the API or the factory route;
    returns the token object."""
    data = {"memo": f"download {kind}", "kind": kind, **(FILE_KINDS.get(kind, (None, None, {}))[2]),
            **NO_FILE_KINDS.get(kind, {})}
    files = None
    if kind == "signed-exe":
        files = {"exe": ("setup.exe", PROGRAM, "application/octet-stream")}
    elif kind == "web-image":
        files = {"web_image": ("pixel.gif", GIF, "image/gif")}
    if factory_auth:
        response = requests.post(f"{server.base_url}/api/v1/canarytoken/factory",
                                 data={**data, "factory_auth": factory_auth}, files=files)
    else:
        response = requests.post(f"{server.base_url}/api/v1/canarytoken/create", params=KEY, data=data, files=files)
    assert response.status_code == 200, response.text
    return response.json()["canarytoken"]


def new_factory(server):
    response = requests.post(f"{server.base_url}/api/v1/canarytoken/create_factory", params=KEY,
                             data={"memo": "downloads"})
    assert response.status_code == 200, response.text
    return response.json()["factory_auth"]


def attachment_name(response):
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename="), disposition
    return disposition[len("attachment; filename="):]


# MARK: - per-kind checks: each file is well formed for real tools and points at this token

def external_image_targets(path):
    """Every external image relationship target in every .rels part of an Office package."""
    targets = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith(".rels"):
                continue
            for relationship in ET.fromstring(package.read(name)).iter(f"{RELATIONSHIPS_NS}Relationship"):
                if relationship.get("Type") == IMAGE_RELATIONSHIP and relationship.get("TargetMode") == "External":
                    targets.append(relationship.get("Target"))
    return targets


def check_office(path, token):
    need("python3", "file")
    run("python3", "-m", "zipfile", "-t", path)
    # file(1) knows an OOXML package by its first entry, [Content_Types].xml, and the main part's folder.
    application = "Word" if path.suffix in (".docx", ".docm") else "Excel"
    assert run("file", "-b", path).stdout.strip() == f"Microsoft {application} 2007+"
    targets = external_image_targets(path)
    assert targets and set(targets) == {token["url"]}, targets


def check_pdf(path, token):
    need("pdfinfo", "pdftotext")
    info = run("pdfinfo", path).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    check_files(path)
    uris = re.findall(rb"/URI \(([^)]*)\)", path.read_bytes())
    assert len(uris) == 1, uris
    assert urlsplit(uris[0].decode()).hostname == token["hostname"]


def check_windows_dir(path, token):
    need("python3", "unzip", "iconv")
    run("python3", "-m", "zipfile", "-t", path)
    listing = run("unzip", "-Z", "-v", path).stdout
    # The OSS attributes: the folder SYSTEM|DIRECTORY, desktop.ini ARCHIVE|SYSTEM|HIDDEN.
    attributes = re.findall(r"MS-DOS file attributes \(([0-9A-Fa-f]+) hex\):\s*(.*)", listing)
    assert [(code.lower(), sorted(flags.split())) for code, flags in attributes] == [
        ("14", ["dir", "sys"]), ("26", ["arc", "hid", "sys"])], listing
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["My Documents/", "My Documents/desktop.ini"]
        ini = archive.read("My Documents/desktop.ini")
    assert ini.startswith(b"\xff\xfe")
    text = ini.decode("utf-16")
    assert f".INI.{token['hostname']}\\resource.dll" in text, text
    check_files(path)


def check_qr(path, token):
    need("zbarimg")
    assert run("zbarimg", "--raw", "-q", path).stdout.rstrip("\n") == token["url"]
    run("sh", CHECK_QR, path, token["url"])
    prefix = "data:image/png;base64,"
    assert token["qr_code"].startswith(prefix)
    assert base64.b64decode(token["qr_code"][len(prefix):]) == path.read_bytes()


def check_aws(path, token):
    parser = configparser.ConfigParser()
    parser.read_string(path.read_text())
    assert parser["default"]["aws_access_key_id"] == token["access_key_id"]
    assert parser["default"]["aws_secret_access_key"] == token["secret_access_key"]


def check_wireguard(path, token):
    assert path.read_text() == token["renders"]["wg_conf"] + "\n"
    assert f"Endpoint = {token['hostname'].split('.', 1)[1]}:51820" in path.read_text()
    need("python3")
    check_files(path)


def check_azure(path, token, tmp):
    need("openssl", "unzip", "python3")
    run("python3", "-m", "zipfile", "-t", path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted([AZURE_CERT, "prod-login.json"])
        pem = archive.read(AZURE_CERT)
        config = json.loads(archive.read("prod-login.json"))
    assert pem.decode() == token["cert"]
    assert config["fileWithCertAndPrivateKey"] == AZURE_CERT
    assert config["appId"] == token["app_id"] and config["tenant"] == token["tenant_id"]
    assert config["displayName"] == f"azure-cli-{token['cert_name']}"
    cert = tmp / AZURE_CERT
    cert.write_bytes(pem)
    assert "CLI-Login" in run("openssl", "x509", "-noout", "-subject", "-in", cert).stdout
    check_files(path)


def check_mysql(path, token):
    need("gzip")
    run("gzip", "-t", path)
    dump = gzip.decompress(path.read_bytes()).decode()
    encoded = re.search(r"^SET @b = '([^']*)';$", dump, re.M).group(1)
    statement = base64.b64decode(encoded).decode()
    domain = token["hostname"].split(".", 1)[1]
    assert f"MASTER_HOST='{domain}'" in statement and f"MASTER_USER='{token['canarytoken']}" in statement, statement
    check_files(path)


def check_sensitive_cmd(path, token):
    text = path.read_text()
    assert text.startswith("Windows Registry Editor Version 5.00\n")
    assert "\\Image File Execution Options\\klist.exe]" in text and "\\SilentProcessExit\\klist.exe]" in text
    assert f".CMD.{token['hostname']}" in text
    need("iconv")
    check_files(path)


def check_signed_exe(path, token):
    assert path.read_bytes() == PROGRAM


def check_slack(path, token):
    assert token["slack_api_key"].startswith("xoxp-")
    assert f"slack_api_key={token['slack_api_key']}\n" in path.read_text()


def check_file(kind, path, token, tmp):
    checks = {
        "doc-msword": check_office, "msword-macro": check_office, "doc-msexcel": check_office,
        "msexcel-macro": check_office, "pdf-acrobat-reader": check_pdf, "windows-dir": check_windows_dir,
        "qr-code": check_qr, "aws-id": check_aws, "wireguard": check_wireguard, "mysql-dump": check_mysql,
        "sensitive-cmd": check_sensitive_cmd, "signed-exe": check_signed_exe, "slack-api": check_slack,
    }
    if kind == "azure-id":
        check_azure(path, token, tmp)
    else:
        checks[kind](path, token)


# MARK: - tests

def test_every_file_kind_is_covered(base_url):
    kinds = set(requests.get(f"{base_url}/api/v1/canarytokens/list", params=KEY).json()["canarytokens"])
    assert set(FILE_KINDS) | set(NO_FILE_KINDS) == kinds


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_canarytools_download_saves_the_named_file(kind, server, console, tmp_path, monkeypatch):
    token = create(server, kind)
    name = FILE_KINDS[kind][0].format(id=token["canarytoken"])
    where = tmp_path / "client"
    where.mkdir()
    monkeypatch.chdir(where)
    saved = console.tokens.get_token(token["canarytoken"]).download()
    assert saved == name
    assert sorted(p.name for p in where.iterdir()) == [name]
    path = where / name
    assert path.stat().st_size > 0
    check_file(kind, path, token, tmp_path)
    # An explicit filename wins, with the same bytes for every kind but the PDF (its URI path is random).
    assert console.tokens.get_token(token["canarytoken"]).download(filename="copy.bin") == "copy.bin"
    if kind != "pdf-acrobat-reader":
        assert (where / "copy.bin").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_factory_route_downloads_the_same_file(kind, server, tmp_path):
    factory = new_factory(server)
    token = create(server, kind, factory_auth=factory)
    response = requests.get(f"{server.base_url}/api/v1/canarytoken/factory/download",
                            params={"factory_auth": factory, "canarytoken": token["canarytoken"]})
    assert response.status_code == 200, response.text
    name = FILE_KINDS[kind][0].format(id=token["canarytoken"])
    assert attachment_name(response) == name
    assert response.headers["Content-Type"] == FILE_KINDS[kind][1]
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert int(response.headers["Content-Length"]) == len(response.content) > 0
    path = tmp_path / name
    path.write_bytes(response.content)
    check_file(kind, path, token, tmp_path)
    # Another factory does not see it; the Console route does.
    other = new_factory(server)
    refused = requests.get(f"{server.base_url}/api/v1/canarytoken/factory/download",
                           params={"factory_auth": other, "canarytoken": token["canarytoken"]})
    assert refused.status_code == 404
    assert refused.json() == {"message": "Could not find the Canarytoken", "result": "error"}
    assert requests.get(f"{server.base_url}/api/v1/canarytoken/download",
                        params={**KEY, "canarytoken": token["canarytoken"]}).status_code == 200


def test_uploaded_word_document_is_tokenized(server, tmp_path):
    need("python3")
    upload = WORD_FIXTURE.read_bytes()
    response = requests.post(
        f"{server.base_url}/api/v1/canarytoken/create", params=KEY,
        data={"memo": "minutes", "kind": "doc-msword"},
        files={"doc": ("minutes.docx", upload,
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document")})
    assert response.status_code == 200, response.text
    token = response.json()["canarytoken"]
    assert token["doc_name"] == "minutes.docx"
    download = requests.get(f"{server.base_url}/api/v1/canarytoken/download",
                            params={**KEY, "canarytoken": token["canarytoken"]})
    assert download.status_code == 200
    path = tmp_path / attachment_name(download)
    assert path.name == f"{token['canarytoken']}.docx"
    path.write_bytes(download.content)
    run("python3", "-m", "zipfile", "-t", path)
    assert external_image_targets(path) == [token["url"]]
    original = tmp_path / "original.docx"
    original.write_bytes(upload)
    with zipfile.ZipFile(original) as before, zipfile.ZipFile(path) as after:
        assert after.namelist() == before.namelist()
        for name in before.namelist():
            if name not in ("word/document.xml", "word/_rels/document.xml.rels"):
                assert after.read(name) == before.read(name), name
        assert "Board minutes" in after.read("word/document.xml").decode()


@pytest.mark.parametrize("doc", [b"plain text", b"PK\x03\x04 not really a zip", b"\x89PNG\r\n\x1a\n"],
                         ids=["text", "broken-zip", "png"])
def test_a_doc_that_is_not_a_word_document_is_refused(doc, base_url):
    response = requests.post(f"{base_url}/api/v1/canarytoken/create", params=KEY,
                             data={"memo": "m", "kind": "doc-msword"}, files={"doc": ("x.docx", doc)})
    assert response.status_code == 400
    assert response.json() == {"message": "Could not process the parameters", "result": "error"}


@pytest.mark.parametrize("exe", [None, b"not a program", b"MZ" + b"\x00" * 100], ids=["missing", "text", "no-pe"])
def test_signed_exe_needs_a_windows_program(exe, base_url):
    files = {"exe": ("setup.exe", exe, "application/octet-stream")} if exe is not None else None
    response = requests.post(f"{base_url}/api/v1/canarytoken/create", params=KEY,
                             data={"memo": "m", "kind": "signed-exe"}, files=files)
    assert response.status_code == 400
    assert response.json() == {"message": "Could not process the parameters", "result": "error"}


@pytest.mark.parametrize("kind", sorted(NO_FILE_KINDS))
def test_a_kind_without_a_file_answers_400_and_canarytools_raises(kind, server, console, tmp_path, monkeypatch):
    token = create(server, kind)
    response = requests.get(f"{server.base_url}/api/v1/canarytoken/download",
                            params={**KEY, "canarytoken": token["canarytoken"]})
    assert response.status_code == 400
    assert response.json() == {"message": "File generation not supported.", "result": "error"}
    where = tmp_path / "client"
    where.mkdir()
    monkeypatch.chdir(where)
    # download() calls raise_for_status() on the raw response before reading Content-Disposition.
    with pytest.raises(requests.exceptions.HTTPError) as raised:
        console.tokens.get_token(token["canarytoken"]).download()
    assert raised.value.response.status_code == 400
    assert list(where.iterdir()) == []


def test_download_errors_and_auth(server):
    token = create(server, "aws-id")
    url = f"{server.base_url}/api/v1/canarytoken/download"
    missing = requests.get(url, params={**KEY, "canarytoken": "0000000000000000000000000"})
    assert missing.status_code == 404
    assert missing.json() == {"message": "Could not find the Canarytoken", "result": "error"}
    assert requests.get(url, params=KEY).status_code == 404
    assert requests.get(url, params={"canarytoken": token["canarytoken"]}).status_code == 401
    header = requests.get(url, params={"canarytoken": token["canarytoken"]},
                          headers={"X-Canary-Auth-Token": AUTH_TOKEN})
    assert header.status_code == 200 and attachment_name(header) == "credentials"
    # The factory route takes no API key in place of the factory string.
    factory_url = f"{server.base_url}/api/v1/canarytoken/factory/download"
    alone = requests.get(factory_url, params={**KEY, "canarytoken": token["canarytoken"]})
    assert alone.status_code == 401
    assert alone.json() == {"message": "Invalid factory_auth", "result": "error"}


def test_deleted_factory_is_refused(server):
    factory = new_factory(server)
    token = create(server, "slack-api", factory_auth=factory)
    deleted = requests.delete(f"{server.base_url}/api/v1/canarytoken/delete_factory",
                              params={**KEY, "factory_auth": factory})
    assert deleted.status_code == 200, deleted.text
    response = requests.get(f"{server.base_url}/api/v1/canarytoken/factory/download",
                            params={"factory_auth": factory, "canarytoken": token["canarytoken"]})
    assert response.status_code == 401
    assert response.json() == {"message": "Invalid factory_auth", "result": "error"}


def test_head_sends_the_headers_without_the_body(server):
    token = create(server, "windows-dir")
    params = {**KEY, "canarytoken": token["canarytoken"]}
    url = f"{server.base_url}/api/v1/canarytoken/download"
    get = requests.get(url, params=params)
    head = requests.head(url, params=params)
    assert head.status_code == 200 and head.content == b""
    for name in ("Content-Type", "Content-Disposition", "X-Robots-Tag", "Content-Length"):
        assert head.headers[name] == get.headers[name], name
    assert int(head.headers["Content-Length"]) == len(get.content)


def test_error_status_200_keeps_the_error_body(start_server):
    server = start_server(config={"error_status": "200"})
    token = create(server, "dns")
    response = requests.get(f"{server.base_url}/api/v1/canarytoken/download",
                            params={**KEY, "canarytoken": token["canarytoken"]})
    assert response.status_code == 200
    assert response.json() == {"message": "File generation not supported.", "result": "error"}
    assert "Content-Disposition" not in response.headers
