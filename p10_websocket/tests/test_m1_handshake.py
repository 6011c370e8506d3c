"""Milestone 1: the opening handshake (RFC 6455 section 4).

A WebSocket starts as an HTTP/1.1 GET asking to switch protocols. The server checks the
request (`validate_request`), answers `101 Switching Protocols` with `Sec-WebSocket-Accept`
(`accept_key`, `response_headers`, `response_bytes`), or refuses with an HTTP error
(`HandshakeError`, `refusal_bytes`). The client builds the request (`new_key`,
`request_bytes`) and checks the answer (`validate_response`). `parse_request` and
`parse_response` read the HTTP head from bytes as they arrive. No sockets: bytes in, bytes out.
The last tests shake hands with two real implementations, wsproto and websockets.
"""

from __future__ import annotations

import base64
import hashlib

import h11
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniws.handshake import (
    GUID,
    MAX_HEAD,
    HandshakeError,
    accept_key,
    new_key,
    parse_request,
    parse_response,
    refusal_bytes,
    request_bytes,
    response_bytes,
    response_headers,
    validate_request,
    validate_response,
)
from websockets.client import ClientProtocol
from websockets.server import ServerProtocol
from websockets.uri import parse_uri
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request

KEY = "dGhlIHNhbXBsZSBub25jZQ=="  # the RFC's example key (section 1.3)
GOOD = [
    ("Host", "server.example.com"),
    ("Upgrade", "websocket"),
    ("Connection", "Upgrade"),
    ("Sec-WebSocket-Key", KEY),
    ("Sec-WebSocket-Version", "13"),
]


def without(name: str, headers: list[tuple[str, str]] = GOOD) -> list[tuple[str, str]]:
    """`headers` minus every header called `name`."""
    return [(key, value) for key, value in headers if key.lower() != name.lower()]


def replaced(name: str, value: str) -> list[tuple[str, str]]:
    """The good request's headers with `name` set to `value`."""
    return [*without(name), (name, value)]


def head(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    """An HTTP head written by hand, so tests do not depend on the code they check."""
    return (
        "".join(f"{line}\r\n" for line in [first_line, *(f"{k}: {v}" for k, v in headers)]).encode() + b"\r\n"
    )


# --- accept_key and new_key ------------------------------------------------------------------


def test_accept_key_matches_the_rfc_example() -> None:
    """RFC 6455 section 1.3: the key "dGhlIHNhbXBsZSBub25jZQ==" is answered with
    "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".

    The accept value is base64(SHA-1(key + GUID)): concatenate the key as sent (do not decode
    it), take its SHA-1 digest (the 20 raw bytes, not the hex string), then base64 those bytes.
    """
    got = accept_key(KEY)
    assert got == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", f"expected 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=', got {got!r}"


@given(st.binary(min_size=16, max_size=16))
@example(b"\x00" * 16)
def test_accept_key_is_the_base64_of_sha1_of_key_and_guid(raw: bytes) -> None:
    """For any key, accept_key(key) == base64(sha1(key + GUID)); GUID is the RFC's constant.

    If only some keys fail, check that you hash the key's text, not its decoded bytes.
    """
    key = base64.b64encode(raw).decode()
    expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    assert accept_key(key) == expected, f"key {key!r}: expected {expected!r}, got {accept_key(key)!r}"


def test_new_key_is_16_random_bytes_in_base64() -> None:
    """A client key is 16 random bytes, base64-encoded (24 characters), fresh every time.

    If two keys are equal, you made one key once (at import) instead of one per call.
    """
    keys = {new_key() for _ in range(20)}
    assert len(keys) == 20, f"expected 20 different keys, got {len(keys)}: {keys}"
    for key in keys:
        raw = base64.b64decode(key, validate=True)
        assert len(raw) == 16, f"key {key!r} decodes to {len(raw)} bytes, expected 16"


# --- validate_request: accepting -------------------------------------------------------------


def test_a_good_request_gives_its_key() -> None:
    """validate_request returns the Sec-WebSocket-Key of a valid handshake.

    A valid handshake is a GET with Upgrade: websocket, Connection: Upgrade,
    Sec-WebSocket-Version: 13 and a key that is 16 bytes in base64.
    """
    got = validate_request("GET", GOOD)
    assert got == KEY, f"expected the key {KEY!r}, got {got!r}"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(replaced("Upgrade", "WebSocket"), id="upgrade-value-in-capitals"),
        pytest.param(replaced("Connection", "keep-alive, Upgrade"), id="firefox-connection-list"),
        pytest.param(replaced("Connection", "Upgrade,keep-alive"), id="list-without-spaces"),
        pytest.param(replaced("Connection", "UPGRADE"), id="connection-in-capitals"),
        pytest.param([(k.upper(), v) for k, v in GOOD], id="names-in-capitals"),
        pytest.param([(k.lower(), v) for k, v in GOOD], id="names-lowercased-as-asgi"),
        pytest.param(
            [*without("Connection"), ("Connection", "keep-alive"), ("Connection", "Upgrade")], id="two"
        ),
    ],
)
def test_case_and_comma_lists_are_accepted(headers: list[tuple[str, str]]) -> None:
    """Header names are case-insensitive, and Upgrade/Connection hold comma-separated,
    case-insensitive tokens: Firefox sends `Connection: keep-alive, Upgrade`.

    If this fails, compare names with .lower(), split values on ",", strip and lower each token,
    and collect the tokens of every header with that name (a header may appear twice).
    """
    got = validate_request("GET", headers)
    assert got == KEY, f"expected {KEY!r} for {headers}, got {got!r}"


