"""`APIApp`: routes behind FastAPI's error stack, as one ASGI application.

FastAPI answers every error as JSON: a path nobody serves is 404 `{"detail": "Not Found"}`,
a known path with the wrong method 405 `{"detail": "Method Not Allowed"}` with `Allow`. The
router decides how. minirouter, like Starlette, *raises* `HTTPException(404)` or
`HTTPException(405, headers={"Allow": ...})` when an application has put itself in
`scope["app"]`, so that the application's exception handlers shape the answer; a bare
router, served on its own, answers in plain text. `APIApp` is that application: it builds
the stack once and marks each request as its own.

    ServerErrorMiddleware          anything unhandled -> 500 (handler: exception_handlers[500])
      -> ExceptionMiddleware       EXCEPTION_HANDLERS + yours -> {"detail": ...} answers
        -> Router                  your routes (404 / 405 raised as HTTPException)

p07 grows this into a full application (middleware, lifespan, decorators).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from miniasgi.types import Receive, Scope, Send
from minirouter import BaseRoute

Handlers = Mapping[int | type[BaseException], Callable[..., Any]]


class APIApp:
    """`routes` served with FastAPI's error answers; `exception_handlers` adds to or replaces
    `EXCEPTION_HANDLERS` (by status code or exception class; `500` or `Exception` answers
    crashes, as in FastAPI). With `debug=True` a crash answers its traceback."""

    def __init__(
        self, routes: Sequence[BaseRoute], *, exception_handlers: Handlers | None = None, debug: bool = False
    ) -> None:
        raise NotImplementedError(
            "keep a minirouter Router of `routes` (self.router) and the handlers, "
            "EXCEPTION_HANDLERS updated with `exception_handlers` (self.exception_handlers), and "
            "build the stack once: ServerErrorMiddleware (which answers 500 with the handler "
            "registered for 500 or Exception, if any) around ExceptionMiddleware (every other "
            "handler) around the router"
        )

    @property
    def routes(self) -> list[BaseRoute]:
        raise NotImplementedError("return the router's routes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            'put this app in scope["app"] (then the router raises HTTPException for a 404 or '
            "405 instead of answering plain text), and pass the request to the stack"
        )


__all__ = ["APIApp"]
