"""`Middleware`: the spec `add_middleware` and `MiniAPI(middleware=[...])` take."""

from miniasgi.middleware import Middleware

__all__ = ["Middleware"]
