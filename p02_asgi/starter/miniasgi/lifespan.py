"""The ASGI lifespan protocol: startup and shutdown, as a conversation with the server.

Before accepting connections the server opens a `lifespan` scope and sends
`lifespan.startup`; we run the app's startup code and answer `...startup.complete` (or
`...startup.failed` with a message, and the server refuses to start). At exit it sends
`lifespan.shutdown` and we answer the same way. Writing startup/shutdown as one async context
manager keeps the two halves together: whatever is opened before `yield` is closed after it.

A lifespan may yield a dict. It is copied into `scope["state"]`, the lifespan state the server
shares with every request (the ASGI "lifespan state" extension): that is how a connection
pool opened at startup reaches `request.state.pool`.
"""

from __future__ import annotations

import inspect
import traceback
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from miniasgi.types import Receive, Scope, Send

LifespanFactory = Callable[[Any], AbstractAsyncContextManager[Mapping[str, Any] | None]]


@asynccontextmanager
async def no_lifespan(app: Any) -> AsyncIterator[None]:
    """The lifespan of an app with nothing to set up."""
    yield None


def check_lifespan(lifespan: Any) -> None:
    """Refuse a generator function given as a lifespan, when the app is built.

    A lifespan is a function returning an async context manager (`@asynccontextmanager` on an
    `async def` with one `yield`). Without the decorator the function is a bare generator, and
    would only fail at startup, inside the server, with a puzzling message. (Starlette still
    accepts generator functions, with a deprecation warning.)
    """
    if inspect.isasyncgenfunction(lifespan) or inspect.isgeneratorfunction(lifespan):
        raise TypeError(
            f"lifespan={getattr(lifespan, '__qualname__', lifespan)} is a generator function: "
            "decorate it with @contextlib.asynccontextmanager."
        )


async def run_lifespan(factory: LifespanFactory, scope: Scope, receive: Receive, send: Send) -> None:
    """Speak the lifespan protocol around the context manager `factory(app)`."""
    raise NotImplementedError(
        "Milestone 7: answer the server's lifespan messages: on lifespan.startup enter "
        "factory(app), copy the state it yields into scope['state'] and answer startup.complete; on "
        "lifespan.shutdown leave it and answer shutdown.complete; a failure is answered with "
        "*.failed (the traceback as message) and re-raised. Yielded state with no "
        "scope['state'] is a RuntimeError saying the server does not support \"state\" in the "
        "lifespan scope."
    )
