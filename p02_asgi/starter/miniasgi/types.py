"""The ASGI protocol, named once.

Every other module speaks in these names. An ASGI application is nothing more than an async
callable taking a connection `scope` and two channels: `receive` (messages from the client)
and `send` (messages to the client). Middleware, routers, responses and whole applications are
all `ASGIApp`s, which is why they compose by simple wrapping.
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]

Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

__all__ = ["ASGIApp", "Message", "Receive", "Scope", "Send"]
