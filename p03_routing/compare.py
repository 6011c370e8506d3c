"""Scenarios for `nox -s compare -- p03`: one route table, built with minirouter or Starlette.

The table is the lesson's example plus the cases where routers differ in interesting ways:
`/items/featured` registered AFTER `/items/{slug}` (priority), a wrong method (405 and Allow), a
trailing slash (the redirect and its Location), and a Mount that echoes root_path and path.
Expected differences, by design (see the README): `/items/featured` reaches the static route
in minirouter and `{slug}` in Starlette; minirouter's redirect Location is relative and its
Allow header sorted.
"""

from types import SimpleNamespace
from typing import Any

from coursekit.observe import Call, asgi_observe

SCENARIOS = {
    "int param": Call("GET", "/users/42"),
    "int param rejects text": Call("GET", "/users/abc"),
    "static beside int param (no overlap)": Call("GET", "/users/me"),
    "static after str param (priority)": Call("GET", "/items/featured"),
    "path param": Call("GET", "/files/images/2024/photo.jpg"),
    "mount": Call("GET", "/api/v1/users"),
    "mount root_path and path": Call("GET", "/echo/some/where"),
    "not found": Call("GET", "/nowhere"),
    "wrong method (405)": Call("DELETE", "/users/42"),
    "trailing slash redirect": Call("GET", "/api/v1/users/?page=2"),
    "url_path_for": Call("GET", "/links"),
}


def _library(impl: str) -> SimpleNamespace:
    """The four names the table needs, from minirouter (+ miniasgi) or from Starlette."""
    if impl == "mini":
        from miniasgi import PlainTextResponse
        from minirouter import Mount, Route, Router
    else:
        from starlette.responses import PlainTextResponse
        from starlette.routing import Mount, Route, Router
    return SimpleNamespace(Route=Route, Mount=Mount, Router=Router, PlainTextResponse=PlainTextResponse)


def build(impl: str) -> Any:
    lib = _library(impl)
    text = lib.PlainTextResponse

    async def user(request: Any) -> Any:
        return text(
            f"User {request.path_params['user_id']} ({type(request.path_params['user_id']).__name__})"
        )

    async def me(request: Any) -> Any:
        return text("The current user")

    async def item(request: Any) -> Any:
        return text(f"Item {request.path_params['slug']}")

    async def featured(request: Any) -> Any:
        return text("Featured items")

    async def file(request: Any) -> Any:
        return text(f"File: {request.path_params['file_path']}")

    async def users(request: Any) -> Any:
        return text(f"[{request.path_params['version']} user list]")

    async def echo(scope: Any, receive: Any, send: Any) -> None:
        await text(f"root_path={scope['root_path']} path={scope['path']}")(scope, receive, send)

    async def links(request: Any) -> Any:
        router = request.scope["router"]
        return text(
            " ".join([router.url_path_for("user", user_id=7), router.url_path_for("api:users", version="v2")])
        )

    return lib.Router(
        [
            lib.Route("/users/{user_id:int}", user, name="user"),
            lib.Route("/users/me", me),
            lib.Route("/items/{slug}", item),
            lib.Route("/items/featured", featured),
            lib.Route("/files/{file_path:path}", file),
            lib.Mount("/api/{version}", name="api", routes=[lib.Route("/users", users, name="users")]),
            lib.Mount("/echo", app=echo),
            lib.Route("/links", links),
        ]
    )


def observe(impl: str) -> dict[str, object]:
    """Status, interesting headers and body of every scenario, for "mini" or "real"."""
    return asgi_observe(build(impl), SCENARIOS)
