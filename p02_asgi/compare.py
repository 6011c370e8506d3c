"""Scenarios for `nox -s compare -- p02`: the same small app in miniasgi and in Starlette.

`observe("mini")` builds it with whichever miniasgi PYTHONPATH selects (learner or reference),
`observe("real")` with Starlette; both are driven in-process by their own TestClient and the
results are compared per scenario. Known, deliberate difference: malformed JSON is a 400 in
miniasgi, while Starlette lets `json.JSONDecodeError` escape as a 500.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

INTERESTING_HEADERS = ("content-type", "content-length", "allow", "set-cookie", "location")

SCENARIOS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("hello", "GET", "/hello/Ada", {}),
    ("head", "HEAD", "/hello/Ada", {}),
    ("not found", "GET", "/missing", {}),
    ("wrong method", "DELETE", "/hello/Ada", {}),
    ("query multi-values", "GET", "/query?tag=a&tag=b&x=1", {}),
    ("json echo", "POST", "/echo", {"json": {"n": [1, 2, 3]}}),
    ("malformed json", "POST", "/echo", {"content": b'{"n": '}),
    ("form", "POST", "/form", {"data": {"name": "Ada", "lang": "en"}}),
    ("cookie", "GET", "/cookie", {"headers": {"cookie": "theme=dark; sid=1"}}),
    ("stream", "GET", "/stream", {}),
    ("redirect", "GET", "/old", {"follow_redirects": False}),
]


async def _chunks() -> AsyncIterator[str]:
    for word in ("streamed ", "in ", "pieces"):
        yield word


def _build_mini() -> tuple[Any, Any]:
    from miniasgi import (
        JSONResponse,
        MiniASGI,
        PlainTextResponse,
        RedirectResponse,
        Request,
        StreamingResponse,
    )
    from miniasgi.testclient import TestClient

    app = MiniASGI()

    @app.route("/hello/{name}")
    async def hello(request: Request, name: str) -> JSONResponse:
        return JSONResponse({"hello": name})

    @app.route("/query")
    async def query(request: Request) -> JSONResponse:
        return JSONResponse({key: request.query_params.getlist(key) for key in request.query_params})

    @app.route("/echo", methods=["POST"])
    async def echo(request: Request) -> JSONResponse:
        return JSONResponse({"received": await request.json()})

    @app.route("/form", methods=["POST"])
    async def form(request: Request) -> JSONResponse:
        return JSONResponse(dict(await request.form()))

    @app.route("/cookie")
    async def cookie(request: Request) -> PlainTextResponse:
        response = PlainTextResponse(f"theme={request.cookies.get('theme')}")
        response.set_cookie("seen", "yes", max_age=60, httponly=True)
        return response

    @app.route("/stream")
    async def stream(request: Request) -> StreamingResponse:
        return StreamingResponse(_chunks(), media_type="text/plain")

    @app.route("/old")
    async def old(request: Request) -> RedirectResponse:
        return RedirectResponse("/hello/again")

    return app, TestClient(app, raise_server_exceptions=False)


def _build_real() -> tuple[Any, Any]:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, StreamingResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    async def hello(request: Request) -> JSONResponse:
        return JSONResponse({"hello": request.path_params["name"]})

    async def query(request: Request) -> JSONResponse:
        return JSONResponse({key: request.query_params.getlist(key) for key in request.query_params})

    async def echo(request: Request) -> JSONResponse:
        return JSONResponse({"received": await request.json()})

    async def form(request: Request) -> JSONResponse:
        return JSONResponse(dict(await request.form()))

    async def cookie(request: Request) -> PlainTextResponse:
        response = PlainTextResponse(f"theme={request.cookies.get('theme')}")
        response.set_cookie("seen", "yes", max_age=60, httponly=True)
        return response

    async def stream(request: Request) -> StreamingResponse:
        return StreamingResponse(_chunks(), media_type="text/plain")

    async def old(request: Request) -> RedirectResponse:
        return RedirectResponse("/hello/again")

    app = Starlette(
        routes=[
            Route("/hello/{name}", hello),
            Route("/query", query),
            Route("/echo", echo, methods=["POST"]),
            Route("/form", form, methods=["POST"]),
            Route("/cookie", cookie),
            Route("/stream", stream),
            Route("/old", old),
        ]
    )
    return app, TestClient(app, raise_server_exceptions=False)


def observe(impl: str) -> dict[str, object]:
    """Run every scenario against impl "mini" (miniasgi) or "real" (Starlette)."""
    _, client = _build_mini() if impl == "mini" else _build_real()
    observations: dict[str, object] = {}
    with client:
        for name, method, path, options in SCENARIOS:
            response = client.request(method, path, **options)
            observations[name] = {
                "status": response.status_code,
                "headers": {h: response.headers.get(h) for h in INTERESTING_HEADERS if h in response.headers},
                "body": response.text,
            }
    return observations


if __name__ == "__main__":
    import json

    mini, real = observe("mini"), observe("real")
    for scenario in mini:
        mark = "same" if mini[scenario] == real[scenario] else "DIFFERENT"
        print(f"{mark:>9}  {scenario}")
        if mark != "same":
            print("   mini:", json.dumps(mini[scenario]))
            print("   real:", json.dumps(real[scenario]))
