"""Milestone 1: the onion. A middleware is an ASGI app that holds the next ASGI app.

Read the module docstring of `minimiddleware/onion.py` first. These tests check three ideas:
a pass-through layer changes nothing at all; `with_response_headers` edits only the
response's start message; and the order of layers is the same on every framework (the one
added last with `add_middleware` is the outermost: first to see the request, last to touch
the response).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest
from minimiddleware import PassThroughMiddleware, ResponseHeadersMiddleware, with_response_headers

from .asgi import call, http_scope, record_app, run, streaming_app

# -- apps driven by hand -------------------------------------------------------------------


class Spy:
    """An app that remembers the exact scope, receive and send objects it was called with."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[Any, Any, Any]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.seen.append((scope, receive, send))
        await self.app(scope, receive, send)


async def websocket_echo(scope: Any, receive: Any, send: Any) -> None:
    """Accept, echo every text message, stop when the client leaves."""
    assert (await receive())["type"] == "websocket.connect"
    await send({"type": "websocket.accept", "subprotocol": None, "headers": []})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        await send({"type": "websocket.send", "text": "echo: " + message["text"]})


async def lifespan_app(scope: Any, receive: Any, send: Any) -> None:
    """Answer startup and shutdown, as a framework's lifespan handler does."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


WEBSOCKET_MESSAGES = [
    {"type": "websocket.connect"},
    {"type": "websocket.receive", "text": "hi"},
    {"type": "websocket.receive", "text": "bye"},
]
LIFESPAN_MESSAGES = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]


def test_pass_through_hands_the_same_objects_to_the_app() -> None:
    """PassThroughMiddleware(app) calls app with the very scope, receive and send it got.

    If this fails, your __call__ builds new objects (a copied scope, a wrapped send) or does
    not call the app it stored in __init__: a pass-through adds nothing.
    """
    spy = Spy(record_app())
    layer = PassThroughMiddleware(spy)
    scope = http_scope()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    run(layer, scope, receive, send)
    assert len(spy.seen) == 1, f"expected the app to be called once, got {len(spy.seen)} calls"
    got_scope, got_receive, got_send = spy.seen[0]
    assert got_scope is scope, "the app got a different scope object"
    assert got_receive is receive, "the app got a different receive callable"
    assert got_send is send, "the app got a different send callable"


@pytest.mark.parametrize(
    ("scope", "app", "messages"),
    [
        pytest.param(http_scope(), streaming_app([b"one", b"two", b"three"]), None, id="http-stream"),
        pytest.param(http_scope(scope_type="websocket"), websocket_echo, WEBSOCKET_MESSAGES, id="websocket"),
        pytest.param(http_scope(scope_type="lifespan"), lifespan_app, LIFESPAN_MESSAGES, id="lifespan"),
    ],
)
def test_pass_through_keeps_every_message(scope: dict[str, Any], app: Any, messages: Any) -> None:
    """Wrapped or not, the app sends and receives exactly the same messages, for http (a
    streaming body of several chunks), websocket and lifespan scopes alike.

    If this fails, your middleware treats some scope type specially or drops a message.
    """
    bare = run(call, app, dict(scope), b"", messages=messages)
    wrapped = run(call, PassThroughMiddleware(app), dict(scope), b"", messages=messages)
    assert list(wrapped) == list(bare), (
        f"sent messages differ:\nexpected {list(bare)}\ngot      {list(wrapped)}"
    )
    assert wrapped.received == bare.received, (
        f"received differ: expected {bare.received}, got {wrapped.received}"
    )


# -- with_response_headers -------------------------------------------------------------------


def test_with_response_headers_edits_only_the_start_message() -> None:
    """The edit runs once, on `http.response.start`; body messages go on as they are, and the
    app's own header list is not modified (it may be reused for the next response).

    If this fails, look at which message types your wrapped send edits, and whether you
    copy the message's header list before editing it.
    """
    app_headers = [(b"content-type", b"text/plain")]
    start = {"type": "http.response.start", "status": 200, "headers": app_headers}
    chunk = {"type": "http.response.body", "body": b"hello", "more_body": True}
    last = {"type": "http.response.body", "body": b"", "more_body": False}
    out: list[dict[str, Any]] = []
    edits: list[dict[str, str]] = []

    async def send(message: dict[str, Any]) -> None:
        out.append(message)

    def edit(headers: Any) -> None:
        edits.append(dict(headers))
        headers["X-Edited"] = "yes"

    async def main() -> None:
        wrapped = with_response_headers(send, edit)
        for message in (start, chunk, last):
            await wrapped(message)

    run(main)
    assert edits == [{"content-type": "text/plain"}], (
        f"expected one edit seeing the app's headers, got {edits}"
    )
    assert [m["type"] for m in out] == ["http.response.start", "http.response.body", "http.response.body"]
    assert (b"x-edited", b"yes") in out[0]["headers"], (
        f"edit missing from the sent start: {out[0]['headers']}"
    )
    assert out[1] is chunk, "a body message was replaced: body messages must pass through untouched"
    assert out[2] is last, "a body message was replaced: body messages must pass through untouched"
    assert app_headers == [(b"content-type", b"text/plain")], (
        f"the app's own list was modified: {app_headers}"
    )


def test_response_headers_middleware_sets_fixed_headers() -> None:
    """ResponseHeadersMiddleware(app, headers={...}) puts those headers on every http
    response and keeps the app's own headers and body.

    If this fails, check that __call__ wraps `send` with with_response_headers.
    """
    app = ResponseHeadersMiddleware(
        record_app(body=b"hi"), headers={"X-Frame-Options": "DENY", "X-Version": "9"}
    )
    sent = run(call, app, http_scope())
    assert sent.headers.get("x-frame-options") == "DENY", f"expected DENY, got headers {sent.headers}"
    assert sent.headers.get("x-version") == "9", f"expected 9, got headers {sent.headers}"
    assert sent.headers.get("content-type") == "text/plain; charset=utf-8", f"app header lost: {sent.headers}"
    assert sent.body == b"hi", f"expected body b'hi', got {sent.body!r}"


def test_response_headers_middleware_ignores_websockets() -> None:
    """Only http responses have headers to add: a websocket passes through unchanged.

    If this fails, your middleware wraps `send` for every scope type.
    """
    scope = http_scope(scope_type="websocket")
    bare = run(call, websocket_echo, scope, b"", messages=WEBSOCKET_MESSAGES)
    app = ResponseHeadersMiddleware(websocket_echo, headers={"X-Version": "9"})
    wrapped = run(call, app, http_scope(scope_type="websocket"), b"", messages=WEBSOCKET_MESSAGES)
    assert list(wrapped) == list(bare), f"expected {list(bare)}, got {list(wrapped)}"


@pytest.mark.parametrize("value", ["evil\r\nSet-Cookie: a=b", "caf\u00e9\u2603"])
def test_response_headers_are_checked_once_at_setup(value: str) -> None:
    """A header value that cannot go on the wire (a line break would inject a header; HTTP
    header bytes are latin-1) is refused when the middleware is built, not per request.

    If this fails, validate the headers in __init__ and raise ValueError.
    """
    with pytest.raises(ValueError, match="X-Bad"):
        ResponseHeadersMiddleware(record_app(), headers={"X-Bad": value})


# -- the order of the layers, on four frameworks ---------------------------------------------


class Recorder:
    """A middleware that writes "<name> in" when the request passes it and "<name> out" when
    the response start passes it on the way back (it uses your with_response_headers)."""

    def __init__(self, app: Any, *, name: str, log: list[str]) -> None:
        self.app, self.name, self.log = app, name, log

    def note_out(self, headers: Any) -> None:
        self.log.append(f"{self.name} out")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.log.append(f"{self.name} in")
        await self.app(scope, receive, with_response_headers(send, self.note_out))


def miniasgi_app(middleware: list[Any] | None = None) -> tuple[Any, Any]:
    import miniasgi

    app = miniasgi.MiniASGI(middleware=middleware)

    @app.route("/")
    async def hello(request: Any) -> Any:
        return miniasgi.PlainTextResponse("hello")

    return app, miniasgi.Middleware


def minifast_app(middleware: list[Any] | None = None) -> tuple[Any, Any]:
    import miniasgi
    import minifast

    app = minifast.MiniAPI(middleware=middleware)

    @app.get("/")
    async def hello() -> Any:
        return miniasgi.PlainTextResponse("hello")

    return app, miniasgi.Middleware


def starlette_app(middleware: list[Any] | None = None) -> tuple[Any, Any]:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def hello(request: Any) -> Any:
        return PlainTextResponse("hello")

    return Starlette(routes=[Route("/", hello)], middleware=middleware), Middleware


def fastapi_app(middleware: list[Any] | None = None) -> tuple[Any, Any]:
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse
    from starlette.middleware import Middleware

    app = FastAPI(middleware=middleware)

    @app.get("/")
    async def hello() -> Any:
        return PlainTextResponse("hello")

    return app, Middleware


FRAMEWORKS = [
    pytest.param(miniasgi_app, id="miniasgi.MiniASGI"),
    pytest.param(minifast_app, id="minifast.MiniAPI"),
    pytest.param(starlette_app, id="starlette.Starlette"),
    pytest.param(fastapi_app, id="fastapi.FastAPI"),
]
Build = Callable[..., tuple[Any, Any]]


def get(app: Any, path: str = "/") -> httpx.Response:
    """GET `path` from the app in process, through httpx's ASGI transport."""

    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(path)

    return anyio.run(main)


