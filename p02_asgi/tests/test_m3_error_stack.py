"""Milestone 3: the error stack. ServerErrorMiddleware -> user middleware -> ExceptionMiddleware
-> router, built once. Where does each kind of error end up, and what does the client see?"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import starlette.applications
import starlette.exceptions
import starlette.responses
import starlette.routing
from miniasgi import (
    BackgroundTask,
    ExceptionMiddleware,
    HTTPException,
    JSONResponse,
    Middleware,
    MiniASGI,
    PlainTextResponse,
    Request,
    Response,
    Route,
    ServerErrorMiddleware,
)
from miniasgi.testclient import TestClient


def crashing_app(debug: bool = False) -> MiniASGI:
    app = MiniASGI(debug=debug)

    @app.route("/crash")
    async def crash(request: Request) -> str:
        raise ValueError("secret database password in this message")

    return app


def test_unknown_path_is_a_plain_404():
    """The router's HTTPException(404) becomes a response: status 404, body "Not Found" (the
    exception's detail, which defaults to the standard reason phrase), as text/plain."""
    response = TestClient(MiniASGI()).get("/nowhere")
    got = (response.status_code, response.text)
    assert got == (404, "Not Found"), f"got {got!r}"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_wrong_method_is_a_405_with_an_allow_header():
    """The router's HTTPException(405) becomes a 405 response that carries its Allow header."""
    app = MiniASGI()

    @app.route("/items", methods=["POST", "PUT"])
    async def items(request: Request) -> str:
        return "ok"

    response = TestClient(app).get("/items")
    assert (response.status_code, response.text) == (405, "Method Not Allowed")
    assert response.headers["allow"] == "POST, PUT", f"got {response.headers.get('allow')!r}"


def test_unhandled_exception_is_a_plain_500_without_traceback():
    """In production a crash answers 'Internal Server Error' and never leaks the traceback."""
    response = TestClient(crashing_app(), raise_server_exceptions=False).get("/crash")
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    assert "Traceback" not in response.text
    assert "secret" not in response.text


def test_debug_mode_shows_the_traceback():
    """With debug=True the 500 body is the traceback, to help you while developing."""
    response = TestClient(crashing_app(debug=True), raise_server_exceptions=False).get("/crash")
    assert response.status_code == 500
    assert "Traceback" in response.text
    assert "ValueError: secret database password" in response.text


def test_unhandled_exception_is_reraised_for_the_server_and_the_test_client():
    """ServerErrorMiddleware sends the 500 *and* re-raises, so uvicorn logs it and tests see it."""
    with pytest.raises(ValueError, match="secret database password"):
        TestClient(crashing_app()).get("/crash")


def test_unsupported_return_value_is_answered_with_a_500():
    """Milestone 2's TypeError for a bad return value is a crash like any other: a 500."""
    app = MiniASGI()

    @app.route("/")
    async def bad(request: Request) -> int:
        return 42

    assert TestClient(app, raise_server_exceptions=False).get("/").status_code == 500


def test_http_exception_becomes_its_response_with_headers():
    """`raise HTTPException(401, headers=...)` anywhere in a handler answers 401 with those headers."""
    app = MiniASGI()

    @app.route("/private")
    async def private(request: Request) -> str:
        raise HTTPException(401, "Log in first", headers={"WWW-Authenticate": "Bearer"})

    response = TestClient(app).get("/private")
    assert (response.status_code, response.text) == (401, "Log in first")
    assert response.headers["www-authenticate"] == "Bearer"


def test_exception_handlers_by_status_and_by_class():
    """@app.exception_handler(404) customises 404s; a class key catches that class and subclasses."""
    app = MiniASGI()

    class OutOfStock(LookupError):
        pass

    @app.route("/buy")
    async def buy(request: Request) -> str:
        raise OutOfStock("no more widgets")

    @app.exception_handler(404)
    async def not_found(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"missing": request.path}, status_code=404)

    @app.exception_handler(LookupError)
    def lookup_failed(request: Request, exc: LookupError) -> PlainTextResponse:  # sync handler
        return PlainTextResponse(f"sorry: {exc}", status_code=409)

    client = TestClient(app)
    assert client.get("/nope").json() == {"missing": "/nope"}
    conflict = client.get("/buy")
    assert (conflict.status_code, conflict.text) == (409, "sorry: no more widgets")


