"""What the router answers when nothing fits: 404, 405 and the url_path_for error.

Inside a framework (an app that puts itself in `scope["app"]`, as miniasgi's and Starlette's
do) the router raises HTTPException so the framework's exception handlers shape the answer,
the way FastAPI turns a missing route into `{"detail": "Not Found"}`. A bare router, served
on its own, answers in plain text.
"""

from collections.abc import Collection, Mapping
from typing import Any

from miniasgi import HTTPException, PlainTextResponse
from miniasgi.types import Receive, Scope, Send


class NoMatchFound(Exception):
    """`url_path_for` found no route with this name that takes exactly these params."""

    def __init__(self, name: str, params: Mapping[str, Any]) -> None:
        self.name = name
        self.params = dict(params)
        given = ", ".join(sorted(params)) or "no params"
        super().__init__(f"no route named {name!r} takes exactly these params: {given}")


async def not_found(scope: Scope, receive: Receive, send: Send) -> None:
    """The default app of a router: 404 for HTTP, a polite close for a websocket."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1000, "reason": ""})
        return
    if "app" in scope:
        raise HTTPException(status_code=404)
    await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)


async def method_not_allowed(scope: Scope, receive: Receive, send: Send, allowed: Collection[str]) -> None:
    """405 with the `Allow` header HTTP requires, listing the methods that would work."""
    headers = {"Allow": ", ".join(sorted(allowed))}
    if "app" in scope:
        raise HTTPException(status_code=405, headers=headers)
    await PlainTextResponse("Method Not Allowed", status_code=405, headers=headers)(scope, receive, send)
