"""Milestone 5, part 1: ErrorMiddleware, the last answer to an exception nobody handled.

Before `http.response.start` has gone out, the client still gets a proper answer: a 500
whose JSON body is `{"detail": "Internal Server Error", "request_id": ...}` (never the
traceback), and the exception is logged with the request id. After the start, a second
start would break HTTP: the error is logged and re-raised, and the server closes the
connection. The last tests check both under a real uvicorn.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from coursekit.servers import running_server
from minimiddleware import ErrorMiddleware, RequestIdMiddleware

from .asgi import Sent, call, http_scope, run, streaming_app
from .logs import captured

LOGGER = "tests.errors"
INTERNAL = {"detail": "Internal Server Error", "request_id": None}


async def crash(scope: Any, receive: Any, send: Any) -> None:
    """An app with a bug: raises before sending anything."""
    raise RuntimeError("secret internals: password=hunter2")


async def crash_after_start(scope: Any, receive: Any, send: Any) -> None:
    """An app that starts a 200 response, sends a chunk, then raises."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"partial", "more_body": True})
    raise RuntimeError("broke mid-body")


def errors(app: Any) -> ErrorMiddleware:
    return ErrorMiddleware(app, logger=logging.getLogger(LOGGER))


def test_a_crash_before_the_response_becomes_a_500_json() -> None:
    """An app that raises before responding gives status 500, `application/json`, and the
    body `{"detail": "Internal Server Error", "request_id": null}`.

    If the exception escapes, catch it around the call to the app; if the body differs,
    send a JSONResponse with exactly those two keys.
    """
    with captured(LOGGER):
        sent = run(call, errors(crash), http_scope())
    assert sent.status == 500, f"expected 500, got {sent.status}"
    assert sent.headers.get("content-type") == "application/json", f"expected JSON, got {sent.headers}"
    assert json.loads(sent.body) == INTERNAL, f"expected {INTERNAL}, got {sent.body!r}"


def test_the_client_never_sees_the_exception() -> None:
    """Nothing of the exception (its message, its type, a traceback) reaches the client:
    it tells an attacker how the code is built. It goes to the log instead.

    If this fails, build the body from constants only.
    """
    with captured(LOGGER):
        sent = run(call, errors(crash), http_scope())
    for secret in (b"hunter2", b"RuntimeError", b"Traceback"):
        assert secret not in sent.body, f"{secret!r} leaked to the client: {sent.body!r}"


def test_the_exception_is_logged_with_its_traceback_and_request_id() -> None:
    """One ERROR record, with the exception attached (`logger.exception`), and the request
    id as `record.request_id`.

    If `exc_info` is empty, log with logger.exception inside the `except` block.
    """
    app = RequestIdMiddleware(errors(crash), generate=lambda: "rid-500")
    with captured(LOGGER) as records:
        run(call, app, http_scope())
    got = [
        (r.levelname, r.exc_info is not None and r.exc_info[0], getattr(r, "request_id", None))
        for r in records
    ]
    assert got == [("ERROR", RuntimeError, "rid-500")], f"expected one ERROR with the exception, got {got}"


@pytest.mark.parametrize("id_outside", [True, False], ids=["id-outside", "id-inside"])
def test_the_500_carries_the_request_id(id_outside: bool) -> None:
    """The body's `request_id` is the request's id, so a user can quote it and support finds
    the traceback. RequestIdMiddleware outside ErrorMiddleware (the recommended order) also
    puts it in the X-Request-ID header of the 500; inside, the id is still found in
    `scope["state"]`.

    If request_id is null, look it up (context first, then scope state) when you answer.
    """
    app: Any
    if id_outside:
        app = RequestIdMiddleware(errors(crash), generate=lambda: "rid-7")
    else:
        app = errors(RequestIdMiddleware(crash, generate=lambda: "rid-7"))
    with captured(LOGGER):
        sent = run(call, app, http_scope())
    body = json.loads(sent.body)
    assert body == {"detail": "Internal Server Error", "request_id": "rid-7"}, f"got {body}"
    if id_outside:
        assert sent.headers.get("x-request-id") == "rid-7", (
            f"expected the header on the 500, got {sent.headers}"
        )


def test_a_crash_after_the_start_is_logged_and_re_raised() -> None:
    """Once the 200 start has gone out, no second start is sent: the exception is logged and
    re-raised, so the server drops the connection (the client sees a truncated response).

    If you see two http.response.start messages, track whether the start was sent (wrap
    `send`) and re-raise in that case instead of answering.
    """
    sent = Sent()
    with captured(LOGGER) as records, pytest.raises(RuntimeError, match="broke mid-body"):
        run(call, errors(crash_after_start), http_scope(), sent=sent)
    starts = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert starts == [200], f"expected exactly the app's one start, got {starts}"
    assert len(records) == 1, f"expected the error logged once, got {[r.getMessage() for r in records]}"
    assert records[0].exc_info is not None, "expected the traceback attached to the record"


