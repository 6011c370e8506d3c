"""`ServerErrorMiddleware`: the outermost layer, where unexpected exceptions end up.

Whatever escapes every other layer lands here. If the response has not started we still owe
the client an answer, so we send a 500: a bare "Internal Server Error" in production (a
traceback tells an attacker how your code is built), the traceback itself with `debug=True`.
Then we re-raise, so the server logs the full traceback and the test client can re-raise it
in your test.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from miniasgi.exceptions import ClientDisconnect
from miniasgi.middleware.exceptions import SendWatcher, call_handler
from miniasgi.requests import Request
from miniasgi.responses import PlainTextResponse, Response
from miniasgi.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger("miniasgi.errors")

ErrorHandler = Callable[[Request, Exception], Any]  # returns a Response, or awaits to one


class ServerErrorMiddleware:
    """Turn an unhandled exception into a 500 (when still possible), log it, re-raise it."""

    def __init__(self, app: ASGIApp, debug: bool = False, handler: ErrorHandler | None = None) -> None:
        self.app = app
        self.debug = debug
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        watched = SendWatcher(send)
        try:
            await self.app(scope, receive, watched)
        except ClientDisconnect:
            return  # read a body from a client that left: nobody to answer, nothing went wrong
        except Exception as exc:
            logger.error("%s %s failed with %r", scope.get("method"), scope.get("path"), exc)
            if not watched.started:
                response = await self.error_response(Request(scope, receive), exc)
                await response(scope, receive, send)
            raise

    async def error_response(self, request: Request, exc: Exception) -> Response:
        if self.debug:
            text = "".join(traceback.format_exception(exc))
            return PlainTextResponse(text, status_code=500)
        if self.handler is None:
            return PlainTextResponse("Internal Server Error", status_code=500)
        response: Response = await call_handler(self.handler, request, exc)
        return response
