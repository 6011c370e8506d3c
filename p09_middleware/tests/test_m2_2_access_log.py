"""Milestone 2, part 2: one structured access-log record per request, written at the end.

AccessLogMiddleware logs once the response is over (or failed) with fields as record
attributes: method, path, status, duration_ms, bytes, client, request_id. JSONFormatter
renders any record as one JSON line. The tests pass their own logger (see tests/logs.py)
and a fake clock (tests/clock.py), so values are exact.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

import pytest
from minimiddleware import AccessLogMiddleware, JSONFormatter, RequestIdMiddleware

from .asgi import call, http_scope, record_app, run, streaming_app
from .clock import FakeClock
from .logs import captured

LOGGER = "tests.access"
FIELDS = ("method", "path", "status", "duration_ms", "bytes", "client", "request_id")


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    return {name: getattr(record, name, "<missing>") for name in FIELDS}


def test_one_record_with_every_field() -> None:
    """A request logs exactly one record whose attributes hold the request's facts:
    `method`, `path`, `status`, `duration_ms`, `bytes` (body bytes sent), `client`
    ("ip:port") and `request_id` (None without RequestIdMiddleware).

    If a field says <missing>, pass it in `extra=` when logging; if there are several
    records, log once, after the app returned.
    """
    clock = FakeClock()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        clock.advance(0.0125)
        await record_app(status=201, body=b"created")(scope, receive, send)

    with captured(LOGGER) as records:
        middleware = AccessLogMiddleware(app, logger=logging.getLogger(LOGGER), clock=clock)
        run(call, middleware, http_scope("/items", method="POST", client=("10.0.0.7", 4242)))
    assert len(records) == 1, f"expected one record, got {len(records)}: {[r.getMessage() for r in records]}"
    expected = {
        "method": "POST",
        "path": "/items",
        "status": 201,
        "duration_ms": 12.5,
        "bytes": 7,
        "client": "10.0.0.7:4242",
        "request_id": None,
    }
    got = fields_of(records[0])
    assert got == pytest.approx(expected), f"expected {expected}\ngot      {got}"
    assert records[0].levelno == logging.INFO, f"expected an INFO record, got {records[0].levelname}"


def test_duration_covers_the_whole_body() -> None:
    """Unlike the timing header, the access log's duration runs to the END of the body: it is
    written after the last chunk. An app taking 1 s to start and 2 s more for its body logs
    3000 ms.

    If you get 1000.0, you stopped the clock at the response start.
    """
    clock = FakeClock()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        clock.advance(1.0)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        clock.advance(2.0)
        await send({"type": "http.response.body", "body": b"x"})

    with captured(LOGGER) as records:
        run(call, AccessLogMiddleware(app, logger=logging.getLogger(LOGGER), clock=clock), http_scope())
    got = [r.duration_ms for r in records]
    assert got == [3000.0], f"expected [3000.0], got {got}"


def test_bytes_counts_every_streamed_chunk() -> None:
    """`bytes` is the sum of every body chunk sent, for a streaming response too (and the
    stream is not held back to count it).

    If it is too small, add up each http.response.body message, not only the first.
    """
    app = streaming_app([b"12345", b"678", b"90"])
    with captured(LOGGER) as records:
        sent = run(call, AccessLogMiddleware(app, logger=logging.getLogger(LOGGER)), http_scope())
    assert sent.chunks == [b"12345", b"678", b"90", b""], f"the stream was changed: {sent.chunks}"
    assert [r.bytes for r in records] == [10], f"expected [10], got {[r.bytes for r in records]}"


def test_no_client_is_logged_as_none() -> None:
    """A scope without a client address (a unix socket, a test) logs `client=None`.

    If this raises, handle `scope["client"]` being None.
    """
    with captured(LOGGER) as records:
        run(
            call, AccessLogMiddleware(record_app(), logger=logging.getLogger(LOGGER)), http_scope(client=None)
        )
    assert [r.client for r in records] == [None], f"expected [None], got {[r.client for r in records]}"


@pytest.mark.parametrize("id_outside", [True, False], ids=["id-outside", "id-inside"])
def test_request_id_is_logged_whichever_the_order(id_outside: bool) -> None:
    """With RequestIdMiddleware outside the access log, `current_request_id()` still holds
    the id when the record is written; inside it, the ContextVar has been reset by then, and
    the id is found in `scope["state"]["request_id"]`. Both orders log the id.

    If only id-outside passes, fall back to the scope state (minimiddleware.request_id
    has a helper for it).
    """
    logger = logging.getLogger(LOGGER)
    app: Any
    if id_outside:
        app = RequestIdMiddleware(AccessLogMiddleware(record_app(), logger=logger), generate=lambda: "rid-1")
    else:
        app = AccessLogMiddleware(RequestIdMiddleware(record_app(), generate=lambda: "rid-1"), logger=logger)
    with captured(LOGGER) as records:
        run(call, app, http_scope())
    assert [r.request_id for r in records] == ["rid-1"], (
        f"expected ['rid-1'], got {[r.request_id for r in records]}"
    )


class Boom(Exception):
    """The app's own failure: not a RuntimeError, so an unwritten stub's NotImplementedError
    (a RuntimeError) is never mistaken for it."""


def test_a_crash_before_the_response_logs_500_once_and_propagates() -> None:
    """An app that raises before sending anything is logged once with status 500 (what the
    server or an error middleware will answer), and the exception goes on: logging is not
    handling.

    If nothing is logged, log in a `finally`; if the exception disappears, do not catch it.
    """

    async def crash(scope: Any, receive: Any, send: Any) -> None:
        raise Boom("boom")

    with captured(LOGGER) as records, pytest.raises(Boom, match="boom"):
        run(call, AccessLogMiddleware(crash, logger=logging.getLogger(LOGGER)), http_scope())
    got = [(r.status, r.bytes) for r in records]
    assert got == [(500, 0)], f"expected one record (500, 0 bytes), got {got}"


def test_a_client_disconnect_mid_body_still_logs_once() -> None:
    """The client leaves after the first chunk (the server's send raises OSError, as ASGI
    2.4 says): one record, with the status that was sent and the bytes that went out.

    If there is no record, log in a `finally`; if bytes counts the chunk that failed,
    count after `send` returned.
    """
    app = streaming_app([b"first", b"never delivered"])

    async def main() -> None:
        async def on_send(message: dict[str, Any]) -> None:
            if message.get("body") == b"never delivered":
                raise OSError("client disconnected")

        with pytest.raises(OSError, match="client disconnected"):
            await call(
                AccessLogMiddleware(app, logger=logging.getLogger(LOGGER)), http_scope(), on_send=on_send
            )

    with captured(LOGGER) as records:
        run(main)
    got = [(r.status, r.bytes) for r in records]
    assert got == [(200, 5)], f"expected one record (200, 5 bytes), got {got}"


def test_other_scopes_are_not_logged() -> None:
    """Websocket and lifespan scopes pass through and log nothing (this is an HTTP log).

    If a lifespan scope raises KeyError('method'), return early for non-http scopes.
    """

    async def app(scope: Any, receive: Any, send: Any) -> None:
        pass

    with captured(LOGGER) as records:
        middleware = AccessLogMiddleware(app, logger=logging.getLogger(LOGGER))
        run(call, middleware, http_scope(scope_type="lifespan"), messages=[])
        run(call, middleware, http_scope(scope_type="websocket"), messages=[])
    assert records == [], f"expected no records, got {[r.getMessage() for r in records]}"


def test_a_logger_above_info_gets_no_access_records() -> None:
    """The access log is INFO: with the logger set to WARNING (a quiet production setting) no
    record is made.

    If a record appears, you are bypassing the logger's level (calling `handle` yourself, or
    logging at WARNING).
    """
    with captured(LOGGER) as records:
        logger = logging.getLogger(LOGGER)
        logger.setLevel(logging.WARNING)
        run(call, AccessLogMiddleware(record_app(), logger=logger), http_scope())
    assert records == [], f"expected no records at WARNING, got {[r.getMessage() for r in records]}"


# -- JSONFormatter ---------------------------------------------------------------------------


def access_record(**overrides: Any) -> logging.LogRecord:
    """A record as the access log makes it (through the real middleware)."""
    with captured(LOGGER) as records:
        app = AccessLogMiddleware(record_app(body=b"hello"), logger=logging.getLogger(LOGGER))
        if overrides.get("request_id"):
            app = RequestIdMiddleware(app, generate=lambda: overrides["request_id"])
        run(call, app, http_scope("/hello"))
    assert len(records) == 1, f"expected one record, got {len(records)}"
    return records[0]


def test_json_formatter_writes_one_json_line_with_the_fields() -> None:
    """JSONFormatter().format(record) is ONE line of JSON with `ts`, `level`, `logger`,
    `message` and every access field; `request_id` appears when the request had one.

    If json.loads fails, build a dict and json.dumps it; a newline in the output means a
    field was pretty-printed.
    """
    line = JSONFormatter().format(access_record(request_id="rid-9"))
    assert "\n" not in line, f"expected one line, got {line!r}"
    entry = json.loads(line)
    expected = {
        "level": "INFO",
        "logger": LOGGER,
        "method": "GET",
        "path": "/hello",
        "status": 200,
        "bytes": 5,
        "client": "127.0.0.1:50000",
        "request_id": "rid-9",
    }
    missing = {k: v for k, v in expected.items() if entry.get(k) != v}
    assert not missing, f"expected these values {missing}, got {entry}"
    assert isinstance(entry.get("duration_ms"), float | int), f"duration_ms should be a number, got {entry}"
    assert "/hello" in entry.get("message", ""), f"the message should mention the path, got {entry}"


def test_json_timestamp_is_iso_8601_utc() -> None:
    """`ts` is the record's creation time in ISO-8601 with an explicit UTC offset, so logs
    from machines in different time zones sort together.

    If parsing fails or the offset is not zero, use datetime.fromtimestamp(created, UTC).
    """
    record = access_record()
    entry = json.loads(JSONFormatter().format(record))
    stamp = datetime.fromisoformat(entry["ts"])
    assert stamp.utcoffset() is not None, f"expected a time zone in {entry['ts']!r}"
    assert stamp.utcoffset().total_seconds() == 0, f"expected UTC, got {entry['ts']!r}"
    expected = datetime.fromtimestamp(record.created, UTC)
    assert abs((stamp - expected).total_seconds()) < 0.001, (
        f"expected {expected.isoformat()}, got {entry['ts']}"
    )


def test_json_leaves_out_an_absent_request_id() -> None:
    """No request id (None, or RequestIdFilter's "-") means no `request_id` key at all.

    If you see "request_id": null or "-", skip the key in those cases.
    """
    entry = json.loads(JSONFormatter().format(access_record()))
    assert "request_id" not in entry, f"expected no request_id key, got {entry}"
    plain = logging.LogRecord("app", logging.WARNING, __file__, 1, "plain %s", ("line",), None)
    plain.request_id = "-"
    entry = json.loads(JSONFormatter().format(plain))
    assert entry["message"] == "plain line", f"expected the formatted message, got {entry}"
    assert sorted(entry) == ["level", "logger", "message", "ts"], f"expected only the basic keys, got {entry}"


def test_json_includes_the_traceback_of_an_exception() -> None:
    """A record logged with an exception (`logger.exception`) carries the formatted
    traceback in `exc_info`, still on one line (JSON escapes the newlines).

    If the traceback is missing, use self.formatException(record.exc_info).
    """
    try:
        raise ValueError("bad value")
    except ValueError:
        record = logging.LogRecord("app", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JSONFormatter().format(record)
    assert "\n" not in line, f"expected one line, got {line!r}"
    assert "ValueError: bad value" in json.loads(line).get("exc_info", ""), (
        f"expected the traceback, got {line}"
    )
