"""Two apps with the same routes, served by uvicorn for test_m6_half_close.py.

`uvicorn --app-dir tests --factory half_close_apps:yours` (or `:starlette`). Both answer
GET /items/{name}, POST /echo (a JSON body of at most LIMIT bytes), and nothing else, so a
404, a 405, a 400 (malformed JSON) and a 413 (too large) all come from each framework's
default HTTP exception handling. They are factories so that importing this module builds
nothing: uvicorn calls the one it serves.
"""

from __future__ import annotations

import json
from typing import Any

LIMIT = 16  # bytes: small, so a too-large request still fits in the socket buffers at once


def yours() -> Any:
    """The app written with miniasgi (your copy or the reference, whichever PYTHONPATH picks)."""
    from miniasgi import MiniASGI, Request

    app = MiniASGI(max_body_size=LIMIT)

    @app.route("/items/{name}")
    async def item(request: Request, name: str) -> dict[str, str]:
        return {"name": name}

    @app.route("/echo", methods=["POST"])
    async def echo(request: Request) -> dict[str, Any]:
        return {"received": await request.json()}

    return app


def starlette() -> Any:
    """The same app written with Starlette, the oracle. Starlette has no body-size limit of its
    own, so the endpoint raises the 413 itself, through the same default handler."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def item(request: Request) -> JSONResponse:
        return JSONResponse({"name": request.path_params["name"]})

    async def echo(request: Request) -> JSONResponse:
        if int(request.headers.get("content-length", "0")) > LIMIT:
            raise HTTPException(413)
        try:
            data = json.loads(await request.body())
        except ValueError as error:
            raise HTTPException(400, f"Malformed JSON: {error}") from error
        return JSONResponse({"received": data})

    return Starlette(routes=[Route("/items/{name}", item), Route("/echo", echo, methods=["POST"])])
