"""The last answer: an exception nobody handled becomes a clean 500, logged with its request id.

An HTTP response is one `http.response.start` followed by its body, so what we can still do
depends on one fact: has the start message gone?

- Not yet: we owe the client an answer, and send a 500 whose JSON body says only
  "Internal Server Error" and the request id. Never the traceback: it tells an attacker how
  the code is built. The id is what the client quotes and what finds the traceback in the
  log, which is where it went.
- Already: a status and maybe half a body are on the wire. A second start would be a
  protocol error, and no byte we add can make the truncated body correct. So we log and
  re-raise; the server closes the connection and the client sees a broken response (an
  incomplete chunked body, a short Content-Length), which is the honest signal.

Unlike Starlette's ServerErrorMiddleware, a handled exception is not re-raised: it has been
logged here with the request id, and re-raising would have the server log it a second time.
"""

from __future__ import annotations

import logging

from miniasgi import JSONResponse
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

from minimiddleware.request_id import request_id_for

ERROR_LOGGER = logging.getLogger("minimiddleware.errors")


class ErrorMiddleware:
    """Turn an unhandled exception into a 500 JSON answer, or, once the response has
    started, log it and let it end the connection. Only http scopes: a websocket error
    closes the socket, and lifespan errors belong to the server.

    Place it inside `RequestIdMiddleware` so its 500 carries the `X-Request-ID` header too
    (it finds the id from either side). On MiniAPI or Starlette it sits inside the
    framework's own ServerErrorMiddleware, which then never sees these exceptions.
    """

    def __init__(self, app: ASGIApp, *, logger: logging.Logger = ERROR_LOGGER) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_watching(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True  # before sending: a start that failed half-way is still a start
            await send(message)

        try:
            await self.app(scope, receive, send_watching)
        except Exception:
            request_id = request_id_for(scope)
            where = f"{scope['method']} {scope['path']}"
            extra = {"request_id": request_id}
            if started:
                self.logger.exception(
                    "error after the response started, connection dropped: %s", where, extra=extra
                )
                raise
            self.logger.exception("unhandled error, answered 500: %s", where, extra=extra)
            response = JSONResponse({"detail": "Internal Server Error", "request_id": request_id}, 500)
            await response(scope, receive, send)