# --- validate_request: refusing --------------------------------------------------------------

REFUSALS = [
    pytest.param("POST", GOOD, 405, id="post"),
    pytest.param("GET", without("Upgrade"), 400, id="no-upgrade"),
    pytest.param("GET", replaced("Upgrade", "h2c"), 400, id="upgrade-to-h2c"),
    pytest.param("GET", without("Connection"), 400, id="no-connection"),
    pytest.param("GET", replaced("Connection", "keep-alive"), 400, id="connection-keep-alive"),
    pytest.param("GET", replaced("Connection", "upgraded"), 400, id="connection-token-not-substring"),
    pytest.param("GET", without("Sec-WebSocket-Version"), 400, id="no-version"),
    pytest.param("GET", replaced("Sec-WebSocket-Version", "8"), 426, id="version-8"),
    pytest.param("GET", without("Sec-WebSocket-Key"), 400, id="no-key"),
    pytest.param("GET", replaced("Sec-WebSocket-Key", "not base64!"), 400, id="key-not-base64"),
    pytest.param(
        "GET", replaced("Sec-WebSocket-Key", base64.b64encode(b"x" * 15).decode()), 400, id="key-15"
    ),
    pytest.param("GET", [*GOOD, ("Sec-WebSocket-Key", KEY)], 400, id="two-keys"),
]


@pytest.mark.parametrize(("method", "headers", "status"), REFUSALS)
def test_each_refusal_has_its_status(method: str, headers: list[tuple[str, str]], status: int) -> None:
    """A request that is not a valid handshake raises HandshakeError with the status to answer:
    405 for a method other than GET, 426 Upgrade Required for another protocol version,
    400 for everything else (missing or wrong Upgrade/Connection/Version/Key).

    Look at the test id for the case; `reason` must say what is wrong, in words.
    """
    with pytest.raises(HandshakeError) as caught:
        validate_request(method, headers)
    assert caught.value.status == status, f"expected status {status}, got {caught.value.status}"
    assert caught.value.reason, "expected a reason saying what is wrong, got an empty one"


def test_a_405_says_allow_get_and_a_426_says_which_version() -> None:
    """A 405 carries `Allow: GET` (HTTP requires it) and a 426 carries
    `Sec-WebSocket-Version: 13` (RFC 6455 4.4), so the client learns what would work.

    Put them in the HandshakeError's `headers`; refusal_bytes sends them.
    """
    with pytest.raises(HandshakeError) as post:
        validate_request("POST", GOOD)
    assert ("Allow", "GET") in post.value.headers, f"expected ('Allow', 'GET'), got {post.value.headers}"
    with pytest.raises(HandshakeError) as old:
        validate_request("GET", replaced("Sec-WebSocket-Version", "8"))
    assert ("Sec-WebSocket-Version", "13") in old.value.headers, (
        f"expected ('Sec-WebSocket-Version', '13'), got {old.value.headers}"
    )


