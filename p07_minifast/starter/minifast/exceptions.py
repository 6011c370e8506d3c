"""FastAPI's exceptions: the ones an endpoint raises to answer, and the ones minifast raises.

`HTTPException` is miniasgi's, widened the way FastAPI widens Starlette's: `detail` may be
any JSON-able value (a dict, a list), since it becomes the `"detail"` of a JSON answer, not
the text of a plain one. The validation errors are miniopenapi's: the route raises them, the
application's handlers (exception_handlers.py) answer them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from miniasgi import HTTPException as _BaseHTTPException
from miniasgi import WebSocketException
from miniopenapi import RequestValidationError, ResponseValidationError


class HTTPException(_BaseHTTPException):
    """Answer with `status_code` and `{"detail": detail}`; `headers` ride along."""

    def __init__(
        self, status_code: int, detail: Any = None, headers: Mapping[str, str] | None = None
    ) -> None:
        raise NotImplementedError(
            "Milestone 2: be miniasgi's HTTPException for this status, detail and headers: "
            "detail may be any JSON-able value (a dict, a list), not only text, and without one "
            "it is the status's standard phrase"
        )


class FastAPIError(RuntimeError):
    """The application is declared in a way that can never work (found at startup)."""


class WebSocketRequestValidationError(RequestValidationError):
    """A WebSocket's inputs did not validate: the socket is closed with 1008."""


__all__ = [
    "FastAPIError",
    "HTTPException",
    "RequestValidationError",
    "ResponseValidationError",
    "WebSocketException",
    "WebSocketRequestValidationError",
]