def test_a_500_handler_replaces_the_default_error_page():
    """A handler for 500 (or Exception) goes to ServerErrorMiddleware, the outermost layer."""
    app = crashing_app()

    @app.exception_handler(500)
    async def oops(request: Request, exc: Exception) -> PlainTextResponse:
        return PlainTextResponse("custom oops", status_code=500)

    response = TestClient(app, raise_server_exceptions=False).get("/crash")
    assert (response.status_code, response.text) == (500, "custom oops")


class TagMiddleware:
    """A pure ASGI middleware that appends its name to an `x-order` response header."""

    def __init__(self, app, name: str, limit: int = 0) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope, receive, send) -> None:
        async def tagged(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-order", self.name.encode())]
            await send(message)

        await self.app(scope, receive, tagged)


def test_the_stack_order_is_error_middleware_user_middleware_exceptions_router():
    """Built once: ServerError -> user middleware (last added is outermost) -> Exception -> router."""
    app = MiniASGI()
    app.add_middleware(TagMiddleware, name="inner")
    app.add_middleware(TagMiddleware, name="outer")

    @app.route("/")
    async def home(request: Request) -> str:
        return "hi"

    response = TestClient(app).get("/")
    # headers are appended on the way out: the inner middleware sees the message first
    assert response.headers.get_list("x-order") == ["inner", "outer"]
    stack = app.middleware_stack
    assert isinstance(stack, ServerErrorMiddleware)
    assert isinstance(stack.app, TagMiddleware)
    assert stack.app.name == "outer"
    assert isinstance(stack.app.app, TagMiddleware)
    assert stack.app.app.name == "inner"
    assert isinstance(stack.app.app.app, ExceptionMiddleware)
    assert stack.app.app.app.app is app.router


def test_http_exceptions_pass_through_user_middleware_as_responses():
    """A 404 is turned into a response *inside* user middleware, so middleware sees a normal response."""
    app = MiniASGI()
    app.add_middleware(TagMiddleware, name="mw")
    response = TestClient(app).get("/missing")
    assert response.status_code == 404
    assert response.headers["x-order"] == "mw"


def test_stack_is_built_once_and_middleware_cannot_be_added_after_start():
    """Building the stack per request would waste time; adding middleware later would be ignored."""
    app = MiniASGI()
    client = TestClient(app)
    client.get("/")
    first = app.middleware_stack
    client.get("/")
    assert app.middleware_stack is first
    with pytest.raises(RuntimeError, match="after the application has started"):
        app.add_middleware(TagMiddleware, name="late")


def test_middleware_spec_keeps_class_and_arguments():
    """Middleware(cls, *args, **kwargs) is a recipe: nothing is built until the stack is, then
    `cls(app, *args, **kwargs)`. It unpacks as `cls, args, kwargs` and shows itself as you wrote it."""
    spec = Middleware(TagMiddleware, "x", limit=3)
    cls, args, kwargs = spec
    assert (cls, args, kwargs) == (TagMiddleware, ("x",), {"limit": 3})
    assert repr(spec) == "Middleware(TagMiddleware, 'x', limit=3)", f"got {spec!r}"


def test_the_stack_can_be_given_to_the_constructor():
    """Starlette's constructor: `MiniASGI(middleware=[...], exception_handlers={...})`. The list
    runs in order, its first entry outermost; `add_middleware` (positional arguments too) wraps
    around all of them. Look at MiniASGI.__init__ and build_middleware_stack."""

    async def teapot(request: Request, exc: HTTPException) -> PlainTextResponse:
        return PlainTextResponse("I'm a teapot", status_code=418)

    app = MiniASGI(
        middleware=[Middleware(TagMiddleware, name="first"), Middleware(TagMiddleware, "second")],
        exception_handlers={404: teapot},
    )
    app.add_middleware(TagMiddleware, "added")
    response = TestClient(app).get("/nowhere")
    assert (response.status_code, response.text) == (418, "I'm a teapot")
    # headers are appended on the way out: the innermost middleware tags first
    assert response.headers.get_list("x-order") == ["second", "first", "added"]


class Teapot(Exception):
    """A custom exception that an async handler answers with 418."""


def built_twice() -> dict[str, Any]:
    """The same small app written for miniasgi and for Starlette: /hi (GET), /teapot raising
    HTTPException(418), /custom raising Teapot (an async handler answers), /crash (ValueError)."""
    mini = MiniASGI()

    @mini.route("/hi")
    async def hi(request: Request) -> str:
        return "hi"

    @mini.route("/teapot")
    async def teapot(request: Request) -> str:
        raise HTTPException(418)

    @mini.route("/custom")
    async def custom(request: Request) -> str:
        raise Teapot

    @mini.route("/crash")
    async def crash(request: Request) -> str:
        raise ValueError("boom")

    @mini.exception_handler(Teapot)
    async def on_teapot(request: Request, exc: Teapot) -> PlainTextResponse:
        return PlainTextResponse("short and stout", status_code=418)

    async def real_hi(request: Any) -> Any:
        return starlette.responses.PlainTextResponse("hi")

    async def real_teapot(request: Any) -> Any:
        raise starlette.exceptions.HTTPException(418)

    async def real_custom(request: Any) -> Any:
        raise Teapot

    async def real_crash(request: Any) -> Any:
        raise ValueError("boom")

    async def real_on_teapot(request: Any, exc: Exception) -> Any:
        return starlette.responses.PlainTextResponse("short and stout", status_code=418)

    route = starlette.routing.Route
    real = starlette.applications.Starlette(
        routes=[
            route("/hi", real_hi),
            route("/teapot", real_teapot),
            route("/custom", real_custom),
            route("/crash", real_crash),
        ],
        exception_handlers={Teapot: real_on_teapot},
    )
    return {"yours": mini, "Starlette": real}


def in_one_step(app: Any, scope: dict[str, Any]) -> tuple[str, list[int]]:
    """Run the app's coroutine one step, outside any event loop, with a receive and a send
    that never wait. If the app only awaits those, the step runs it to the end ("answered",
    with the statuses it sent). If it awaits anything else (a worker thread, a sleep), that
    needs an event loop, and the step stops there ("stopped on ...")."""
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    coroutine = app(scope, receive, send)
    try:
        coroutine.send(None)
    except StopIteration:
        return "answered", statuses
    except Exception as error:
        if isinstance(error, ValueError) and str(error) == "boom":
            return "answered", statuses  # the 500 path re-raises the crash once the 500 is sent
        return f"stopped on {error!r}", statuses
    coroutine.close()
    return "stopped: it waited on the event loop", statuses


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/nowhere", 404),
        ("POST", "/hi", 405),
        ("GET", "/teapot", 418),
        ("GET", "/custom", 418),
        ("GET", "/crash", 500),
    ],
    ids=["404", "405", "HTTPException(418)", "async handler", "500"],
)
def test_error_answers_never_wait_on_a_thread(
    scope: Callable[..., dict[str, Any]], method: str, path: str, status: int
) -> None:
    """The default answers (404, 405, any HTTPException, the plain 500) and an async
    exception handler's answer are sent without awaiting anything but send: no worker thread.
    A thread hop gives the server time to notice that a client half-closed its connection
    (uvicorn then drops the answer; milestone 6 checks it for real), and a 404 has no
    blocking work to move off the loop. So http_exception_response is an `async def`, and
    call_handler awaits an async handler directly. Starlette answers the same app in one
    step too: it is the oracle."""
    outcomes = {name: in_one_step(app, scope(path, method)) for name, app in built_twice().items()}
    assert outcomes["Starlette"] == ("answered", [status]), f"the oracle itself: {outcomes}"
    assert outcomes["yours"] == ("answered", [status]), (
        f"{method} {path}: expected the {status} to be sent in one step, as Starlette does; got "
        f"{outcomes['yours'][0]} (statuses sent: {outcomes['yours'][1]})"
    )


