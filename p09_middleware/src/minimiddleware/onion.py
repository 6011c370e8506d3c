"""The onion: a middleware is an ASGI app that holds the next ASGI app.

`cls(app, **options)` is the whole contract, which is why one class wraps p02's `MiniASGI`,
p07's `MiniAPI`, Starlette and FastAPI alike: none of them needs to know it is wrapped. A
request travels inwards through the layers (each sees the scope and may wrap `receive`), the
response travels outwards (each may wrap `send`). So the layer added last by
`add_middleware` is the outermost one: it sees the request first and the response last.

Most middleware only needs to touch the response's headers. They travel in one message,
`http.response.start`, which comes before any body: `with_response_headers` is the one place
that edits it, so no middleware ever needs to buffer a body to add a header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from miniasgi import MutableHeaders
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send


class PassThroughMiddleware:
    """The identity of the onion: every scope (http, websocket, lifespan) goes through as is.

    Every other middleware here starts as this class and adds one thing. Its existence proves
    the wrapping itself costs nothing but one extra `await`.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def with_response_headers(send: Send, edit: Callable[[MutableHeaders], None]) -> Send:
    """A `send` that lets `edit` change the response headers just before they leave.

    Only `http.response.start` carries headers, and ASGI guarantees it comes first and once,
    so body messages pass straight through, unbuffered. The message and its header list are
    shallow-copied before the edit: an app may send the same list every time (a response
    object kept and reused), and editing it in place would leak one request's headers into
    the next.
    """

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": list(message.get("headers", ()))}
            edit(MutableHeaders(scope=message))
        await send(message)

    return send_with_headers


def _check_header(name: str, value: str) -> None:
    """Refuse, at setup rather than per request, a header that cannot go on the wire as is:
    a line break would start a new header (header injection), and header bytes are latin-1."""
    if any(char in name + value for char in "\r\n\0"):
        raise ValueError(f"header {name!r}: {value!r} contains a line break or NUL")
    try:
        (name + value).encode("latin-1")
    except UnicodeEncodeError as error:
        raise ValueError(f"header {name!r}: {value!r} is not latin-1") from error


class ResponseHeadersMiddleware:
    """Set fixed headers on every http response (security headers, a version tag...).

    A header the app (or an inner layer) already set is replaced, not repeated: the edit runs
    on the way out, so with two of these writing the same name, the OUTER one (the one added
    last) has the final word. Websocket and lifespan scopes pass through.
    """

    def __init__(self, app: ASGIApp, headers: Mapping[str, str]) -> None:
        self.app = app
        for name, value in headers.items():
            _check_header(name, value)
        self.headers = dict(headers)

    def _set_headers(self, headers: MutableHeaders) -> None:
        headers.update(self.headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, with_response_headers(send, self._set_headers))
