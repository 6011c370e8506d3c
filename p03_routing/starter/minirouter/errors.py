"""What the router answers when nothing fits: 404 and 405 (and, from miniasgi, NoMatchFound).

Inside a framework (an app that puts itself in `scope["app"]`, as miniasgi's and Starlette's
do) the router raises HTTPException so the framework's exception handlers shape the answer.
A bare router answers in plain text.
"""

from collections.abc import Collection

from miniasgi import HTTPException, PlainTextResponse
from miniasgi.routing import NoMatchFound
from miniasgi.types import Receive, Scope, Send

__all__ = ["NoMatchFound", "method_not_allowed", "not_found"]


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