@pytest.mark.parametrize(("method", "headers", "status"), REFUSALS)
def test_websockets_refuses_the_same_requests(
    method: str, headers: list[tuple[str, str]], status: int
) -> None:
    """A second opinion: the websockets library's server refuses every request we refuse
    (its status may differ: it answers 400 where the RFC suggests 426 for a wrong version).

    This test checks the test table, not your code; it fails only if the table is wrong.
    """
    server = ServerProtocol()
    server.receive_data(head(f"{method} /chat HTTP/1.1", headers))
    [request] = server.events_received()
    answer = server.accept(request)
    assert answer.status_code != 101, f"websockets accepted a request the table says to refuse ({status})"


# --- the 101 ---------------------------------------------------------------------------------


def test_response_headers_accept_the_key() -> None:
    """The 101 carries Upgrade: websocket, Connection: Upgrade and Sec-WebSocket-Accept, and
    Sec-WebSocket-Protocol only when a subprotocol was chosen.
    """
    headers = {k.lower(): v for k, v in response_headers(KEY)}
    expected = {
        "upgrade": "websocket",
        "connection": "Upgrade",
        "sec-websocket-accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
    }
    assert headers == expected, f"expected {expected}, got {headers}"
    chosen = {k.lower(): v for k, v in response_headers(KEY, "chat")}
    assert chosen.get("sec-websocket-protocol") == "chat", f"expected the subprotocol 'chat', got {chosen}"


def test_response_bytes_are_a_101_head() -> None:
    """response_bytes writes `HTTP/1.1 101 Switching Protocols`, one `Name: value` line per
    header, each line ending in CRLF, and a blank line (CRLF CRLF) that ends the head.
    """
    got = response_bytes([("Upgrade", "websocket"), ("X-A", "1")])
    expected = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nX-A: 1\r\n\r\n"
    assert got == expected, f"expected {expected!r}, got {got!r}"


# --- parse_request / parse_response ----------------------------------------------------------


def test_parse_request_waits_for_the_blank_line() -> None:
    """parse_request returns None for every incomplete head, then (method, target, headers)
    once CRLF CRLF has arrived: TCP may deliver the request in any number of pieces.

    Header names come back lowercased (as in ASGI), values without surrounding spaces.
    """
    data = head("GET /chat?room=1 HTTP/1.1", GOOD)
    for cut in range(len(data)):
        got = parse_request(data[:cut])
        assert got is None, f"expected None for the first {cut} bytes, got {got!r}"
    method, target, headers = parse_request(data) or ("", "", [])
    assert (method, target) == ("GET", "/chat?room=1"), (
        f"expected ('GET', '/chat?room=1'), got {(method, target)}"
    )
    expected = [(k.lower(), v) for k, v in GOOD]
    assert headers == expected, f"expected {expected}, got {headers}"


def test_bytes_after_the_head_are_not_headers() -> None:
    """Only the head is parsed: bytes after the blank line (a first frame, sent early) are
    the caller's, found at data.index(b"\\r\\n\\r\\n") + 4.
    """
    data = head("GET / HTTP/1.1", GOOD) + b"\x81\x05Hello"
    _method, _target, headers = parse_request(data) or ("", "", [])
    assert len(headers) == len(GOOD), f"expected {len(GOOD)} headers, got {headers}"


@given(
    path=st.from_regex(r"/[A-Za-z0-9/_.~%?=&-]{0,40}", fullmatch=True),
    extra=st.lists(
        st.tuples(
            st.from_regex(r"X-[A-Za-z0-9-]{1,20}", fullmatch=True),
            st.from_regex(r"[ -~]{0,40}", fullmatch=True),
        ),
        max_size=5,
    ),
)
@example(path="/", extra=[])
@example(path="/chat?room=1", extra=[("X-Token", "a b")])
def test_request_bytes_round_trip(path: str, extra: list[tuple[str, str]]) -> None:
    """parse_request(request_bytes(host, path, key, extra)) gives back GET, the path, and the
    handshake headers plus the extra ones (values stripped of surrounding spaces).
    """
    key = new_key()
    method, target, headers = parse_request(request_bytes("example.com:8080", path, key, extra)) or (
        "",
        "",
        [],
    )
    assert (method, target) == ("GET", path), f"expected ('GET', {path!r}), got {(method, target)!r}"
    assert validate_request(method, headers) == key, f"our own request does not validate: {headers}"
    for name, value in extra:
        assert (name.lower(), value.strip(" \t")) in headers, f"expected {name}: {value!r} in {headers}"
    assert ("host", "example.com:8080") in headers, f"expected the Host header, got {headers}"


