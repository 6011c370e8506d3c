"""Milestone 8, read after it: the test client is a small, strict ASGI server.

You did not write `miniasgi.testclient` (the tests need it from the first minute), but it is
worth reading now: it builds scopes, streams responses, checks what the app sends, and runs
WebSocket sessions. These tests say what it promises; most use your responses as the app.
"""

from __future__ import annotations

import threading

import anyio
import pytest
from miniasgi import BackgroundTask, MiniASGI, PlainTextResponse, Request, Response, StreamingResponse
from miniasgi.exceptions import MiniASGIDeprecationWarning
from miniasgi.testclient import TestClient


def test_a_second_response_is_an_assertion_error_at_the_send_that_made_it():
    """A server accepts one `http.response.start` per request, and no body after the last one:
    an app that sends two responses (a classic bug: a middleware that answers and then calls
    the app anyway) fails at the second start, with Starlette's test client's message."""

    async def twice(scope, receive, send):
        await PlainTextResponse("first")(scope, receive, send)
        await PlainTextResponse("second")(scope, receive, send)

    async def body_after_the_end(scope, receive, send):
        await PlainTextResponse("done")(scope, receive, send)
        await send({"type": "http.response.body", "body": b"more"})

    with pytest.raises(AssertionError, match=r'Received multiple "http\.response\.start" messages'):
        TestClient(twice).get("/")
    with pytest.raises(AssertionError, match="after response completed"):
        TestClient(body_after_the_end).get("/")
    with pytest.raises(AssertionError, match="TestClient did not receive any response"):
        TestClient(silent_app).get("/")
    assert TestClient(silent_app, raise_server_exceptions=False).get("/").status_code == 500


async def silent_app(scope, receive, send):
    pass


def test_trailers_and_debug_information_reach_the_response_extensions():
    """An app may announce trailers (`"trailers": True` in the start message) and send them
    after the body; the client lists them in `response.extensions["http.response.trailers"]`.
    An `http.response.debug` message lands in `extensions["http.response.debug"]`."""

    async def app(scope, receive, send):
        assert "http.response.trailers" in scope["extensions"]
        await send({"type": "http.response.start", "status": 200, "trailers": True})
        await send({"type": "http.response.debug", "info": {"template": "page.html"}})
        await send({"type": "http.response.body", "body": b"hello"})
        await send({"type": "http.response.trailers", "headers": [(b"x-sum", b"1")], "more_trailers": True})
        await send({"type": "http.response.trailers", "headers": [(b"x-sum", b"2")]})

    response = TestClient(app).get("/")
    assert response.content == b"hello"
    assert response.extensions["http.response.trailers"] == [(b"x-sum", b"1"), (b"x-sum", b"2")]
    assert response.extensions["http.response.debug"] == {"template": "page.html"}

    async def unannounced(scope, receive, send):
        await Response("hi")(scope, receive, send)
        await send({"type": "http.response.trailers", "headers": []})

    with pytest.raises(AssertionError, match="without declaring trailers"):
        TestClient(unannounced).get("/")


def test_leaving_a_stream_early_cancels_the_app_and_closing_the_client_cancels_the_rest():
    """Stop reading a `client.stream(...)` before the end and the app still sending is cancelled
    (a real client hanging up). A response that was complete is waited for instead (its
    background task finishes). Closing the client cancels every response nobody closed."""
    cancelled = threading.Event()
    finished = threading.Event()

    async def endless():
        try:
            while True:
                yield "tick\n"
        finally:  # StreamingResponse closes a generator it stops early
            cancelled.set()

    app = MiniASGI()

    @app.route("/ticks")
    async def ticks(request: Request) -> StreamingResponse:
        return StreamingResponse(endless())

    async def slow_cleanup():
        await anyio.sleep(0.05)
        finished.set()

    @app.route("/done")
    async def done(request: Request) -> Response:
        return Response("done", background=BackgroundTask(slow_cleanup))

    client = TestClient(app)
    with client.stream("GET", "/ticks") as response:
        assert next(response.iter_raw()) == b"tick\n"
    assert cancelled.is_set(), "the endless stream was not cancelled when the test stopped reading"
    with client.stream("GET", "/done") as response:
        assert response.read() == b"done"
    assert finished.is_set(), "a complete response's background task must be waited for"
    cancelled.clear()
    response = client.send(client.build_request("GET", "/ticks"), stream=True)
    next(response.iter_raw())
    client.close()
    assert cancelled.is_set(), "closing the client must cancel the response nobody closed"


def test_asgi2_apps_the_scope_and_the_timeout_warning():
    """An ASGI 2 app (`app(scope)` returns `instance(receive, send)`) is adapted. The scope has
    the client address you give (`client=`), `root_path`, and the URL's server. `timeout=` has
    no effect in-process, and the client says so."""

    def asgi2(scope):
        async def instance(receive, send):
            text = f"{scope['client'][0]} {scope['root_path']} {scope['server'][1]}"
            await PlainTextResponse(text)(scope, receive, send)

        return instance

    client = TestClient(
        asgi2, client=("10.0.0.1", 4000), root_path="/api", base_url="http://example.com:8080"
    )
    assert client.get("/").text == "10.0.0.1 /api 8080"
    with pytest.warns(MiniASGIDeprecationWarning, match="timeout"):
        client.get("/", timeout=1)
