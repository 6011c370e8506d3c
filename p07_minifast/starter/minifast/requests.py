"""`Request` and `HTTPConnection`: miniasgi's, as FastAPI's are Starlette's."""

from miniasgi.requests import HTTPConnection, Request

__all__ = ["HTTPConnection", "Request"]
