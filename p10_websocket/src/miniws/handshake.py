"""The opening handshake (RFC 6455 section 4): an HTTP/1.1 request that turns into a WebSocket.

A WebSocket starts life as an ordinary HTTP GET, so that it passes through the same ports,
proxies and routing as the rest of the site. The client asks to switch protocols
(`Upgrade: websocket`, `Connection: Upgrade`) and sends a random `Sec-WebSocket-Key`; the
server proves it understood the WebSocket protocol (and is not an HTTP server that echoes
headers back) by answering `101 Switching Protocols` with `Sec-WebSocket-Accept`, a hash of
the key and a GUID fixed by the RFC. After the blank line that ends that answer, the same TCP
connection carries frames (see `frames.py`).

Sans-IO: bytes in, bytes out. Nothing here touches a socket, so the same functions serve an
asyncio server, a client, a test feeding bytes one at a time, and any other event loop.

Header names are compared case-insensitively and the tokens of `Upgrade` and `Connection` are
comma lists (`Connection: keep-alive, Upgrade` is what Firefox sends), because HTTP says so;
an exact string comparison refuses real browsers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Sequence
from http import HTTPStatus

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# A head larger than this is refused before it is parsed: it is no handshake, and a peer that
# never sends the blank line must not make us buffer without bound.
MAX_HEAD = 8 * 1024

_END = b"\r\n\r\n"
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_REQUEST_LINE = re.compile(rb"([A-Z]+) (\S+) HTTP/1\.1")
_STATUS_LINE = re.compile(rb"HTTP/1\.1 ([0-9]{3})(?: [^\r\n]*)?")
_UNSAFE = re.compile(r"[\r\n\0]")

# What a server answers with when the version is not ours, so that a client can retry with it.
_VERSION_HEADER = ("Sec-WebSocket-Version", "13")


class HandshakeError(Exception):
    """Why a handshake was refused: the HTTP status to answer with (or, on the client side, the
    status the server answered), a human reason, and the headers the refusal must carry
    (`Allow: GET` with a 405, `Sec-WebSocket-Version: 13` with a 426)."""

    def __init__(self, status: int, reason: str, headers: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason
        self.headers = list(headers)


def accept_key(key: str) -> str:
    """The `Sec-WebSocket-Accept` for a key: base64(SHA-1(key + GUID)).

    The hash proves nothing about security; it proves the server read this request as a
    WebSocket handshake, so a cache or a naive HTTP server cannot answer it by accident.
    """
    digest = hashlib.sha1((key + GUID).encode("ascii"), usedforsecurity=False).digest()
    return base64.b64encode(digest).decode("ascii")


def _tokens(headers: Sequence[tuple[str, str]], name: str) -> set[str]:
    """The lowercased comma-separated tokens of every header called `name`."""
    found: set[str] = set()
    for key, value in headers:
        if key.lower() == name:
            found.update(token.strip().lower() for token in value.split(","))
    return found


def _single(headers: Sequence[tuple[str, str]], name: str, status: int = 400) -> str | None:
    """The value of a header that may appear at most once (two keys are a malformed request)."""
    values = [value for key, value in headers if key.lower() == name]
    if len(values) > 1:
        raise HandshakeError(status, f"{name} appears {len(values)} times")
    return values[0].strip() if values else None


def validate_request(method: str, headers: Sequence[tuple[str, str]]) -> str:
    """Check that a request asks for a WebSocket and return its `Sec-WebSocket-Key`.

    The status of each refusal follows RFC 6455 4.2.2 and HTTP: 405 for a method that is not
    GET, 426 Upgrade Required (with the version we speak) for another protocol version, 400
    for every other malformed handshake.
    """
    if method != "GET":
        raise HandshakeError(405, f"a WebSocket handshake is a GET, not {method}", [("Allow", "GET")])
    if "websocket" not in _tokens(headers, "upgrade"):
        raise HandshakeError(400, "missing 'Upgrade: websocket'")
    if "upgrade" not in _tokens(headers, "connection"):
        raise HandshakeError(400, "missing 'Connection: upgrade'")
    version = _single(headers, "sec-websocket-version")
    if version is None:
        raise HandshakeError(400, "missing Sec-WebSocket-Version")
    if version != "13":
        raise HandshakeError(426, f"unsupported Sec-WebSocket-Version {version!r}", [_VERSION_HEADER])
    key = _single(headers, "sec-websocket-key")
    if key is None:
        raise HandshakeError(400, "missing Sec-WebSocket-Key")
    try:
        raw = base64.b64decode(key.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise HandshakeError(400, f"Sec-WebSocket-Key {key!r} is not base64") from None
    if len(raw) != 16:
        raise HandshakeError(400, f"Sec-WebSocket-Key decodes to {len(raw)} bytes, not 16")
    return key


def response_headers(key: str, subprotocol: str | None = None) -> list[tuple[str, str]]:
    """The headers of the 101 that accepts the handshake of `key`."""
    headers = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", accept_key(key))]
    if subprotocol is not None:
        headers.append(("Sec-WebSocket-Protocol", subprotocol))
    return headers


def new_key() -> str:
    """A fresh key: 16 random bytes, so that no cache can have seen this handshake before."""
    return base64.b64encode(os.urandom(16)).decode("ascii")


def validate_response(status: int, headers: Sequence[tuple[str, str]], key: str) -> None:
    """Check, on the client side, that the server accepted our handshake (RFC 6455 4.1).

    We offer no extension, so a server that claims one speaks a frame format we cannot read.
    """
    if status != 101:
        raise HandshakeError(status, f"the server answered {status}, not 101 Switching Protocols")
    if "websocket" not in _tokens(headers, "upgrade"):
        raise HandshakeError(status, "the server's answer lacks 'Upgrade: websocket'")
    if "upgrade" not in _tokens(headers, "connection"):
        raise HandshakeError(status, "the server's answer lacks 'Connection: upgrade'")
    accept = _single(headers, "sec-websocket-accept", status)
    if accept != accept_key(key):
        raise HandshakeError(status, f"Sec-WebSocket-Accept is {accept!r}, expected {accept_key(key)!r}")
    if _tokens(headers, "sec-websocket-extensions") - {""}:
        raise HandshakeError(status, "the server chose an extension we did not offer")


def _head_lines(data: bytes) -> list[bytes] | None:
    """The lines of the head at the start of `data`, or None while its end has not arrived."""
    end = data.find(_END, 0, MAX_HEAD)
    if end < 0:
        if len(data) >= MAX_HEAD:
            raise HandshakeError(431, f"the HTTP head is longer than {MAX_HEAD} bytes")
        return None
    return data[:end].split(b"\r\n")


def _headers(lines: list[bytes]) -> list[tuple[str, str]]:
    """Header lines into (lowercased name, value) pairs.

    Names are lowercased once here (as ASGI does) so lookups never care about case. A line
    folded onto the previous one (obsolete in HTTP/1.1) or a space before the colon is refused:
    two parsers reading such a head differently is how request smuggling starts.
    """
    headers = []
    for line in lines:
        name, colon, value = line.partition(b":")
        if not colon or not _TOKEN.fullmatch(name):
            raise HandshakeError(400, f"malformed header line {line[:80]!r}")
        headers.append((name.decode("ascii").lower(), value.strip(b" \t").decode("latin-1")))
    return headers


def parse_request(data: bytes) -> tuple[str, str, list[tuple[str, str]]] | None:
    """(method, target, headers) of the request head at the start of `data`, None until it is
    complete. The bytes after the blank line (`data.index(b"\\r\\n\\r\\n") + 4`) are not part
    of it."""
    lines = _head_lines(data)
    if lines is None:
        return None
    match = _REQUEST_LINE.fullmatch(lines[0])
    if match is None:
        raise HandshakeError(400, f"malformed request line {lines[0][:80]!r}")
    return match[1].decode("ascii"), match[2].decode("latin-1"), _headers(lines[1:])


def parse_response(data: bytes) -> tuple[int, list[tuple[str, str]]] | None:
    """(status, headers) of the response head at the start of `data`, None until it is complete.
    The frames the server may send straight after it start at `data.index(b"\\r\\n\\r\\n") + 4`."""
    lines = _head_lines(data)
    if lines is None:
        return None
    match = _STATUS_LINE.fullmatch(lines[0])
    if match is None:
        raise HandshakeError(400, f"malformed status line {lines[0][:80]!r}")
    return int(match[1]), _headers(lines[1:])


def _head(first_line: str, headers: Sequence[tuple[str, str]]) -> bytes:
    """Serialise a head. A CR or LF in a name or value would end the header early and let the
    rest be read as more headers (header injection), so it is refused rather than sent."""
    lines = [first_line]
    for name, value in headers:
        if _UNSAFE.search(name) or _UNSAFE.search(value):
            raise ValueError(f"header {name!r}: {value!r} contains CR, LF or NUL")
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def request_bytes(host: str, path: str, key: str, extra: Sequence[tuple[str, str]] = ()) -> bytes:
    """The client's upgrade request for `path` on `host` (host[:port], as the Host header)."""
    headers = [
        ("Host", host),
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", key),
        ("Sec-WebSocket-Version", "13"),
        *extra,
    ]
    return _head(f"GET {path} HTTP/1.1", headers)


def response_bytes(headers: Sequence[tuple[str, str]]) -> bytes:
    """The 101 that switches the connection to WebSocket frames."""
    return _head("HTTP/1.1 101 Switching Protocols", headers)


def refusal_bytes(error: HandshakeError) -> bytes:
    """A complete HTTP error response for a refused handshake, after which the server closes
    the connection (`Connection: close`): there is no WebSocket to keep it open for."""
    body = (error.reason + "\n").encode("utf-8")
    try:
        phrase = HTTPStatus(error.status).phrase
    except ValueError:
        phrase = "Error"
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Connection", "close"),
        *error.headers,
    ]
    return _head(f"HTTP/1.1 {error.status} {phrase}", headers) + body
