"""Milestone 4: a route runs only the steps it needs, and answers exactly as before.

`make_app` decides once which per-request steps a route needs: an endpoint without
parameters reads nothing, one without dependencies is called without a graph, a graph
without `yield` runs without an exit stack. These tests serve one route of each shape, and
one with a `yield` dependency, under FastAPI and under your APIRoute, and compare the
answers and the order of events: a `yield` dependency is still torn down after the
response has been sent.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import pytest
from miniasgi.testclient import TestClient
from miniopenapi import APIRoute

from .openapi_corpus import fastapi_namespace, mini_namespace


def lean_routes(ns: Any, request_type: type, log: list[str]) -> list[tuple[str, Any]]:
    """(path, endpoint) pairs, the same declarations for both frameworks."""

    async def hello() -> dict[str, str]:
        log.append("hello")
        return {"hello": "world"}

    async def where(request: request_type) -> dict[str, str]:  # type: ignore[valid-type]
        return {"path": request.url.path}  # type: ignore[attr-defined]

    async def get_settings() -> dict[str, int]:
        return {"limit": 3}

    async def limited(
        n: int, settings: Annotated[dict[str, int], ns.Depends(get_settings)]
    ) -> dict[str, int]:
        return {"n": min(n, settings["limit"])}

    async def get_session() -> AsyncIterator[str]:
        log.append("session opened")
        yield "session"
        log.append("session closed")

    async def with_session(session: Annotated[str, ns.Depends(get_session)]) -> dict[str, str]:
        log.append("endpoint")
        return {"session": session}

    return [("/hello", hello), ("/where", where), ("/limited", limited), ("/session", with_session)]


def recording(app: Any, log: list[str]) -> Any:
    """The app, with the moment its response has been sent written in the log."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        async def record(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                log.append("response sent")

        await app(scope, receive, record)

    return wrapped


@pytest.mark.parametrize(
    "url", ["/hello", "/where", "/limited?n=5", "/limited?n=x", "/session"], ids=lambda url: url
)
def test_each_shape_of_route_answers_as_fastapi(url: str) -> None:
    """No parameters, only the `Request`, a dependency without `yield`, a `yield` dependency:
    the same status, the same JSON, and the same events in the same order as under FastAPI
    (the session is closed after the response has been sent). If this fails, compare the
    steps your handler skips with what the route needs."""
    import fastapi
    from miniasgi import ExceptionMiddleware, Request
    from miniopenapi import EXCEPTION_HANDLERS
    from minirouter import Router

    outcomes = []
    for framework in ("fastapi", "mini"):
        log: list[str] = []
        if framework == "fastapi":
            app = fastapi.FastAPI()
            for path, endpoint in lean_routes(fastapi_namespace(), fastapi.Request, log):
                app.add_api_route(path, endpoint)
            client = TestClient(recording(app, log))
        else:
            routes = [
                APIRoute(path, endpoint) for path, endpoint in lean_routes(mini_namespace(), Request, log)
            ]
            client = TestClient(recording(ExceptionMiddleware(Router(routes), EXCEPTION_HANDLERS), log))
        response = client.get(url)
        outcomes.append((response.status_code, response.json(), log))
    expected, got = outcomes
    assert got == expected, f"expected {expected}, got {got}"
