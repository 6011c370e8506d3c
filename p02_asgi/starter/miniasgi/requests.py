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
        "Milestone 4: return the cookies of a Cookie header as {name: value}, parsed leniently the "
        "way browsers write them (the lesson lists the rules)."
    )


def _unquote_cookie_value(value: str) -> str:
    raise NotImplementedError(
        "Milestone 4: return a cookie value without its surrounding double quotes and with its "
        "backslash escapes undone; a value that is not quoted comes back as it is."
    )


class HTTPConnection:
    """What an HTTP request and a WebSocket share: everything that is in the scope.

    The plain scope lookups (`path`, `path_params`, `client`, `app`, and `Request.method`) are
    written for you. The parsed views are yours: `url`, `headers`, `query_params` and `cookies`
    in milestone 4, `state` in milestone 7.
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def url(self) -> URL:
        raise NotImplementedError("Milestone 4: the URL the client asked for, rebuilt from the scope.")

    @cached_property
    def headers(self) -> Headers:
        raise NotImplementedError(
            "Milestone 4: the request's headers, as a read-only Headers view over scope['headers']."
        )

    @cached_property
    def query_params(self) -> QueryParams:
        raise NotImplementedError("Milestone 4: the request's query string, decoded into QueryParams.")

    @cached_property
    def cookies(self) -> dict[str, str]:
        raise NotImplementedError(
            "Milestone 4: the request's cookies as a dict (empty when there is no Cookie header)."
        )

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
        raise NotImplementedError(
            "Milestone 7: a State over scope['state'] (an empty one is created if missing), so "
            "request.state.x reads the lifespan state."
        )

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
        raise NotImplementedError(
            "Milestone 5: yield the body chunk by chunk as receive() delivers it, once only; "
            "ClientDisconnect if the client leaves, HTTPException(413) past max_body_size."
        )

    def _check_declared_length(self, limit: int) -> None:
        raise NotImplementedError(
            "Milestone 5: refuse a Content-Length header that is not a number (400) or that exceeds "
            "`limit` (413); a request without one is fine."
        )

    async def body(self) -> bytes:
        raise NotImplementedError("Milestone 5: the whole body as bytes, read once and then cached.")

    async def json(self) -> Any:
        """The body decoded as JSON; malformed JSON is the client's fault, so a 400."""
        raise NotImplementedError(
            "Milestone 5: the body decoded as JSON; a body that is not valid JSON is "
            "HTTPException(400, 'Malformed JSON in request body: <why>')."
        )

    async def form(self) -> FormData:
        """The fields of a urlencoded form body. Other bodies give an empty form."""
        raise NotImplementedError(
            "Milestone 5: the fields of an application/x-www-form-urlencoded body; "
            "multipart/form-data is HTTPException(415); any other body gives an empty form."
        )


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"Request body is larger than the limit of {limit} bytes.")
