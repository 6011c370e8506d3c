"""Milestone 13: the router inside an application, as Starlette's app holds its router.

`minirouter.App` is miniasgi's `MiniASGI` with `router_class = Router`: the application builds
its stack (ServerErrorMiddleware -> middleware -> ExceptionMiddleware -> router) around this
router, gives it its lifespan, and the routes take Starlette's `middleware=`. Look at
`applications.App`, the `middleware=` and `lifespan=` of `Route`, `Mount` and `Router`, and
miniasgi's `MiniASGI.router_class`. Then Starlette's own tests (test_m13_starlette_suite.py)
run on this App.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from miniasgi import HTTPException, JSONResponse, Middleware, MiniASGI, PlainTextResponse, Request
from miniasgi.testclient import TestClient
from minirouter import App, Host, Mount, Route, Router


class Tag:
    """A pure ASGI middleware that adds `x-tag: <name>` to every response it lets through."""

    def __init__(self, app: Any, name: str) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def tagged(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-tag", self.name.encode())]
            await send(message)

        await self.app(scope, receive, tagged)


async def home(request: Request) -> PlainTextResponse:
    return PlainTextResponse("home")


async def user(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"user {request.path_params['name']}")


async def forbidden(request: Request) -> PlainTextResponse:
    raise HTTPException(403, "auth")


def test_app_is_miniasgi_with_this_router_plugged_in() -> None:
    """`App` subclasses MiniASGI and sets `router_class = Router`: `App(routes=[...])` builds a
    minirouter Router, so Mount, Host, converters and url_path_for through mounts all work in an
    application, behind miniasgi's error stack (a miss is a 404 the app's handlers answer)."""

    async def not_found(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=404)

    app = App(
        routes=[
            Route("/", home),
            Mount("/users", name="users", routes=[Route("/{name}", user, name="user")]),
            Host("{sub}.example.org", app=Router([Route("/", home)])),
        ],
        exception_handlers={404: not_found},
    )
    assert issubclass(App, MiniASGI)
    assert isinstance(app.router, Router), f"got {type(app.router).__name__}"
    client = TestClient(app)
    assert client.get("/users/ada").text == "user ada"
    assert client.get("/", headers={"host": "acme.example.org"}).text == "home"
    assert client.get("/nowhere").json() == {"detail": "Not Found"}
    assert app.url_path_for("users:user", name="ada") == "/users/ada"


def test_the_router_class_is_the_seam_a_framework_uses() -> None:
    """Any router can be plugged in the same way: a subclass of MiniASGI that names its own
    `router_class` gets it, built with the routes and the app's lifespan. FastAPI brings its
    APIRouter to Starlette like this; p07 brings its own router to App."""

    class CountingRouter(Router):
        served = 0

        async def dispatch(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                type(self).served += 1
            await super().dispatch(scope, receive, send)

    class CountingApp(MiniASGI):
        router_class = CountingRouter

    app = CountingApp(routes=[Route("/", home)])
    with TestClient(app) as client:
        assert client.get("/").text == "home"
    assert CountingRouter.served == 1


def test_middleware_can_wrap_one_route_or_a_whole_router() -> None:
    """`Route(..., middleware=[...])` wraps that route's app only; `Router(..., middleware=[...])`
    wraps the whole router (lifespan included), as Starlette's do."""
    router = Router(
        [Route("/tagged", home, middleware=[Middleware(Tag, "route")]), Route("/plain", home)],
        middleware=[Middleware(Tag, "router")],
    )
    client = TestClient(router)
    assert client.get("/tagged").headers.get_list("x-tag") == ["route", "router"]
    assert client.get("/plain").headers.get_list("x-tag") == ["router"]


def test_a_mounts_middleware_sees_the_error_answered_inside_it() -> None:
    """An HTTPException from an endpoint is answered where it was raised (the route's adapter
    uses the app's handlers), so middleware on the Mount around it sees a 403 response, not an
    exception flying past it. The app's own middleware sees it too."""
    app = App(
        routes=[
            Mount("/mount", routes=[Route("/err", forbidden)], middleware=[Middleware(Tag, "mounted")]),
            Route("/err", forbidden),
        ],
        middleware=[Middleware(Tag, "outer")],
    )
    client = TestClient(app)
    inside = client.get("/mount/err")
    assert (inside.status_code, inside.text) == (403, "auth")
    assert inside.headers.get_list("x-tag") == ["mounted", "outer"]
    assert client.get("/err").headers.get_list("x-tag") == ["outer"]


def test_the_apps_lifespan_runs_in_its_router() -> None:
    """App(lifespan=...) hands the lifespan to the router (`router_class(routes, lifespan=...)`),
    which runs it with miniasgi's `run_lifespan`; its state reaches `request.state`."""

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
        yield {"greeting": "hello"}

    async def greet(request: Request) -> PlainTextResponse:
        return PlainTextResponse(request.state.greeting)

    with TestClient(App(routes=[Route("/", greet)], lifespan=lifespan)) as client:
        assert client.get("/").text == "hello"


def test_routes_compare_by_what_they_serve() -> None:
    """Two routes built alike are equal (path, endpoint, methods; a Mount's path and app; a
    router's routes), so `app.routes == [...]` reads as the table you wrote, as in Starlette."""
    app = App(routes=[Route("/", home), Mount("/users", routes=[Route("/{name}", user)])])
    assert app.routes == [Route("/", home), Mount("/users", routes=[Route("/{name}", user)])]
    assert Route("/", home) != Route("/", home, methods=["POST"])
