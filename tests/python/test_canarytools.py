"""The official Python client `canarytools` against the real canary-mock binary.

canarytools has no base-URL option: it reads the module global `canarytools.console.ROOT` at call time, and
`Console.__init__` replaces it with `ROOT.format(domain)` (a URL without braces comes out unchanged). Every test
resets ROOT to the client's own template afterwards, so no test depends on another.
"""

import re
import struct
import zlib

import pytest

import canarytools
import canarytools.console as cconsole
from canarytools import CanaryTokenKinds
from canarytools.exceptions import (CanaryTokenError, ConsoleError, FlockError, InvalidAuthTokenError,
                                    InvalidParameterError)

from conftest import AUTH_TOKEN

CLIENT_ROOT_TEMPLATE = "https://{0}.canary.tools/api/v1/"
ERROR_MAP = cconsole.ERROR_MAP

ID = re.compile(r"^[0-9a-z]{25}$")
CREATED = re.compile(r"^\d{10}\.\d{6}$")
CREATED_PRINTABLE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\)$")
URL = re.compile(r"^http://canarytokens\.localhost/"
                 r"(cdn|images|static|tags|about|articles|feedback|terms|traffic)/"
                 r"(?P<id>[0-9a-z]{25})/"
                 r"(logo\.gif|index\.html|contact\.php|post\.jsp|spacer\.gif|submit\.aspx|doc\.gif)$")
ACCESS_KEY_ID = re.compile(r"^AKIA[A-Z2-7]{16}$")
SECRET_ACCESS_KEY = re.compile(r"^[A-Za-z0-9/+]{40}$")


@pytest.fixture(autouse=True)
def reset_client_root():
    """Every test starts and ends with the client's pristine ROOT template."""
    cconsole.ROOT = CLIENT_ROOT_TEMPLATE
    yield
    cconsole.ROOT = CLIENT_ROOT_TEMPLATE


def make_console(server, api_key=AUTH_TOKEN):
    """Point the client at `server` (ROOT set before Console(), which leaves a brace-free URL unchanged)."""
    cconsole.ROOT = server.api
    console = canarytools.Console(domain="mock", api_key=api_key)
    assert cconsole.ROOT == server.api
    return console


@pytest.fixture
def console(server):
    return make_console(server)


def attributes(obj):
    """The JSON-derived attributes of a canarytools model object."""
    return {k: v for k, v in vars(obj).items() if k != "console"}


