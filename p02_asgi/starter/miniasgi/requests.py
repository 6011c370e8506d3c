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
    raise NotImplementedError(
        "Split on ';', then on the first '=' (no '=' means empty name), strip, unquote quoted "
        "values; later names win."
    )


def _unquote_cookie_value(value: str) -> str:
    raise NotImplementedError(
        "Strip surrounding double quotes and undo backslash escapes (\\ooo octal and \\c)."
    )


class HTTPConnection:
    """What an HTTP request and a WebSocket share: everything that is in the scope."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def url(self) -> URL:
        raise NotImplementedError("Return URL.from_scope(self.scope).")

    @cached_property
    def headers(self) -> Headers:
        raise NotImplementedError("Return Headers(raw=self.scope['headers']).")

    @cached_property
    def query_params(self) -> QueryParams:
        raise NotImplementedError("Return QueryParams built from scope['query_string'].")

    @cached_property
    def cookies(self) -> dict[str, str]:
        raise NotImplementedError(
            "Parse the Cookie header with parse_cookie_header (empty dict when absent)."
        )

    @property
    def path(self) -> str:
        raise NotImplementedError("Return scope['path'].")

    @property
    def path_params(self) -> dict[str, Any]:
        raise NotImplementedError("Return scope.get('path_params', {}).")

    @property
    def client(self) -> Address | None:
        raise NotImplementedError("Return Address(*scope['client']) or None.")

    @cached_property
    def state(self) -> State:
        """Per-connection state; starts as the server's copy of the lifespan state."""
        raise NotImplementedError("Return State wrapping scope.setdefault('state', {}).")

    @property
    def app(self) -> Any:
        raise NotImplementedError("Return scope.get('app').")


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
        raise NotImplementedError("Return scope['method'].")

    @property
    def receive(self) -> Receive:
        return self._receive

    async def stream(self) -> AsyncIterator[bytes]:
        """Yield the body chunk by chunk as `receive()` delivers it (once only).

        Raises ClientDisconnect if the client goes away mid-body, HTTPException(413) once the
        body exceeds `max_body_size`.
        """
        raise NotImplementedError(
            "Check Content-Length against the limit, then yield chunks from receive() until "
            "more_body is False; raise ClientDisconnect on http.disconnect and HTTPException(413)"
            " past the limit."
        )

    def _check_declared_length(self, limit: int) -> None:
        raise NotImplementedError(
            "Raise 400 for a Content-Length that is not ASCII digits and 413 when it exceeds the limit."
        )

    async def body(self) -> bytes:
        raise NotImplementedError("Join the chunks of stream() once and cache them in self._body.")

    async def json(self) -> Any:
        """The body decoded as JSON; malformed JSON is the client's fault, so a 400."""
        raise NotImplementedError(
            "json.loads the body (refusing NaN/Infinity via parse_constant); turn a ValueError or "
            "RecursionError into HTTPException(400, 'Malformed JSON in request body: ...')."
        )

    async def form(self) -> FormData:
        """The fields of a urlencoded form body. Other bodies give an empty form."""
        raise NotImplementedError(
            "Parse an application/x-www-form-urlencoded body into FormData; 415 for multipart; "
            "empty FormData otherwise."
        )


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"Request body is larger than the limit of {limit} bytes.")
