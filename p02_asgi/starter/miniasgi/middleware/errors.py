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
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("miniasgi.errors")

ErrorHandler = Callable[[Request, Exception], Any]  # returns a Response, or awaits to one


class ServerErrorMiddleware:
    """Turn an unhandled exception into a 500 (when still possible), log it, re-raise it."""

    def __init__(self, app: ASGIApp, debug: bool = False, handler: ErrorHandler | None = None) -> None:
        self.app = app
        self.debug = debug
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 3: run the app (non-HTTP scopes pass straight through); if it raises, log "
            "one line, send a 500 if the response has not started yet, and re-raise; a "
            "ClientDisconnect ends the request quietly."
        )

    async def error_response(self, request: Request, exc: Exception) -> Response:
        raise NotImplementedError(
            "Milestone 3: the 500 response for `exc`: the traceback as plain text in debug mode, "
            "else the 500/Exception handler's response, else 'Internal Server Error'."
        )