def test_debug_page_is_html_for_a_browser_and_plain_text_otherwise():
    """With debug=True, a client that accepts text/html (a browser) gets an HTML page naming the
    exception, anyone else the plain-text traceback, as Starlette answers. The page is built in
    a worker thread: it reads source files from disk."""
    real = starlette.applications.Starlette(
        debug=True, routes=[starlette.routing.Route("/crash", crash_endpoint)]
    )
    for headers in ({"accept": "text/html,*/*"}, {"accept": "application/json"}):
        ours = TestClient(crashing_app(debug=True), raise_server_exceptions=False).get(
            "/crash", headers=headers
        )
        theirs = TestClient(real, raise_server_exceptions=False).get("/crash", headers=headers)
        kind = ours.headers["content-type"].split(";")[0]
        assert kind == theirs.headers["content-type"].split(";")[0], f"{headers}: got {kind}"
        assert ours.status_code == 500
        assert "ValueError" in ours.text


async def crash_endpoint(request: Any) -> Any:
    raise ValueError("secret database password in this message")


class Forbidden(HTTPException):
    """An HTTPException subclass, to see which Request its handler gets."""


def test_a_route_answers_its_own_exception_inside_its_middleware():
    """An exception an endpoint raises is answered where it was raised, with the app's handler
    (ExceptionMiddleware leaves its handlers in the scope; endpoints.handle_exception uses them).
    So a middleware given to the route sees a response, not an exception, and the handler gets
    the endpoint's own Request: the body the endpoint read is still there."""
    app = MiniASGI()

    async def guarded(request: Request) -> str:
        await request.body()
        raise Forbidden(403, "no entry")

    async def on_forbidden(request: Request, exc: Forbidden) -> PlainTextResponse:
        return PlainTextResponse(f"{exc.detail}: {(await request.body()).decode()}", status_code=403)

    app.add_exception_handler(Forbidden, on_forbidden)
    app.router.routes.append(
        Route("/guarded", guarded, methods=["POST"], middleware=[Middleware(TagMiddleware, "route")])
    )
    response = TestClient(app).post("/guarded", content=b"my body")
    assert (response.status_code, response.text) == (403, "no entry: my body"), response.text
    assert response.headers.get("x-order") == "route", "the route's middleware must see the 403 as a response"


