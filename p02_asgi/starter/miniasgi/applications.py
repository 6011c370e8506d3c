"""`MiniASGI`: the application object, and the one place its middleware stack is built.

It takes Starlette's constructor: everything an app is made of can be given up front,

    MiniASGI(debug=False, routes=[...], middleware=[Middleware(Cls, ...)],
             exception_handlers={404: ..., ValueError: ...}, lifespan=...)

and the stack is built from it once, on the first call, outermost first:

    ServerErrorMiddleware      unexpected exception -> 500 (traceback only with debug=True)
      -> user middleware...    middleware=[...] in order, then add_middleware (outermost)
        -> ExceptionMiddleware HTTPException and registered handlers -> responses
          -> self.router       path + method -> your handler (404 / 405 otherwise)

"Where did my error go?" always has an answer: follow the exception outwards through this list.

The router is built by `router_class`, a class attribute: that is the seam a framework on
top uses to bring its own router, as FastAPI's application brings its APIRouter to
Starlette's. p03's `minirouter.App` is `MiniASGI` with `router_class = minirouter.Router`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, ClassVar, TypeVar

from miniasgi.concurrency import is_async_callable
from miniasgi.datastructures import State
from miniasgi.lifespan import LifespanFactory, check_lifespan
from miniasgi.middleware import ExceptionMiddleware, Middleware, ServerErrorMiddleware, apply_middleware
from miniasgi.middleware.exceptions import ExceptionHandler, HandlerKey
from miniasgi.requests import DEFAULT_MAX_BODY_SIZE
from miniasgi.routing import AppRouter, BaseRoute, Route, Router, URLPath, WebSocketRoute
from miniasgi.types import ASGIApp, Receive, Scope, Send

F = TypeVar("F", bound=Callable[..., Any])


class MiniASGI:
    """A small ASGI framework: Starlette's constructor, plus decorators for routes and hooks."""

    router_class: ClassVar[Callable[..., AppRouter]] = Router

    def __init__(
        self,
        debug: bool = False,
        routes: Sequence[BaseRoute] | None = None,
        middleware: Sequence[Middleware] | None = None,
        exception_handlers: Mapping[HandlerKey, ExceptionHandler] | None = None,
        lifespan: LifespanFactory | None = None,
        *,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        check_lifespan(lifespan)
        self.debug = debug
        self.max_body_size = max_body_size
        self.state = State()
        self.user_lifespan = lifespan
        self.startup_hooks: list[Callable[[], Any]] = []
        self.shutdown_hooks: list[Callable[[], Any]] = []
        self.router = self.router_class(routes=routes, lifespan=self._lifespan)
        self.exception_handlers: dict[HandlerKey, ExceptionHandler] = dict(exception_handlers or {})
        self.user_middleware: list[Middleware] = list(middleware or [])
        self.middleware_stack: ASGIApp | None = None

    # -- the stack (built once) ------------------------------------------------------------

    def build_middleware_stack(self) -> ASGIApp:
        raise NotImplementedError(
            "Return the ASGI app that handles every connection. Milestone 2: the router. Milestone "
            "3: the router inside ExceptionMiddleware (the handlers except 500/Exception), inside "
            "the user middleware (self.user_middleware in order, the first outermost), inside "
            "ServerErrorMiddleware (the 500/Exception handler, debug): apply_middleware builds it "
            "from a list of Middleware."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 2: handle one connection: put this app in scope['app'], build the middleware "
            "stack on the first call only, and pass the connection to it."
        )

    def _before_start(self, action: str) -> None:
        if self.middleware_stack is not None:
            raise RuntimeError(f"Cannot {action} after the application has started handling requests.")

    def add_middleware(self, cls: Any, *args: Any, **kwargs: Any) -> None:
        """Wrap the app in `cls(app, *args, **kwargs)`; the most recently added runs outermost."""
        raise NotImplementedError(
            "Milestone 3: remember Middleware(cls, *args, **kwargs) as the outermost user "
            "middleware so far; refused once the app has started (_before_start)."
        )

    def add_exception_handler(self, key: HandlerKey, handler: ExceptionHandler) -> None:
        """A handler for `key`: a status code (HTTPException) or an exception class.

        500 and `Exception` handlers belong to ServerErrorMiddleware (they answer crashes);
        every other key goes to ExceptionMiddleware.
        """
        raise NotImplementedError(
            "Milestone 3: remember the handler for this status code or exception class; refused "
            "once the app has started (_before_start)."
        )

    # -- routes: the router's --------------------------------------------------------------

    @property
    def routes(self) -> list[BaseRoute]:
        return self.router.routes

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.router.url_path_for(name, **path_params)

    def add_route(
        self,
        path: str,
        route: Callable[..., Any],
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        """The router's own kind of route for `route(request)` (Starlette's signature)."""
        self.router.add_route(path, route, methods=methods, name=name, include_in_schema=include_in_schema)

    def add_websocket_route(self, path: str, route: Callable[..., Any], name: str | None = None) -> None:
        self.router.add_websocket_route(path, route, name=name)

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None:
        self.router.mount(path, app=app, name=name)

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        self.router.host(host, app=app, name=name)

    # -- decorators (miniasgi's handler style) ---------------------------------------------

    def route(
        self, path: str, methods: Collection[str] | None = None, name: str | None = None
    ) -> Callable[[F], F]:
        """`@app.route("/hello/{name}")` over `async def hello(request, name): ...`.

        miniasgi's own Route, whatever the router: path params arrive as keyword arguments,
        and the handler may return a str, dict or list. It works in any router, because
        routes speak one protocol.
        """

        raise NotImplementedError(
            "Milestone 2: return a decorator that appends a Route for this path, these methods and "
            "this name (with this app's max_body_size) to the router's routes and gives the "
            "handler back unchanged."
        )

    def websocket(self, path: str, name: str | None = None) -> Callable[[F], F]:
        """`@app.websocket("/ws/{room}")` over `async def chat(websocket, room): ...`."""

        raise NotImplementedError(
            "Milestone 8: return a decorator that appends a WebSocketRoute for this path to the "
            "router's routes and gives the handler back unchanged."
        )

    def exception_handler(self, key: HandlerKey) -> Callable[[F], F]:
        """`@app.exception_handler(404)` or `@app.exception_handler(ValueError)`."""

        def register(handler: F) -> F:
            self.add_exception_handler(key, handler)
            return handler

        return register

    def on_startup(self, func: F) -> F:
        self.startup_hooks.append(func)
        return func

    def on_shutdown(self, func: F) -> F:
        self.shutdown_hooks.append(func)
        return func

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
