"""One id per request, on the response and on every log line written while serving it.

The id comes from the client (a proxy or a calling service that already logged it) when it
looks like an id, or is made here. "Looks like an id" is strict on purpose: 1 to 128
characters of `[A-Za-z0-9._-]`. Anything else is replaced, not cleaned, because the value
ends up in log lines and response headers: a newline in it would forge a log line (log
injection), a megabyte would bloat every record, and a quote would break a JSON consumer
that does not escape.

The id is kept in three places, each for a reason:

- a `ContextVar`, so code that has no request at hand (a repository, a log filter) can ask
  `current_request_id()`. Every task and thread started while serving the request copies
  the context, so it follows the request; it is reset when the request is done;
- `scope["state"]["request_id"]`, so an endpoint reads `request.state.request_id`, and so a
  middleware OUTSIDE this one (an access log, an error handler) still finds it once the
  ContextVar has been reset: the scope is the one object every layer shares;
- the response header, so the client can quote it in a bug report.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from contextvars import ContextVar
from uuid import uuid4

from miniasgi import MutableHeaders
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minimiddleware.onion import with_response_headers

_SANE_ID = re.compile(rb"[A-Za-z0-9._-]{1,128}")
_request_id: ContextVar[str | None] = ContextVar("minimiddleware.request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served in this context, or None outside of one."""
    return _request_id.get()


def request_id_for(scope: Scope) -> str | None:
    """This request's id: from the context while inside `RequestIdMiddleware`, else from the
    scope's state, which outlives the context (for layers wrapped around the id's layer)."""
    found = _request_id.get()
    if found is None:
        state = scope.get("state")
        found = state.get("request_id") if isinstance(state, dict) else None
    return found


def random_request_id() -> str:
    """A fresh id: 32 hex digits of a random UUID (unique without coordination)."""
    return uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give every log record a `request_id` attribute (the current one, or "-").

    Attach it to a HANDLER (`handler.addFilter(RequestIdFilter())`): a logger's own filters do
    not run for records coming up from its child loggers, a handler's filters see them all.
    Then a format such as `"%(request_id)s %(message)s"` works for every record, the app's
    own included. A record that already carries an id (passed in `extra=`) keeps it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get() or "-"
        return True


class RequestIdMiddleware:
    """Give every http and websocket connection an id (see the module's docstring).

    With `trust_incoming=False` the client's header is ignored and every id is made here
    (for a service at the edge, where clients are not trusted to pick ids). The id goes back
    on http responses under the same header name.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        header: str = "X-Request-ID",
        generate: Callable[[], str] = random_request_id,
        trust_incoming: bool = True,
    ) -> None:
        self.app = app
        self.header = header
        self.raw_header = header.lower().encode("latin-1")
        self.generate = generate
        self.trust_incoming = trust_incoming

    def _incoming(self, scope: Scope) -> str | None:
        for name, value in scope.get("headers", ()):
            if name == self.raw_header:
                return value.decode("ascii") if _SANE_ID.fullmatch(value) else None
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = self._incoming(scope) if self.trust_incoming else None
        if request_id is None:
            request_id = self.generate()
        scope.setdefault("state", {})["request_id"] = request_id
        token = _request_id.set(request_id)
        try:
            if scope["type"] == "http":

                def add_id(headers: MutableHeaders) -> None:
                    headers[self.header] = request_id

                send = with_response_headers(send, add_id)
            await self.app(scope, receive, send)
        finally:
            _request_id.reset(token)
