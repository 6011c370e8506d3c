"""Middleware for minifast apps: the `Middleware` spec `add_middleware` and
`MiniAPI(middleware=[...])` take (miniasgi's), and CORS in `minifast.middleware.cors`."""

from miniasgi.middleware import Middleware

__all__ = ["Middleware"]
