"""`Request`: a friendly, lazy view over an HTTP scope and its `receive` channel.

Nothing is parsed up front. Headers, cookies, the URL and the query string are decoded the
first time they are read and then cached, and the body is pulled from `receive()` only when
the endpoint asks for it, chunk by chunk, so a large upload can be streamed instead of held.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl

from miniasgi.datastructures import URL, Address, FormData, Headers, QueryParams, State
from miniasgi.exceptions import ClientDisconnect, HTTPException
from miniasgi.types import Message, Receive, Scope

DEFAULT_MAX_BODY_SIZE = 1_048_576

_QUOTED_CHAR = re.compile(r"\\(?:([0-3][0-7][0-7])|(.))")


def parse_cookie_header(cookie_header: str) -> dict[str, str]:
    """Parse a `Cookie:` header the lenient way browsers write it.

    Split on `;`, then on the first `=`; a chunk without `=` is a value with an empty name.
    Quoted values are unquoted. Later duplicates win.
    """
    cookies: dict[str, str] = {}
    for chunk in cookie_header.split(";"):
        name, _, value = chunk.partition("=") if "=" in chunk else ("", "", chunk)
        name, value = name.strip(), value.strip()
        if name or value:
            cookies[name] = _unquote_cookie_value(value)
    return cookies


def _unquote_cookie_value(value: str) -> str:
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    return _QUOTED_CHAR.sub(lambda m: chr(int(m[1], 8)) if m[1] else m[2], value[1:-1])


class HTTPConnection:
    """What an HTTP request and a WebSocket share: everything that is in the scope."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def url(self) -> URL:
        return URL.from_scope(self.scope)

    @cached_property
    def headers(self) -> Headers:
        return Headers(raw=self.scope["headers"])

    @cached_property
    def query_params(self) -> QueryParams:
        return QueryParams(self.scope.get("query_string", b""))

    @cached_property
    def cookies(self) -> dict[str, str]:
        header = self.headers.get("cookie")
        return parse_cookie_header(header) if header else {}

    @property
    def path(self) -> str:
        path: str = self.scope["path"]
        return path

    @property
    def path_params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.scope.get("path_params", {})
        return params

    @property
    def client(self) -> Address | None:
        client = self.scope.get("client")
        return Address(*client) if client else None

    @cached_property
    def state(self) -> State:
        """Per-connection state; starts as the server's copy of the lifespan state."""
        return State(self.scope.setdefault("state", {}))

    @property
    def app(self) -> Any:
        return self.scope.get("app")


async def _no_receive() -> Message:
    raise RuntimeError("This Request was built without a receive channel, so it has no body to read.")


class Request(HTTPConnection):
    """An HTTP request. `await body()`, `json()` and `form()` read it; `stream()` streams it.

    `max_body_size` caps what this request may send (None: no cap). It is enforced twice: up
    front against a declared `Content-Length`, and while streaming, because a client using
    chunked encoding declares nothing.
    """

    def __init__(
        self,
        scope: Scope,
        receive: Receive = _no_receive,
        *,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Request needs an 'http' scope, got {scope['type']!r}.")
        super().__init__(scope)
        self._receive = receive
        self.max_body_size = max_body_size
        self._body: bytes | None = None
        self._stream_consumed = False

    @property
    def method(self) -> str:
        method: str = self.scope["method"]
        return method

    @property
    def receive(self) -> Receive:
        return self._receive

    async def stream(self) -> AsyncIterator[bytes]:
        """Yield the body chunk by chunk as `receive()` delivers it (once only).

        Raises ClientDisconnect if the client goes away mid-body, HTTPException(413) once the
        body exceeds `max_body_size`.
        """
        if self._body is not None:
            yield self._body
            return
        if self._stream_consumed:
            raise RuntimeError("The request body was already streamed; it can only be read once.")
        self._stream_consumed = True
        limit = self.max_body_size
        if limit is not None:
            self._check_declared_length(limit)
        received = 0
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            chunk: bytes = message.get("body", b"")
            received += len(chunk)
            if limit is not None and received > limit:
                raise _too_large(limit)
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return

    def _check_declared_length(self, limit: int) -> None:
        # One header is needed, so scan the raw list (ASGI names are lower-case) rather than
        # build the whole Headers object for it.
        raw = next((v for k, v in self.scope.get("headers", ()) if k == b"content-length"), None)
        if raw is None:
            return
        declared = raw.decode("latin-1")
        if not (declared.isascii() and declared.isdigit()):
            raise HTTPException(400, f"Invalid Content-Length header: {declared!r}.")
        if int(declared) > limit:
            raise _too_large(limit)

    async def body(self) -> bytes:
        if self._body is None:
            self._body = b"".join([chunk async for chunk in self.stream()])
        return self._body

    async def json(self) -> Any:
        """The body decoded as JSON; malformed JSON is the client's fault, so a 400."""
        body = await self.body()
        try:
            return json.loads(body, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise HTTPException(400, f"Malformed JSON in request body: {exc}") from exc

    async def form(self) -> FormData:
        """The fields of a urlencoded form body. Other bodies give an empty form."""
        content_type = self.headers.get("content-type", "").partition(";")[0].strip().lower()
        if content_type == "multipart/form-data":
            raise HTTPException(415, "multipart/form-data is not supported; send a urlencoded form.")
        if content_type != "application/x-www-form-urlencoded":
            return FormData()
        body = await self.body()
        return FormData(parse_qsl(body.decode("latin-1"), keep_blank_values=True))


def _reject_constant(name: str) -> Any:
    """`json.loads` accepts NaN and Infinity by default; they are not JSON (RFC 8259)."""
    raise ValueError(f"{name} is not a JSON value")


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"Request body is larger than the limit of {limit} bytes.")
