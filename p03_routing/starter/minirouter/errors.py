"""What the router answers when nothing fits: 404, 405 and the url_path_for error.

Inside a framework (p07 puts the app in `scope["app"]`) the router raises HTTPException so
the framework's exception handlers shape the answer. A bare router answers in plain text.
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
    raise NotImplementedError(
        "websocket: send websocket.close (code 1000); http: raise HTTPException(404) if 'app' "
        "is in the scope, else answer PlainTextResponse('Not Found', status_code=404)."
    )


async def method_not_allowed(scope: Scope, receive: Receive, send: Send, allowed: Collection[str]) -> None:
    """405 with the `Allow` header HTTP requires, listing the methods that would work."""
    raise NotImplementedError(
        "Allow = the sorted methods joined by ', '; raise HTTPException(405, headers=...) if 'app' "
        "is in the scope, else answer PlainTextResponse('Method Not Allowed', 405, headers=...)."
    )
