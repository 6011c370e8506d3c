"""What the router answers when nothing fits: 404 and 405 (and, from miniasgi, NoMatchFound).

Inside a framework (an app that puts itself in `scope["app"]`, as miniasgi's and Starlette's
do) the router raises HTTPException so the framework's exception handlers shape the answer,
the way FastAPI turns a missing route into `{"detail": "Not Found"}`. A bare router, served
on its own, answers in plain text.
"""

from collections.abc import Collection

from miniasgi import HTTPException, PlainTextResponse
from miniasgi.routing import NoMatchFound
from miniasgi.types import Receive, Scope, Send

__all__ = ["NoMatchFound", "method_not_allowed", "not_found"]


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