def test_request_bytes_refuse_header_injection() -> None:
    """A CR or LF in a header would end it early and smuggle more headers in: ValueError.

    Check every name and value before writing the head.
    """
    with pytest.raises(ValueError, match="X-Name"):
        request_bytes("example.com", "/", new_key(), [("X-Name", "a\r\nX-Admin: yes")])


def test_a_head_over_8_kib_is_refused_with_431() -> None:
    """A head longer than MAX_HEAD (8 KiB) raises HandshakeError 431 (Request Header Fields
    Too Large) as soon as 8 KiB have arrived without the blank line: a peer that never ends its
    head must not make the server buffer without bound. A head just under the limit is fine.
    """
    start = b"GET / HTTP/1.1\r\nX-Big: "
    with pytest.raises(HandshakeError) as caught:
        parse_request(start + b"a" * MAX_HEAD)
    assert caught.value.status == 431, f"expected 431, got {caught.value.status}"
    with pytest.raises(HandshakeError) as complete:
        parse_request(start + b"a" * MAX_HEAD + b"\r\n\r\n")
    assert complete.value.status == 431, (
        f"expected 431 for a complete but long head, got {complete.value.status}"
    )
    fits = start + b"a" * (MAX_HEAD - len(start) - 4) + b"\r\n\r\n"
    assert len(fits) == MAX_HEAD
    assert parse_request(fits) is not None, "a head of exactly MAX_HEAD bytes should parse"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"GET /\r\n\r\n", id="no-version"),
        pytest.param(b"GET / HTTP/1.0\r\n\r\n", id="http-1.0"),
        pytest.param(b"GET  / HTTP/1.1\r\n\r\n", id="two-spaces"),
        pytest.param(b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", id="header-without-colon"),
        pytest.param(b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", id="space-before-colon"),
        pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", id="obsolete-line-folding"),
    ],
)
def test_a_malformed_head_is_refused_with_400(data: bytes) -> None:
    """A request line that is not `METHOD target HTTP/1.1`, or a header line that is not
    `token: value`, raises HandshakeError 400. A space before the colon and a folded line are
    refused because two parsers reading them differently is how request smuggling starts.
    """
    with pytest.raises(HandshakeError) as caught:
        parse_request(data)
    assert caught.value.status == 400, f"expected 400, got {caught.value.status}"


def test_parse_response_reads_status_and_headers() -> None:
    """parse_response returns None until the head is complete, then (status, headers)."""
    data = response_bytes(response_headers(KEY))
    assert parse_response(data[:-1]) is None, "expected None before the blank line"
    status, headers = parse_response(data) or (0, [])
    assert status == 101, f"expected 101, got {status}"
    assert ("sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") in headers, f"got {headers}"
    assert parse_response(b"HTTP/1.1 404\r\n\r\n") == (404, []), "a status line may omit the reason phrase"


# --- validate_response (client side) ---------------------------------------------------------


def test_validate_response_accepts_the_right_answer() -> None:
    """The client accepts a 101 with Upgrade, Connection and the accept value of its key."""
    validate_response(101, response_headers(KEY), KEY)


WRONG_ANSWERS = {
    "not-101": lambda: (200, response_headers(KEY)),
    "no-upgrade": lambda: (101, without("Upgrade", response_headers(KEY))),
    "no-connection": lambda: (101, without("Connection", response_headers(KEY))),
    "accept-of-another-key": lambda: (101, response_headers(new_key())),
    "no-accept": lambda: (101, without("Sec-WebSocket-Accept", response_headers(KEY))),
    "extension-not-offered": lambda: (
        101,
        [*response_headers(KEY), ("Sec-WebSocket-Extensions", "permessage-deflate")],
    ),
}


