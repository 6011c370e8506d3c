"""The last answer: an exception nobody handled becomes a clean 500, logged with its request id.

What can still be done depends on one fact: has `http.response.start` gone out? If not, the
client gets a 500 JSON body with no traceback; if so, a second start would break HTTP, so the
error is logged and re-raised and the server closes the connection.
"""

from __future__ import annotations

import logging

from miniasgi.types import ASGIApp, Receive, Scope, Send

ERROR_LOGGER = logging.getLogger("minimiddleware.errors")


class ErrorMiddleware:
    """Turn an unhandled exception into a 500 JSON answer, or, once the response started, log and re-raise."""

    def __init__(self, app: ASGIApp, *, logger: logging.Logger = ERROR_LOGGER) -> None:
        raise NotImplementedError(
            "Milestone 5: ErrorMiddleware turns an exception nobody handled into a clean 500 JSON answer "
            "(or, once the response started, logs and re-raises it). Start by keeping the app and the logger."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 5: for http, watch whether the response start was sent. If the app raises "
            "before it, log the exception with the request id and answer 500 with the JSON "
            '{"detail": "Internal Server Error", "request_id": <id or null>}; if after it, log and '
            "re-raise. Other scopes pass through."
        )