@pytest.mark.parametrize("build", FRAMEWORKS)
def test_last_added_is_outermost(build: Build) -> None:
    """With `app.add_middleware(A)` then `app.add_middleware(B)`, B is the outermost layer:
    the request meets B first, the response start meets A first and B last.

    Our classes take `(app, **options)` like every ASGI middleware, so the same Recorder and
    ResponseHeadersMiddleware wrap all four frameworks. If this fails on one framework only,
    your middleware relies on something that framework does not give (read the traceback).
    """
    log: list[str] = []
    app, _ = build()
    app.add_middleware(Recorder, name="A", log=log)
    app.add_middleware(Recorder, name="B", log=log)
    response = get(app)
    assert response.text == "hello", (
        f"expected the endpoint's 'hello', got {response.status_code} {response.text!r}"
    )
    assert log == ["B in", "A in", "A out", "B out"], f"expected B outside A, got {log}"


@pytest.mark.parametrize("build", FRAMEWORKS)
def test_outer_header_edit_wins(build: Build) -> None:
    """Two ResponseHeadersMiddleware write the same header name: the outer one (added last)
    edits the start message last, and replaces the inner one's value, so exactly one
    `X-Layer` header arrives, with the outer value.

    If you get two headers, you appended instead of setting; if you get "inner", the edits
    run in the wrong order (or your middleware edits before calling the app).
    """
    app, _ = build()
    app.add_middleware(ResponseHeadersMiddleware, headers={"X-Layer": "inner"})
    app.add_middleware(ResponseHeadersMiddleware, headers={"X-Layer": "outer"})
    response = get(app)
    assert response.headers.get_list("x-layer") == ["outer"], (
        f"expected exactly ['outer'], got {response.headers.get_list('x-layer')}"
    )


