"""`MiniASGI`: the application object, and the one place its middleware stack is built.

The stack, outermost first, built once on the first call:

    ServerErrorMiddleware      unexpected exception -> 500 (traceback only with debug=True)
      -> user middleware...    app.add_middleware(...); the last one added runs first
        -> ExceptionMiddleware HTTPException and registered handlers -> responses
          -> Router            path + method -> your handler (404 / 405 otherwise)

"Where did my error go?" always has an answer: follow the exception outwards through this list.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from miniasgi.concurrency import is_async_callable
from miniasgi.datastructures import State
from miniasgi.lifespan import LifespanFactory
from miniasgi.middleware import ExceptionMiddleware, Middleware, ServerErrorMiddleware
from miniasgi.middleware.exceptions import ExceptionHandler, HandlerKey
from miniasgi.requests import DEFAULT_MAX_BODY_SIZE
from miniasgi.routing import Route, Router, WebSocketRoute
from miniasgi.types import ASGIApp, Receive, Scope, Send

F = TypeVar("F", bound=Callable[..., Any])


class MiniASGI:
    """A small ASGI framework: decorators to register routes, hooks and handlers."""

    def __init__(
        self,
        debug: bool = False,
        lifespan: LifespanFactory | None = None,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self.debug = debug
        self.max_body_size = max_body_size
        self.state = State()
        self.router = Router(lifespan=self._lifespan)
        self.user_lifespan = lifespan
        self.startup_hooks: list[Callable[[], Any]] = []
        self.shutdown_hooks: list[Callable[[], Any]] = []
        self.user_middleware: list[Middleware] = []
        self.exception_handlers: dict[HandlerKey, ExceptionHandler] = {}
        self.middleware_stack: ASGIApp | None = None

    # -- registration (runs once, at import time) ------------------------------------------

    def route(self, path: str, methods: Collection[str] | None = None) -> Callable[[F], F]:
        """`@app.route("/hello/{name}")` over `async def hello(request, name): ...`."""

        raise NotImplementedError(
            "Milestone 2: return a decorator that registers the handler as a Route for this path "
            "and these methods (with this app's max_body_size) and gives the handler back "
            "unchanged."
        )

    def websocket(self, path: str) -> Callable[[F], F]:
        """`@app.websocket("/ws/{room}")` over `async def chat(websocket, room): ...`."""

        raise NotImplementedError(
            "Milestone 8: return a decorator that registers the handler as a WebSocketRoute for "
            "this path and gives the handler back unchanged."
        )

    def on_startup(self, func: F) -> F:
        self.startup_hooks.append(func)
        return func

    def on_shutdown(self, func: F) -> F:
        self.shutdown_hooks.append(func)
        return func

    def exception_handler(self, key: HandlerKey) -> Callable[[F], F]:
        """`@app.exception_handler(404)` or `@app.exception_handler(ValueError)`.

        500 and `Exception` handlers belong to ServerErrorMiddleware (they answer crashes);
        every other key goes to ExceptionMiddleware.
        """

        raise NotImplementedError(
            "Milestone 3: return a decorator that remembers the handler for this status code or "
            "exception class (refused once the app has started) and gives it back unchanged."
        )

    def add_middleware(self, cls: Any, **options: Any) -> None:
        """Wrap the app in `cls(app, **options)`; the most recently added runs outermost."""
        raise NotImplementedError(
            "Milestone 3: remember cls(app, **options) as one more layer of the stack, the last "
            "added outermost; refused once the app has started."
        )

    def _before_start(self, action: str) -> None:
        if self.middleware_stack is not None:
            raise RuntimeError(f"Cannot {action} after the application has started handling requests.")

    # -- the stack (built once) ------------------------------------------------------------

    def build_middleware_stack(self) -> ASGIApp:
        raise NotImplementedError(
            "Return the ASGI app that handles every connection. Milestone 2: the router. Milestone "
            "3: the router inside ExceptionMiddleware, inside your middleware, inside "
            "ServerErrorMiddleware."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 2: handle one connection: put this app in scope['app'], build the middleware "
            "stack on the first call only, and pass the connection to it."
        )

    # -- lifespan ---------------------------------------------------------------------------

    @asynccontextmanager
    async def _lifespan(self, app: Any) -> AsyncIterator[Mapping[str, Any] | None]:
        """Startup hooks, then the user's lifespan (if any), then shutdown hooks."""
        raise NotImplementedError(
            "Milestone 7: run the startup hooks, then the user's lifespan around the `yield` "
            "(yielding what it yields), then the shutdown hooks."
        )


async def _call_hook(hook: Callable[[], Any]) -> None:
    """Hooks run before any request is served, so a sync hook may simply run inline."""
    if is_async_callable(hook):
        await hook()
    else:
        hook()
