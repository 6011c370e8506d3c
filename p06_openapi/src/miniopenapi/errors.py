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

from miniopenapi.encoders import jsonable_encoder

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
    """An error entry as FastAPI renders it (`jsonable_encoder` of the error list): a `ctx`
    exception object becomes `{}` (its attributes), a NaN from a body like `{"age": NaN}`
    (Python's json module reads it) null. Bytes in `input` that are not UTF-8 are shown with
    replacement characters, where FastAPI would fail with a 500."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        return jsonable_encoder(value)
    except ValueError:  # an object with neither a dict form nor attributes
        return str(value)


def prefixed_errors(exc: ValidationError, loc: tuple[str | int, ...]) -> list[dict[str, Any]]:
    """A validator's errors placed in the request or response: `("query", "q", ...)`."""
    return [{**error, "loc": (*loc, *error["loc"])} for error in exc.errors(include_url=False)]


async def request_validation_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


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
