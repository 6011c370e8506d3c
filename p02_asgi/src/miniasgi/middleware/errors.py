"""`ServerErrorMiddleware`: the outermost layer, where unexpected exceptions end up.

Whatever escapes every other layer lands here. If the response has not started we still owe
the client an answer, so we send a 500: a bare "Internal Server Error" in production (a
traceback tells an attacker how your code is built), the traceback itself with `debug=True`
(an HTML page for a browser, which asks for `text/html`; plain text for anyone else). Then
we re-raise, so the server logs the full traceback and the test client can re-raise it in
your test.
"""

from __future__ import annotations

import html
import linecache
import logging
import traceback
from collections.abc import Callable
from typing import Any

from miniasgi.concurrency import run_in_threadpool
from miniasgi.exceptions import ClientDisconnect
from miniasgi.middleware.exceptions import SendWatcher, call_handler
from miniasgi.requests import Request
from miniasgi.responses import HTMLResponse, PlainTextResponse, Response
from miniasgi.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger("miniasgi.errors")

ErrorHandler = Callable[[Request, Exception], Any]  # returns a Response, or awaits to one

PAGE = """<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>500 Server Error</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
pre {{ background: #f5f5f5; padding: 0.6em; overflow-x: auto; }}
.here {{ background: #fde9a6; font-weight: bold; }}
</style>
</head>
<body>
<h1>500 Server Error</h1>
<h2>{error}</h2>
<p>Innermost call first. This page exists because <code>debug=True</code>: never in production.</p>
{frames}
</body>
</html>
"""


class ServerErrorMiddleware:
    """Turn an unhandled exception into a 500 (when still possible), log it, re-raise it.

    `handler` (the application's handler for `500` or `Exception`) replaces the default
    answer; it is called even when the response has already started, since it may also log
    or report the error, but its response is then not sent.
    """

    def __init__(self, app: ASGIApp, handler: ErrorHandler | None = None, debug: bool = False) -> None:
        self.app = app
        self.handler = handler
        self.debug = debug

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
            request = Request(scope, receive)
            if self.debug:
                if not watched.started:  # reading source files is blocking work: a thread
                    response = await run_in_threadpool(self.debug_response, request, exc)
                    await response(scope, receive, send)
            elif self.handler is not None:
                response = await call_handler(self.handler, request, exc)
                if not watched.started:
                    await response(scope, receive, send)
            elif not watched.started:
                await PlainTextResponse("Internal Server Error", status_code=500)(scope, receive, send)
            raise

    def debug_response(self, request: Request, exc: Exception) -> Response:
        """The traceback: an HTML page when the client accepts `text/html`, else plain text."""
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(debug_page(exc), status_code=500)
        return PlainTextResponse("".join(traceback.format_exception(exc)), status_code=500)


def debug_page(exc: Exception) -> str:
    """An HTML page with the exception and, for each frame, a few lines of its source."""
    frames = reversed(traceback.extract_tb(exc.__traceback__))
    error = html.escape(f"{type(exc).__name__}: {exc}")
    return PAGE.format(error=error, frames="\n".join(_frame(frame) for frame in frames))


def _frame(frame: traceback.FrameSummary) -> str:
    lineno = frame.lineno or 0
    lines = []
    for number in range(max(lineno - 3, 1), lineno + 4):
        text = linecache.getline(frame.filename, number).rstrip()
        mark = ' class="here"' if number == lineno else ""
        lines.append(f"<span{mark}>{number:>5}  {html.escape(text)}</span>")
    where = (
        f"File <code>{html.escape(frame.filename)}</code>, line {lineno}, in <b>{html.escape(frame.name)}</b>"
    )
    return f"<p>{where}</p>\n<pre>{chr(10).join(lines)}</pre>"