@pytest.mark.parametrize("build", FRAMEWORKS)
def test_constructor_list_is_add_middleware_in_reverse(build: Build) -> None:
    """`middleware=[Middleware(B), Middleware(A)]` (first in the list is outermost) builds
    the same onion as `add_middleware(A)` then `add_middleware(B)`.

    If this fails, compare the two logs: the framework, not your middleware, decides the
    order, so look at how your middleware is constructed (keyword options).
    """
    added_log: list[str] = []
    added, middleware = build()
    added.add_middleware(Recorder, name="A", log=added_log)
    added.add_middleware(Recorder, name="B", log=added_log)
    listed_log: list[str] = []
    listed, _ = build(
        [middleware(Recorder, name="B", log=listed_log), middleware(Recorder, name="A", log=listed_log)]
    )
    get(added)
    get(listed)
    assert listed_log == added_log == ["B in", "A in", "A out", "B out"], (
        f"expected both ['B in', 'A in', 'A out', 'B out'], got list={listed_log} added={added_log}"
    )


@pytest.mark.parametrize("build", FRAMEWORKS)
def test_pass_through_wraps_every_framework(build: Build) -> None:
    """PassThroughMiddleware around a whole framework app (not inside it) changes nothing.

    If this fails, your pass-through is not a plain `await self.app(scope, receive, send)`.
    """
    app, _ = build()
    bare = get(app)
    wrapped = get(PassThroughMiddleware(app))
    assert (wrapped.status_code, wrapped.text) == (bare.status_code, bare.text), (
        f"expected {bare.status_code} {bare.text!r}, got {wrapped.status_code} {wrapped.text!r}"
    )
