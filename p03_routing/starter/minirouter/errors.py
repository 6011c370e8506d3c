"""What the router answers when nothing fits: 404, 405 and the url_path_for error.

Inside a framework (an app that puts itself in `scope["app"]`, as miniasgi's and Starlette's
do) the router raises HTTPException so the framework's exception handlers shape the answer.
A bare router answers in plain text.
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
    """The default app of a router: 404 for HTTP (milestone 3), a close for a websocket (milestone 5)."""
    raise NotImplementedError(
        "Answer 404 'Not Found' in plain text, or raise HTTPException(404) when a framework app is "
        "in scope['app']; close a websocket connection instead (code 1000)."
    )


async def method_not_allowed(scope: Scope, receive: Receive, send: Send, allowed: Collection[str]) -> None:
    """405 with the `Allow` header HTTP requires, listing the methods that would work (milestone 3)."""
    raise NotImplementedError(
        "Answer 405 'Method Not Allowed' in plain text with an Allow header naming the allowed "
        "methods (sorted, ', '-separated), or raise HTTPException(405) with that header when a "
        "framework app is in scope['app']."
    )