def test_an_exception_after_the_response_started_cannot_be_answered():
    """Once `http.response.start` is out, a handled exception cannot become its response any more:
    ExceptionMiddleware raises RuntimeError (Starlette's words) and the client keeps what it got."""

    async def late(scope: Any, receive: Any, send: Any) -> None:
        await PlainTextResponse("OK")(scope, receive, send)
        raise HTTPException(406)

    app = ExceptionMiddleware(late)
    with pytest.raises(
        RuntimeError, match=re.escape("Caught handled exception, but response already started.")
    ):
        TestClient(app).get("/")
    assert TestClient(app, raise_server_exceptions=False).get("/").text == "OK"


def test_the_crash_handler_is_told_even_when_the_response_has_started():
    """A 500/Exception handler may log or report the error, so ServerErrorMiddleware calls it
    for every crash; its response is only sent when nothing has been sent yet (here a background
    task fails after a 204 went out)."""
    reported = []

    def fail() -> None:
        raise RuntimeError("background task failed")

    app = MiniASGI()

    @app.route("/")
    async def home(request: Request) -> Response:
        return Response(status_code=204, background=BackgroundTask(fail))

    @app.exception_handler(Exception)
    def report(request: Request, exc: Exception) -> PlainTextResponse:
        reported.append(str(exc))
        return PlainTextResponse("never sent", status_code=500)

    response = TestClient(app, raise_server_exceptions=False).get("/")
    assert response.status_code == 204
    assert reported == ["background task failed"]
