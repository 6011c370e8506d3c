"""HTTP errors as Python exceptions.

Deep inside a handler (or inside `request.json`) the simplest way to say "this request is
wrong" is to raise. The application catches an `HTTPException` at the top and turns it into
an error page with the right status, so no code in between has to pass error values around.

This module is a leaf: it knows nothing about responses. The application turns an error
into a `Response` (see `MiniFlask.handle_exception`), using `body()` and `headers()` below.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from http import HTTPStatus
from typing import NoReturn


class HTTPException(Exception):
    """An error that already knows its HTTP status and what to tell the client."""

    code: int = 500
    description: str = "The server could not answer this request."

    def __init__(self, description: str | None = None, code: int | None = None) -> None:
        if code is not None:
            self.code = code
        if description is not None:
            self.description = description
        super().__init__(self.description)

    @property
    def name(self) -> str:
        """The reason phrase, e.g. 'Not Found'."""
        try:
            return HTTPStatus(self.code).phrase
        except ValueError:
            return "Unknown Error"

    def headers(self) -> list[tuple[str, str]]:
        """Extra headers the error page must carry (405 adds `Allow`)."""
        return []

    def body(self) -> str:
        """A small HTML page: a browser shows it, a program reads the status instead."""
        return (
            f"<!doctype html>\n<title>{self.code} {self.name}</title>\n"
            f"<h1>{self.name}</h1>\n<p>{html.escape(self.description)}</p>\n"
        )


class BadRequest(HTTPException):
    code = 400
    description = "The request could not be understood."


class BadRequestKeyError(BadRequest, KeyError):
    """`request.args['missing']`: a client mistake, so a 400 rather than a 500."""

    def __init__(self, key: str) -> None:
        super().__init__(f"The request has no value for the key {key!r}.")

    def __str__(self) -> str:  # KeyError would show only the repr of the message
        return self.description


class NotFound(HTTPException):
    code = 404
    description = "Nothing on this server matches the requested URL."


class MethodNotAllowed(HTTPException):
    code = 405
    description = "This URL exists, but it does not accept this HTTP method."

    def __init__(self, allowed: Iterable[str], description: str | None = None) -> None:
        self.allowed = sorted(allowed)
        super().__init__(description)

    def headers(self) -> list[tuple[str, str]]:
        return [("Allow", ", ".join(self.allowed))]


class RequestEntityTooLarge(HTTPException):
    code = 413
    description = "The request body is larger than this server accepts."


class UnsupportedMediaType(HTTPException):
    code = 415
    description = "The request body has a content type this endpoint cannot read."


class InternalServerError(HTTPException):
    code = 500
    description = "The server hit an error and could not finish the request."


_BY_CODE: dict[int, type[HTTPException]] = {
    cls.code: cls
    for cls in (BadRequest, NotFound, RequestEntityTooLarge, UnsupportedMediaType, InternalServerError)
}


def abort(status: int, description: str | None = None) -> NoReturn:
    """Stop the handler and answer with an error page for `status`, e.g. `abort(404)`."""
    raise NotImplementedError(
        "Stop the view by raising the HTTP error for `status`, carrying `description`: the class "
        "above made for that status when there is one (abort(404) raises NotFound), otherwise an "
        "HTTPException with that code. (Milestone 7)"
    )
