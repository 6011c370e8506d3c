"""The two errors a validated route raises, and the JSON answers FastAPI gives for them.

The route raises instead of answering so that an application can swap the answer
(`ExceptionMiddleware(app, handlers={RequestValidationError: mine})`); `EXCEPTION_HANDLERS`
holds FastAPI's defaults: `{"detail": [...errors...]}` with 422, and `{"detail": "..."}` for
an `HTTPException`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from miniasgi import HTTPException, JSONResponse, Request, Response
from minipydantic import ValidationError

ErrorList = Sequence[Mapping[str, Any]]


class RequestValidationError(Exception):
    """The request did not fit the endpoint: every problem found, not just the first.

    `body` is the request body as the route read it (decoded JSON, form data), or None: a
    custom handler may want to show the client what it sent."""

    def __init__(self, errors: ErrorList, *, body: Any = None) -> None:
        super().__init__(errors)
        self._errors = list(errors)
        self.body = body

    def errors(self) -> list[Mapping[str, Any]]:
        return self._errors


class ResponseValidationError(Exception):
    """The endpoint returned something its `response_model` rejects: a server bug, so a 500."""

    def __init__(self, errors: ErrorList) -> None:
        super().__init__(errors)
        self._errors = list(errors)

    def errors(self) -> list[Mapping[str, Any]]:
        return self._errors

    def __str__(self) -> str:
        return f"{len(self._errors)} validation error(s) in the response: {self._errors}"


def jsonable(value: Any) -> Any:
    """Make an error entry JSON-safe: `input` may hold bytes, `ctx` an exception object."""
    raise NotImplementedError(
        "return the value with everything JSON cannot carry made plain: bytes as text, an "
        "exception (or any other object) as its str(), and, from milestone 5, a float that is "
        "not finite (NaN, Infinity) as None"
    )


def prefixed_errors(exc: ValidationError, loc: tuple[str | int, ...]) -> list[dict[str, Any]]:
    """A validator's errors placed in the request or response: `("query", "q", ...)`."""
    raise NotImplementedError(
        "return exc's errors as dicts (without their documentation URL), each one's loc "
        "prefixed by `loc`: an error at ('x',) placed at ('body',) is at ('body', 'x')"
    )


async def request_validation_error_handler(request: Request, exc: Exception) -> Response:
    raise NotImplementedError('answer 422 with the JSON body {"detail": [every error of exc]}')


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    raise NotImplementedError(
        'answer exc.status_code with the JSON body {"detail": exc.detail} and exc.headers '
        "(no body for 204 and 304)"
    )


ExceptionHandler = Callable[[Request, Exception], Awaitable[Response]]

EXCEPTION_HANDLERS: dict[int | type[BaseException], ExceptionHandler] = {
    RequestValidationError: request_validation_error_handler,
    HTTPException: http_exception_handler,
}

__all__ = [
    "EXCEPTION_HANDLERS",
    "RequestValidationError",
    "ResponseValidationError",
    "http_exception_handler",
    "jsonable",
    "prefixed_errors",
    "request_validation_error_handler",
]
