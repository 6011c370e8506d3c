"""One log record per request, written when the response is over, as data rather than prose.

Why after the response and not at `http.response.start`: only then are the body's size and
the whole duration known (a streaming response may run for minutes after its headers), and
only then do we know whether it ended at all. Why exactly one: a request that crashed, or
whose client went away mid-body, must still leave a line, so the record is written in a
`finally`; a log that loses the failures is the log you cannot use when it matters.

The fields travel as the record's attributes (`extra=`), not only inside the message, so a
formatter can emit them as structured data: `JSONFormatter` writes one JSON object per line,
the format log shippers (Loki, Elasticsearch, CloudWatch) ingest without parsing regexes.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

from minimiddleware.request_id import request_id_for

_FIELDS = ("method", "path", "status", "duration_ms", "bytes", "client")
_NO_ID = (None, "-")  # "-" is what RequestIdFilter writes when there is no id
ACCESS_LOGGER = logging.getLogger("minimiddleware.access")


class JSONFormatter(logging.Formatter):
    """Render a record as one line of JSON: `ts` (ISO-8601, UTC), `level`, `logger`,
    `message`, then the access-log fields the record carries, `request_id` when there is
    one, and `exc_info` (the formatted traceback) when the record has an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        request_id = getattr(record, "request_id", None)
        if request_id not in _NO_ID:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class AccessLogMiddleware:
    """Log each http request once it is over: method, path, status, duration_ms, bytes
    (response body bytes actually handed to the server), client ("ip:port" or None) and
    request_id (needs `RequestIdMiddleware`, on either side of this one).

    The status is what the app sent; a request that crashed before sending one is logged as
    500, which is what the server (or an error middleware outside this one) answers.
    Websocket and lifespan scopes pass through.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        logger: logging.Logger = ACCESS_LOGGER,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.app = app
        self.logger = logger
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = self.clock()
        status = 500
        sent_bytes = 0

        async def send_counting(message: Message) -> None:
            nonlocal status, sent_bytes
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)
            if message["type"] == "http.response.body":
                sent_bytes += len(message.get("body", b""))  # counted once the server took it

        try:
            await self.app(scope, receive, send_counting)
        finally:
            if self.logger.isEnabledFor(logging.INFO):
                self._log(scope, status, sent_bytes, (self.clock() - started) * 1000)

    def _log(self, scope: Scope, status: int, sent_bytes: int, duration_ms: float) -> None:
        client = scope.get("client")
        fields = {
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round(duration_ms, 3),
            "bytes": sent_bytes,
            "client": f"{client[0]}:{client[1]}" if client else None,
            "request_id": request_id_for(scope),
        }
        self.logger.info(
            '"%s %s" %d %dB %.1fms',
            fields["method"],
            fields["path"],
            status,
            sent_bytes,
            duration_ms,
            extra=fields,
        )
