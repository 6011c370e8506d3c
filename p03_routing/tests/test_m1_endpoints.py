"""Milestone 1: how a route calls its endpoint (function, sync function, ASGI app, websocket).

Look at `endpoints.py` (the adapters built once per route) and `Route.make_app`.
"""

import asyncio
import functools
import threading
from typing import Any

import pytest
from miniasgi import (
    ExceptionMiddleware,
    HTTPException,
    JSONResponse,
    PlainTextResponse,
    Request,
    WebSocket,
    WebSocketDisconnect,
)
from miniasgi.testclient import TestClient
from minirouter import Route, Router, WebSocketRoute

from .drive import call


def test_an_async_function_endpoint_gets_a_request_with_path_params() -> None:
    """`async def endpoint(request)` receives a miniasgi Request; `request.path_params` has the params."""

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
    """`functools.partial(greet, greeting="hi")` is called with a Request, like the function itself."""

    async def greet(request: Request, greeting: str) -> PlainTextResponse:
        return PlainTextResponse(greeting)

    assert call(Router([Route("/", functools.partial(greet, greeting="hi"))]), "/").text == "hi"


def test_function_endpoints_default_to_get_and_class_endpoints_to_every_method() -> None:
    """A function serves GET (and HEAD) unless told otherwise; an ASGI app gets every method."""

    async def home(request: Request) -> PlainTextResponse:
        return PlainTextResponse("home")

    class Raw:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            await PlainTextResponse(scope["method"])(scope, receive, send)

    assert Route("/", home).methods == {"GET", "HEAD"}
    assert Route("/", Raw()).methods is None
    app = Router([Route("/raw", Raw())])
    assert call(app, "/raw", "PATCH").text == "PATCH"


def test_make_app_is_the_hook_a_framework_overrides() -> None:
    """A Route subclass can change how the endpoint is called by overriding `make_app`."""

    class KeywordRoute(Route):
        def make_app(self, endpoint: Any) -> Any:
            async def app(scope: Any, receive: Any, send: Any) -> None:
                response = await endpoint(**scope["path_params"])
                await response(scope, receive, send)

            return app

    async def greet(name: str) -> PlainTextResponse:
        return PlainTextResponse(f"hi {name}")

    assert call(Router([KeywordRoute("/hi/{name}", greet)]), "/hi/ada").text == "hi ada"


def test_a_route_is_an_asgi_app_on_its_own() -> None:
    """`await route(scope, receive, send)` matches and serves, or answers 404."""

    async def home(request: Request) -> PlainTextResponse:
        return PlainTextResponse("home")

    route = Route("/", home)
    assert call(route, "/").text == "home"
    assert call(route, "/elsewhere").status == 404


def test_websocket_route_calls_the_endpoint_with_a_websocket() -> None:
    """`async def endpoint(websocket)` gets a miniasgi WebSocket with the path params."""

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(f"{websocket.path_params['room']}: {text}")
        await websocket.close()

    client = TestClient(Router([WebSocketRoute("/ws/{room}", echo)]))
    with client.websocket_connect("/ws/lobby") as ws:
        ws.send_text("hello")
        assert ws.receive_text() == "lobby: hello"


def test_http_exceptions_from_endpoints_reach_the_apps_exception_middleware() -> None:
    """The router lets an endpoint's HTTPException through, so the app's handlers answer it."""

    async def teapot(request: Request) -> PlainTextResponse:
        raise HTTPException(418, "short and stout")

    response = TestClient(ExceptionMiddleware(Router([Route("/tea", teapot)]))).get("/tea")
    assert (response.status_code, response.text) == (418, "short and stout")


def test_a_websocket_to_an_unknown_path_is_closed() -> None:
    """No WebSocketRoute matches (an HTTP Route on the path does not count): the router closes it."""

    async def page(request: Request) -> PlainTextResponse: ...

    with (
        pytest.raises(WebSocketDisconnect),
        TestClient(Router([Route("/page", page)])).websocket_connect("/page"),
    ):
        pass


def test_a_websocket_route_calls_an_asgi_endpoint_as_asgi() -> None:
    """A class-instance endpoint on a WebSocketRoute gets (scope, receive, send) unchanged."""

    class Accepting:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            await receive()
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.send", "text": scope["path_params"]["room"]})
            await send({"type": "websocket.close", "code": 1000})

    with TestClient(Router([WebSocketRoute("/ws/{room}", Accepting())])).websocket_connect("/ws/den") as ws:
        assert ws.receive_text() == "den"


def test_websocket_and_http_routes_do_not_match_each_other() -> None:
    """An HTTP request never reaches a WebSocketRoute, even on the same path."""

    async def echo(websocket: WebSocket) -> None: ...

    assert call(Router([WebSocketRoute("/ws", echo)]), "/ws").status == 404


def test_websocket_url_path_for() -> None:
    """WebSocket routes have names too, and url_path_for marks them as websocket paths."""

    async def chat(websocket: WebSocket) -> None: ...

    url = Router([WebSocketRoute("/ws/{room}", chat)]).url_path_for("chat", room="lobby")
    assert (url, url.protocol) == ("/ws/lobby", "websocket")


def test_routes_have_a_readable_repr() -> None:
    """`repr(route)` shows what a route is when you print a route table while debugging."""

    async def home(request: Request) -> PlainTextResponse: ...

    async def chat(websocket: WebSocket) -> None: ...

    assert repr(Route("/", home)) == "Route(path='/', name='home', methods=['GET', 'HEAD'])"
    assert repr(WebSocketRoute("/ws", chat)) == "WebSocketRoute(path='/ws', name='chat')"
    with pytest.raises(ValueError, match="/"):
        WebSocketRoute("ws", chat)


def test_router_answers_the_lifespan_protocol() -> None:
    """Served alone by uvicorn, a router must complete startup and shutdown politely."""
    inbox = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(Router()({"type": "lifespan"}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
