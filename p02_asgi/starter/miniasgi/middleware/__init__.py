"""The middleware layers of the stack, and `Middleware`, the recipe for adding one.

The stack an application builds, outermost first:

    ServerErrorMiddleware -> user middleware... -> ExceptionMiddleware -> router

`ServerErrorMiddleware` is the last line of defence (any crash becomes a 500);
`ExceptionMiddleware` turns the exceptions you raise on purpose into responses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from miniasgi.middleware.errors import ServerErrorMiddleware
from miniasgi.middleware.exceptions import ExceptionMiddleware


class Middleware:
    """A middleware class and its options, kept until the stack is built: `cls(app, **options)`.

    Deferring construction is what lets the application build its stack once, in one place,
    with every layer in a known order.
    """

    __slots__ = ("cls", "options")

    def __init__(self, cls: Any, **options: Any) -> None:
        self.cls = cls
        self.options = options

    def __iter__(self) -> Iterator[Any]:
        """Unpack as `cls, options = middleware`."""
        return iter((self.cls, self.options))

    def __repr__(self) -> str:
        options = "".join(f", {key}={value!r}" for key, value in self.options.items())
        return f"Middleware({getattr(self.cls, '__name__', self.cls)}{options})"


__all__ = ["ExceptionMiddleware", "Middleware", "ServerErrorMiddleware"]
