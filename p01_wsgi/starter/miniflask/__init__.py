"""miniflask: a Flask-like WSGI micro-framework small enough to read in one sitting.

Modules, one idea each, in reading order: `routing` (rules -> regexes), `request`
(the environ, parsed lazily), `response` (a Response is a WSGI app), `exceptions`
(HTTP errors you can raise), `datastructures` (MultiDict, Headers), `app` (the glue).
"""

from miniflask.app import MiniFlask
from miniflask.datastructures import Headers, MultiDict
from miniflask.exceptions import (
    BadRequest,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    NotFound,
    RequestEntityTooLarge,
    UnsupportedMediaType,
    abort,
)
from miniflask.request import Request
from miniflask.response import Response, make_response
from miniflask.routing import BuildError, Router, Rule

__all__ = [
    "BadRequest",
    "BadRequestKeyError",
    "BuildError",
    "HTTPException",
    "Headers",
    "InternalServerError",
    "MethodNotAllowed",
    "MiniFlask",
    "MultiDict",
    "NotFound",
    "Request",
    "RequestEntityTooLarge",
    "Response",
    "Router",
    "Rule",
    "UnsupportedMediaType",
    "abort",
    "make_response",
]
