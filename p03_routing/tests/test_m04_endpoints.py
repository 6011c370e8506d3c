"""Milestone 4: a function endpoint gets a Request and returns a Response.

Look at `endpoints.request_response` (the adapter, built once per route) and `Route.make_app`.
"""

import functools
import threading
from typing import Any

import pytest
from miniasgi import ExceptionMiddleware, HTTPException, JSONResponse, PlainTextResponse, Request
from miniasgi.testclient import TestClient
from minirouter import Route, Router

from .drive import call


def test_an_async_function_endpoint_gets_a_request_with_path_params() -> None:
    """`async def endpoint(request)` receives a miniasgi Request; `request.path_params` has the
    params; the Response it returns is what the client gets."""

    async def user(request: Request) -> PlainTextResponse:
        return PlainTextResponse(f"User {request.path_params['name']}")

    client = TestClient(Router([Route("/users/{name}", user)]))
    response = client.get("/users/ada")
    assert (response.status_code, response.text) == (200, "User ada")


def test_a_sync_function_endpoint_runs_in_a_worker_thread() -> None:
    """A plain `def endpoint(request)` must not block the event loop: it runs in a thread."""
    threads: list[str] = []

    def where(request: Request) -> JSONResponse:
        threads.append(threading.current_thread().name)
        return JSONResponse({"ok": True})

    response = TestClient(Router([Route("/", where)])).get("/")
    assert response.json() == {"ok": True}
    assert len(threads) == 1
    assert threads[0] != threading.main_thread().name, "a sync endpoint ran on the event loop's thread"


def test_a_partial_of_a_function_is_still_a_function_endpoint() -> None:
    """`functools.partial(greet, greeting="hi")` is called with a Request, like the function itself,
    and awaited if the function is async."""

    async def greet(request: Request, greeting: str) -> PlainTextResponse:
        return PlainTextResponse(greeting)

    def shout(request: Request, greeting: str) -> PlainTextResponse:
        return PlainTextResponse(greeting.upper())

    assert call(Router([Route("/", functools.partial(greet, greeting="hi"))]), "/").text == "hi"
    assert call(Router([Route("/", functools.partial(shout, greeting="hi"))]), "/").text == "HI"


def test_make_app_is_the_hook_a_framework_overrides() -> None:
    """A Route subclass can change how the endpoint is called by overriding `make_app`, which
    `Route.__init__` calls once; `handle` then calls what it returned."""

    class KeywordRoute(Route):
        def make_app(self, endpoint: Any) -> Any:
            async def app(scope: Any, receive: Any, send: Any) -> None:
                response = await endpoint(**scope["path_params"])
                await response(scope, receive, send)

            return app

    async def greet(name: str) -> PlainTextResponse:
        return PlainTextResponse(f"hi {name}")

    assert call(Router([KeywordRoute("/hi/{name}", greet)]), "/hi/ada").text == "hi ada"


def test_http_exceptions_from_endpoints_reach_the_apps_exception_middleware() -> None:
    """The router lets an endpoint's HTTPException through, so the app's handlers answer it."""

    async def teapot(request: Request) -> PlainTextResponse:
        raise HTTPException(418, "short and stout")

    response = TestClient(ExceptionMiddleware(Router([Route("/tea", teapot)]))).get("/tea")
    assert (response.status_code, response.text) == (418, "short and stout")


def test_an_endpoints_exception_is_answered_at_the_route_with_its_own_request() -> None:
    """An exception from a function endpoint is answered right where it was raised, by the
    handler the app registered (miniasgi's `handle_exception` finds the handlers the app's
    ExceptionMiddleware left in the scope), and the handler gets the endpoint's own Request:
    here it can still read the body the endpoint consumed. Without an ExceptionMiddleware
    around, the exception simply travels on."""

    class BadBody(HTTPException):
        pass

    async def consume(request: Request) -> PlainTextResponse:
        await request.body()
        raise BadBody(422)

    async def on_bad_body(request: Request, exc: BadBody) -> PlainTextResponse:
        return PlainTextResponse(f"bad: {(await request.body()).decode()}", status_code=422)

    router = Router([Route("/", consume, methods=["POST"])])
    client = TestClient(ExceptionMiddleware(router, handlers={BadBody: on_bad_body}))
    response = client.post("/", content=b"hello")
    assert (response.status_code, response.text) == (422, "bad: hello")
    with pytest.raises(BadBody):
        TestClient(router).post("/", content=b"hello")
