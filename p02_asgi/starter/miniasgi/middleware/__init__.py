"""The middleware layers of the stack, and `Middleware`, the recipe for adding one.

The stack an application builds, outermost first:

    ServerErrorMiddleware -> user middleware... -> ExceptionMiddleware -> router

`ServerErrorMiddleware` is the last line of defence (any crash becomes a 500);
`ExceptionMiddleware` turns the exceptions you raise on purpose into responses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from miniasgi.middleware.errors import ServerErrorMiddleware
from miniasgi.middleware.exceptions import ExceptionMiddleware, handle_exception
from miniasgi.types import ASGIApp


class Middleware:
    """A middleware class (or factory) and its arguments, kept until the stack is built:
    `cls(app, *args, **kwargs)`.

    Deferring construction is what lets the application build its stack once, in one place,
    with every layer in a known order, from a plain list given to its constructor.
    """

    __slots__ = ("args", "cls", "kwargs")

    def __init__(self, cls: Any, *args: Any, **kwargs: Any) -> None:
        self.cls = cls
        self.args = args
        self.kwargs = kwargs

    def __iter__(self) -> Iterator[Any]:
        """Unpack as `cls, args, kwargs = middleware`."""
        return iter((self.cls, self.args, self.kwargs))

    def __repr__(self) -> str:
        parts = [getattr(self.cls, "__name__", repr(self.cls))]
        parts += [repr(value) for value in self.args]
        parts += [f"{key}={value!r}" for key, value in self.kwargs.items()]
        return f"{type(self).__name__}({', '.join(parts)})"


def apply_middleware(app: ASGIApp, middleware: Sequence[Middleware] | None) -> ASGIApp:
    """`app` wrapped in each middleware of the list, built now; the first one is outermost.

    The application's stack, a router's and a single route's are all built this way.
    """
    for cls, args, kwargs in reversed(middleware or ()):
        app = cls(app, *args, **kwargs)
    return app


__all__ = [
    "ExceptionMiddleware",
    "Middleware",
    "ServerErrorMiddleware",
    "apply_middleware",
    "handle_exception",
]
