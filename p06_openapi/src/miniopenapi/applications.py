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

from miniasgi import ExceptionMiddleware, ServerErrorMiddleware
from miniasgi.types import ASGIApp, Receive, Scope, Send
from minirouter import BaseRoute, Router

from miniopenapi.errors import EXCEPTION_HANDLERS

Handlers = Mapping[int | type[BaseException], Callable[..., Any]]


class APIApp:
    """`routes` served with FastAPI's error answers; `exception_handlers` adds to or replaces
    `EXCEPTION_HANDLERS` (by status code or exception class; `500` or `Exception` answers
    crashes, as in FastAPI). With `debug=True` a crash answers its traceback."""

    def __init__(
        self, routes: Sequence[BaseRoute], *, exception_handlers: Handlers | None = None, debug: bool = False
    ) -> None:
        self.router = Router(routes)
        self.exception_handlers: dict[int | type[BaseException], Callable[..., Any]] = {
            **EXCEPTION_HANDLERS,
            **(exception_handlers or {}),
        }
        crash_handler = None
        handlers: dict[int | type[BaseException], Callable[..., Any]] = {}
        for key, handler in self.exception_handlers.items():
            if key in (500, Exception):
                crash_handler = handler  # a crash is ServerErrorMiddleware's to answer
            else:
                handlers[key] = handler
        self.stack: ASGIApp = ServerErrorMiddleware(
            ExceptionMiddleware(self.router, handlers), debug=debug, handler=crash_handler
        )

    @property
    def routes(self) -> list[BaseRoute]:
        return self.router.routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = self  # the router now raises its 404 and 405 for the handlers to answer
        await self.stack(scope, receive, send)


__all__ = ["APIApp"]