@pytest.mark.parametrize("case", WRONG_ANSWERS)
def test_validate_response_refuses_a_wrong_answer(case: str) -> None:
    """The client raises HandshakeError for anything but a 101 with Upgrade: websocket,
    Connection: upgrade and the right Sec-WebSocket-Accept; and for an extension it did not
    offer (its frames would be unreadable). `.status` is the status the server answered.
    """
    status, headers = WRONG_ANSWERS[case]()
    with pytest.raises(HandshakeError) as caught:
        validate_response(status, headers, KEY)
    assert caught.value.status == status, f"expected the server's status {status}, got {caught.value.status}"


# --- refusal_bytes ---------------------------------------------------------------------------


def test_a_refusal_is_a_complete_http_response() -> None:
    """refusal_bytes writes an HTTP/1.1 error response a real HTTP parser (h11) reads: the
    status, the error's headers, Content-Length matching the body (the reason), and
    `Connection: close`, since the server closes the connection after it.
    """
    error = HandshakeError(426, "unsupported version", [("Sec-WebSocket-Version", "13")])
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
    client.send(h11.EndOfMessage())
    client.receive_data(refusal_bytes(error))
    response = client.next_event()
    assert isinstance(response, h11.Response), f"expected an HTTP response, got {response!r}"
    assert response.status_code == 426, f"expected 426, got {response.status_code}"
    headers = {k.decode().lower(): v.decode() for k, v in response.headers}
    assert headers.get("sec-websocket-version") == "13", f"expected the version header, got {headers}"
    assert headers.get("connection", "").lower() == "close", f"expected Connection: close, got {headers}"
    body = client.next_event()
    assert isinstance(body, h11.Data), f"expected a body, got {body!r}"
    assert b"unsupported version" in body.data, f"expected the reason in the body, got {body.data!r}"
    assert isinstance(client.next_event(), h11.EndOfMessage), "the body is longer than Content-Length says"


# --- interop: two real implementations -------------------------------------------------------


def test_wsproto_client_shakes_hands_with_our_server_side() -> None:
    """wsproto's client request passes parse_request + validate_request, and wsproto accepts
    our 101 (it checks Upgrade, Connection and the accept value) and the subprotocol chosen.
    """
    client = WSConnection(ConnectionType.CLIENT)
    data = client.send(Request(host="example.com", target="/chat", subprotocols=["chat"]))
    method, _target, headers = parse_request(data) or ("", "", [])
    key = validate_request(method, headers)
    client.receive_data(response_bytes(response_headers(key, "chat")))
    events = list(client.events())
    assert events == [AcceptConnection(subprotocol="chat")], f"expected wsproto to accept, got {events}"


def test_our_client_side_shakes_hands_with_wsproto_server() -> None:
    """wsproto's server reads our request_bytes as a WebSocket request, and its 101 passes
    our parse_response + validate_response.
    """
    server = WSConnection(ConnectionType.SERVER)
    key = new_key()
    server.receive_data(request_bytes("example.com", "/chat", key, [("Sec-WebSocket-Protocol", "chat")]))
    [request] = list(server.events())
    assert isinstance(request, Request), f"expected wsproto to see a Request, got {request}"
    assert request.target == "/chat", f"expected the target '/chat', got {request.target!r}"
    status, headers = parse_response(server.send(AcceptConnection(subprotocol="chat"))) or (0, [])
    validate_response(status, headers, key)


def test_websockets_client_and_server_shake_hands_with_ours() -> None:
    """The websockets library (the peer of milestone 2) accepts our 101 as a client and
    answers our request as a server, with a 101 we validate.
    """
    client = ClientProtocol(parse_uri("ws://localhost:8000/chat"))
    client.send_request(client.connect())
    method, _target, headers = parse_request(b"".join(client.data_to_send())) or ("", "", [])
    client.receive_data(response_bytes(response_headers(validate_request(method, headers))))
    assert client.handshake_exc is None, f"websockets refused our 101: {client.handshake_exc!r}"

    server = ServerProtocol()
    key = new_key()
    server.receive_data(request_bytes("localhost:8000", "/chat", key))
    [request] = server.events_received()
    server.send_response(server.accept(request))
    status, headers = parse_response(b"".join(server.data_to_send())) or (0, [])
    validate_response(status, headers, key)
