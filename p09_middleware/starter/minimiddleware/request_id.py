"""One id per request, on the response and on every log line written while serving it.

The id comes from the client when it looks like an id (1 to 128 characters of
`[A-Za-z0-9._-]`), or is made here. Anything else is replaced, not cleaned: the value ends up
in log lines and headers, where a newline would forge a log line (log injection).

The id is kept in a `ContextVar` (for code with no request at hand: `current_request_id()`,
log filters), in `scope["state"]["request_id"]` (for `request.state.request_id`, and for
middleware outside this one, which run after the ContextVar is reset), and on the response.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from uuid import uuid4

from miniasgi.types import ASGIApp, Receive, Scope, Send


def current_request_id() -> str | None:
    raise NotImplementedError(
        "Milestone 2: return the id of the request being served in this context, or None outside of one."
    )


def request_id_for(scope: Scope) -> str | None:
    raise NotImplementedError(
        "Milestone 2: this request's id: the current one while inside RequestIdMiddleware, else "
        "the one left in the scope's state (None when there is none)."
    )


def random_request_id() -> str:
    """A fresh id: 32 hex digits of a random UUID (unique without coordination)."""
    return uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give every log record a `request_id` attribute (attach it to a handler)."""

    def filter(self, record: logging.LogRecord) -> bool:
        raise NotImplementedError(
            "Milestone 2: give the record a `request_id` attribute, the current id or '-', unless it "
            "already has one that is not None; keep every record."
        )


class RequestIdMiddleware:
    """Give every http and websocket connection an id, in the context, the scope state and the response."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        header: str = "X-Request-ID",
        generate: Callable[[], str] = random_request_id,
        trust_incoming: bool = True,
    ) -> None:
        raise NotImplementedError(
            "Milestone 2: RequestIdMiddleware gives each request an id (the client's if it is sane, else "
            "a generated one). Start by keeping the app and the options; the header name's lower-case "
            "bytes can be computed once, here."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 2: for http and websocket, use the incoming header's id if trusted and sane, "
            "else a generated one; make it current for the duration of the call (and only then), "
            "store it in the scope's state and, for http, set it on the response. Lifespan passes through."
        )