def png_bytes():
    """A real 1x1 RGBA PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def create_web_image(console, memo, path, mimetype="image/png"):
    """What `tokens.create(kind="web-image", web_image=path, mimetype=...)` sends, with the file still open.

    canarytools 1.2.3 opens the image in a `with` block and calls `console.post` after the block has closed the
    file, so its own web-image create always fails with "ValueError: read of closed file" inside requests (see
    test_client_web_image_create_is_broken_in_the_client). This sends the identical request through the client's
    own `console.post` and parser: the path and mimetype as form fields, the file as a multipart part.
    """
    params = {"web_image": str(path), "mimetype": mimetype, "memo": memo, "kind": "web-image"}
    with open(path, "rb") as f:
        files = {"web_image": (path.name, f, mimetype)}
        return console.post("canarytoken/create", params, console.tokens.parse, files)


def check_common(token, kind, memo):
    """The fields every token object carries (docs/api.md §2)."""
    assert isinstance(token, canarytools.CanaryToken)
    assert ID.match(token.canarytoken), token.canarytoken
    assert token.kind == kind
    assert token.memo == memo
    assert token.enabled is True
    assert token.triggered_count == 0
    assert token.flock_id == "flock:default"
    assert token.key == "canarydrop:" + token.canarytoken
    assert token.node_id == token.canarytoken
    assert token.hostname == token.canarytoken + ".canarytokens.localhost"
    match = URL.match(token.url)
    assert match and match.group("id") == token.canarytoken, token.url
    assert isinstance(token.created, str) and CREATED.match(token.created), token.created
    assert CREATED_PRINTABLE.match(token.created_printable), token.created_printable
    assert isinstance(token.updated_id, int) and not isinstance(token.updated_id, bool)
    assert not hasattr(token, "factory_auth")
    assert str(token) == (f"[Canarytoken] kind: {kind}; memo: {memo}; enabled: True; triggered count: 0")


# ---------------------------------------------------------------------------------------------------------------------
# Pointing the client at the mock

def test_client_version_is_the_pinned_one():
    assert canarytools.__version__ == "1.2.3"


def test_ping_returns_true(console):
    assert console.ping() is True


def test_root_set_after_console_creation_also_works(server):
    console = canarytools.Console(domain="mock", api_key=AUTH_TOKEN)
    assert cconsole.ROOT == "https://mock.canary.tools/api/v1/"
    cconsole.ROOT = server.api
    assert console.ping() is True


# ---------------------------------------------------------------------------------------------------------------------
# tokens.create and tokens.get_token

@pytest.mark.parametrize("kind", [CanaryTokenKinds.HTTP, CanaryTokenKinds.DNS, CanaryTokenKinds.QRCODE,
                                  CanaryTokenKinds.DOC_MSWORD, CanaryTokenKinds.WINDOWS_DIR, CanaryTokenKinds.PDF])
def test_create_simple_kinds(console, kind):
    memo = f"client test {kind} – ünïcode memo"
    token = console.tokens.create(memo=memo, kind=kind)
    check_common(token, kind, memo)
    if kind == "http":
        assert token.browser_scanner_enabled is True


def test_create_aws_id_renders(console):
    token = console.tokens.create(memo="fake AWS keys in CI", kind=CanaryTokenKinds.AWS)
    check_common(token, "aws-id", "fake AWS keys in CI")
    assert ACCESS_KEY_ID.match(token.access_key_id), token.access_key_id
    assert SECRET_ACCESS_KEY.match(token.secret_access_key), token.secret_access_key
    assert isinstance(token.username, str) and token.username
    assert token.renders == {"aws-id": "\n    [default]\n    aws_access_key_id = {}\n    aws_secret_access_key = {}"
                             .format(token.access_key_id, token.secret_access_key)}


def test_create_cloned_web(console):
    token = console.tokens.create(memo="phishing clone", kind=CanaryTokenKinds.CLONED_WEB, cloned_web="example.com")
    check_common(token, "cloned-web", "phishing clone")
    assert token.cloned_web == "example.com"
    script = token.renders["cloned-web"]
    assert script.startswith("<script>") and script.endswith("</script>")
    assert token.url in script
    assert "?l=" in script and "&r=" in script
    assert "example.com" in script


def test_client_web_image_create_is_broken_in_the_client(console, tmp_path):
    # Documents the client bug worked around by create_web_image(): the file is closed before it is sent.
    image = tmp_path / "pixel.png"
    image.write_bytes(png_bytes())
    with pytest.raises(ValueError, match="read of closed file"):
        console.tokens.create(memo="logo", kind=CanaryTokenKinds.WEB_IMAGE, web_image=str(image),
                              mimetype="image/png")


def test_create_web_image_with_file_upload(console, tmp_path):
    image = tmp_path / "pixel.png"
    image.write_bytes(png_bytes())
    token = create_web_image(console, "logo", image)
    check_common(token, "web-image", "logo")
    assert token.web_image_name == "pixel.png"
    assert attributes(console.tokens.get_token(token.canarytoken)) == attributes(token)


def test_web_image_without_mimetype_is_refused_by_the_client(console, tmp_path):
    image = tmp_path / "pixel.png"
    image.write_bytes(png_bytes())
    with pytest.raises(InvalidParameterError, match="Mimetype cannot be null"):
        console.tokens.create(memo="logo", kind=CanaryTokenKinds.WEB_IMAGE, web_image=str(image))


def test_web_image_that_is_not_an_image(console, tmp_path):
    fake = tmp_path / "notes.png"
    fake.write_bytes(b"this is not a PNG at all\n")
    with pytest.raises(CanaryTokenError) as raised:
        create_web_image(console, "logo", fake)
    assert raised.value is ERROR_MAP["Could not process the parameters"]


def test_web_image_without_file_part(console, tmp_path):
    # Only the text field web_image (a path) and no file part: the path does not count as the file.
    params = {"web_image": str(tmp_path / "pixel.png"), "mimetype": "image/png", "memo": "logo", "kind": "web-image"}
    with pytest.raises(CanaryTokenError) as raised:
        console.post("canarytoken/create", params, console.tokens.parse)
    assert raised.value is ERROR_MAP["Could not process the parameters"]


def test_get_token_returns_the_same_token(console):
    created = [console.tokens.create(memo=f"fetch me {kind}", kind=kind, **extra)
               for kind, extra in [("http", {}), ("dns", {}), ("aws-id", {}),
                                   ("cloned-web", {"cloned_web": "www.example.org"}), ("qr-code", {})]]
    for token in created:
        fetched = console.tokens.get_token(token.canarytoken)
        assert isinstance(fetched, canarytools.CanaryToken)
        assert attributes(fetched) == attributes(token)


def test_updated_id_increases_with_each_create(console):
    ids = [console.tokens.create(memo=f"n{i}", kind="dns").updated_id for i in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5


# ---------------------------------------------------------------------------------------------------------------------
# Errors: the client maps the mock's message strings to its exception classes through ERROR_MAP

def test_bad_api_key_raises_invalid_auth_token_error(server):
    console = make_console(server, api_key="not-the-key")
    assert ERROR_MAP["Invalid auth_token"] is InvalidAuthTokenError
    with pytest.raises(InvalidAuthTokenError) as raised:
        console.ping()
    assert type(raised.value) is InvalidAuthTokenError and raised.value.args == ()
    with pytest.raises(InvalidAuthTokenError):
        console.tokens.create(memo="x", kind="http")
    with pytest.raises(InvalidAuthTokenError):
        console.tokens.get_token("a" * 25)


def test_empty_memo_raises_invalid_parameter_error(console):
    for memo in ["", "   "]:
        with pytest.raises(InvalidParameterError) as raised:
            console.tokens.create(memo=memo, kind="http")
        assert raised.value is ERROR_MAP["Empty memo"]


def test_invalid_kind_raises_invalid_parameter_error(console):
    for kind in ["not-a-kind", "", "HTTP"]:
        with pytest.raises(InvalidParameterError) as raised:
            console.tokens.create(memo="memo", kind=kind)
        assert raised.value is ERROR_MAP["Supplied kind is not valid."]


def test_unknown_token_raises_canarytoken_error(console):
    for token_id in ["0" * 25, "nosuchtoken"]:
        with pytest.raises(CanaryTokenError) as raised:
            console.tokens.get_token(token_id)
        assert raised.value is ERROR_MAP["Could not find the Canarytoken"]
        assert str(raised.value) == "Could not find the Canarytoken"


def test_missing_required_parameter_raises_canarytoken_error(console):
    # 'Could not process the parameters' appears twice in the client's ERROR_MAP literal; the later entry
    # (CanaryTokenError) is the one that wins.
    with pytest.raises(CanaryTokenError) as raised:
        console.tokens.create(memo="no domain", kind=CanaryTokenKinds.CLONED_WEB)
    assert raised.value is ERROR_MAP["Could not process the parameters"]
    assert str(raised.value) == "Could not process the parameters"


def test_cloned_web_with_one_label_raises_the_specific_error(console):
    with pytest.raises(InvalidParameterError) as raised:
        console.tokens.create(memo="bad clone", kind=CanaryTokenKinds.CLONED_WEB, cloned_web="localhost")
    assert raised.value is ERROR_MAP["Could not process the parameters. cloned_web is invalid, not enough domain labels"]


def test_unknown_flock_raises_flock_error(console):
    with pytest.raises(FlockError) as raised:
        console.tokens.create(memo="memo", kind="http", flock_id="flock:" + "0" * 32)
    assert raised.value is ERROR_MAP["Flock does not exist."]


def test_bad_browser_scanner_value_raises_canarytoken_error(console):
    # browser_scanner_enabled is not among the client's known create parameters, so it must be forced through.
    with pytest.raises(CanaryTokenError) as raised:
        console.tokens.create(memo="m", kind="http", browser_scanner_enabled="maybe", attempt_unrecognized=True)
    assert raised.value is ERROR_MAP["Could not process the parameters"]


def test_header_auth_through_the_client_session(server):
    # The client only sends auth_token as a query parameter; swap it for the header the Console also accepts.
    console = make_console(server)
    console.session.params = {}
    console.session.headers["X-Canary-Auth-Token"] = AUTH_TOKEN
    assert console.ping() is True
    console.session.headers["X-Canary-Auth-Token"] = "wrong"
    with pytest.raises(ConsoleError) as raised:
        console.ping()
    # 'Unauthorized' is not in ERROR_MAP: the client raises a plain ConsoleError carrying the message.
    assert type(raised.value) is ConsoleError and str(raised.value) == "Unauthorized"


# ---------------------------------------------------------------------------------------------------------------------
# Persistence across a restart

def test_tokens_survive_a_restart(start_server, tmp_path):
    database = tmp_path / "restart.sqlite3"
    first = start_server(database=database)
    console = make_console(first)
    image = tmp_path / "pixel.png"
    image.write_bytes(png_bytes())
    created = [
        console.tokens.create(memo="before restart http", kind="http"),
        console.tokens.create(memo="before restart aws", kind="aws-id"),
        console.tokens.create(memo="before restart clone", kind="cloned-web", cloned_web="example.com"),
        create_web_image(console, "before restart image", image),
    ]
    first.stop()

    cconsole.ROOT = CLIENT_ROOT_TEMPLATE
    second = start_server(database=database)
    console = make_console(second)
    for token in created:
        fetched = console.tokens.get_token(token.canarytoken)
        assert attributes(fetched) == attributes(token)
    # The updated_id counter continues where it stopped.
    after = console.tokens.create(memo="after restart", kind="dns")
    assert after.updated_id > max(t.updated_id for t in created)