def test_a_normal_response_passes_through_unchanged() -> None:
    """Without an exception, the app's messages go out exactly as sent (a stream included).

    If the stream changed, you buffered or rewrote messages: only watch them.
    """
    app = streaming_app([b"a", b"b"])
    bare = run(call, app, http_scope())
    wrapped = run(call, errors(app), http_scope())
    assert list(wrapped) == list(bare), f"expected {list(bare)}, got {list(wrapped)}"


def test_lifespan_errors_are_not_swallowed() -> None:
    """A lifespan scope passes through: an error at startup is the server's to report
    (it refuses to start), not something to answer with an HTTP 500.

    If this fails, return early for non-http scopes.
    """

    async def bad_startup(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("cannot start")

    with captured(LOGGER) as records, pytest.raises(RuntimeError, match="cannot start"):
        run(
            call,
            errors(bad_startup),
            http_scope(scope_type="lifespan"),
            messages=[{"type": "lifespan.startup"}],
        )
    assert records == [], f"expected nothing logged, got {[r.getMessage() for r in records]}"


def test_websockets_pass_through() -> None:
    """A websocket connection goes to the app as is (there is no HTTP response to send).

    If this fails, return early for non-http scopes.
    """

    async def close(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "websocket.close", "code": 1000})

    connect = [{"type": "websocket.connect"}]
    sent = run(call, errors(close), http_scope(scope_type="websocket"), messages=connect)
    assert list(sent) == [{"type": "websocket.close", "code": 1000}], (
        f"expected the app's close, got {list(sent)}"
    )


def test_on_miniapi_inside_its_own_error_middleware() -> None:
    """On p07's MiniAPI, `add_middleware(ErrorMiddleware)` sits inside the framework's
    ServerErrorMiddleware and outside its ExceptionMiddleware: a bug becomes our JSON 500
    (not the framework's plain-text one), and an HTTPException is still the framework's
    own `{"detail": ...}` answer (it never reaches us).

    If the 404 became a 500, you are catching exceptions the framework handles itself:
    check your middleware is added with add_middleware, not wrapped around the app.
    """
    import minifast

    app = minifast.MiniAPI()
    app.add_middleware(ErrorMiddleware, logger=logging.getLogger(LOGGER))

    @app.get("/bug")
    async def bug() -> Any:
        raise ZeroDivisionError("oops")

    @app.get("/missing")
    async def missing() -> Any:
        raise minifast.HTTPException(status_code=404, detail="no such item")

    async def main() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get("/bug"), await client.get("/missing")

    with captured(LOGGER):
        bug_response, missing_response = anyio.run(main)
    assert (bug_response.status_code, bug_response.json()) == (500, INTERNAL), (
        f"expected our 500 JSON, got {bug_response.status_code} {bug_response.text!r}"
    )
    assert (missing_response.status_code, missing_response.json()) == (404, {"detail": "no such item"}), (
        f"expected MiniAPI's own 404, got {missing_response.status_code} {missing_response.text!r}"
    )


# -- under a real server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def uvicorn_url() -> Iterator[str]:
    """tests/errors_app.py served by uvicorn, this folder on PYTHONPATH (the learner's or the
    reference minimiddleware, whichever PYTHONPATH already selects, comes along)."""
    here = str(Path(__file__).resolve().parent)
    pythonpath = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "uvicorn", "errors_app:app", "--host", "{host}", "--port", "{port}"]
    with running_server(command, env={"PYTHONPATH": pythonpath}, ready_path="/ok") as url:
        yield url


@pytest.mark.timeout(30)
def test_uvicorn_answers_a_crash_with_a_clean_500(uvicorn_url: str) -> None:
    """Through uvicorn, `/crash` is a complete 500 response whose JSON body carries the same
    request id as the X-Request-ID header.

    If the body is uvicorn's plain "Internal Server Error", the exception escaped your
    middleware; if the ids differ, check RequestIdMiddleware's order (outside ErrorMiddleware).
    """
    response = httpx.get(f"{uvicorn_url}/crash", timeout=10)
    assert response.status_code == 500, f"expected 500, got {response.status_code} {response.text!r}"
    body = response.json()
    request_id = response.headers.get("x-request-id")
    assert body == {"detail": "Internal Server Error", "request_id": request_id}, (
        f"expected the id {request_id!r} in the body, got {body}"
    )


@pytest.mark.timeout(30)
def test_uvicorn_drops_the_connection_on_a_crash_mid_stream(uvicorn_url: str) -> None:
    """Through uvicorn, `/crash-mid-stream` sends its 200 and first chunk, then the app
    raises: the server closes the connection, and the client sees an incomplete body (a
    protocol error), never a second response glued after the first.

    If you get a complete response, your middleware sent something after the start.
    """
    with httpx.stream("GET", f"{uvicorn_url}/crash-mid-stream", timeout=10) as response:
        assert response.status_code == 200, f"expected the app's 200 start, got {response.status_code}"
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            response.read()
