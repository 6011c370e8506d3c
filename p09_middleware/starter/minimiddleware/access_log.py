"""One log record per request, written when the response is over, as data rather than prose.

Only after the response are the body's size and the whole duration known, and a request that
crashed, or whose client left mid-body, must still leave exactly one line. The fields travel
as the record's attributes (`extra=`) so `JSONFormatter` can emit them as one JSON object per
line, the format log shippers ingest without regexes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from miniasgi.types import ASGIApp, Receive, Scope, Send

ACCESS_LOGGER = logging.getLogger("minimiddleware.access")


class JSONFormatter(logging.Formatter):
    """Render a record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        raise NotImplementedError(
            "Milestone 2: return one JSON line with ts (ISO-8601, UTC), level, logger, message, the "
            "access fields the record has, request_id unless it is None or '-', and exc_info (the "
            "formatted traceback) when the record carries an exception."
        )


class AccessLogMiddleware:
    """Log each http request once it is over, with its facts as record attributes."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        logger: logging.Logger = ACCESS_LOGGER,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        raise NotImplementedError(
            "Milestone 2: AccessLogMiddleware writes one log record per http request, once it is over. "
            "Start by keeping the app, the logger and the clock."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 2: for http, let the response through while noting its status and the body "
            "bytes the client received (a chunk whose send raised never arrived); once the call is "
            "over (even if it raised) log ONE INFO record with method, path, status (500 if none "
            "was sent), duration_ms, bytes, client ('ip:port' or None) and request_id. Other "
            "scopes pass through."
        )
