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
from miniasgi.types import ASGIApp, Receive, Scope, Send


class PassThroughMiddleware:
    """The identity of the onion: every scope (http, websocket, lifespan) goes through as is."""

    def __init__(self, app: ASGIApp) -> None:
        raise NotImplementedError(
            "Milestone 1: keep the next app. Calling this middleware must call that app with the "
            "very same scope, receive and send, whatever the scope type."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError("Milestone 1: hand the scope, receive and send to the next app, unchanged.")


def with_response_headers(send: Send, edit: Callable[[MutableHeaders], None]) -> Send:
    raise NotImplementedError(
        "Milestone 1: return a new send that, for the http.response.start message only, lets "
        "`edit` change a MutableHeaders over a copy of its header list, then passes every message "
        "on to `send` in order (body messages untouched, never held back)."
    )


class ResponseHeadersMiddleware:
    """Set fixed headers on every http response; the outer layer (added last) has the final word."""

    def __init__(self, app: ASGIApp, headers: Mapping[str, str]) -> None:
        raise NotImplementedError(
            "Milestone 1: keep the app and the headers; refuse (ValueError naming the header) any "
            "name or value with a line break or NUL, or that is not latin-1, now rather than per request."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 1: for http, set (replace, not repeat) each configured header on the response "
            "start; every other scope type passes through untouched."
        )
