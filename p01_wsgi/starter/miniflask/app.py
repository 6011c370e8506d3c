"""`MiniFlask`: the WSGI application that ties routing, requests and responses together.

One request travels like this (read `handle`, then `full_dispatch`):

    server -> app(environ, start_response)      # __call__
           -> app.wsgi_app(...)                  # your WSGI middleware wrap this
           -> handle: Request(environ)
                -> before_request hooks          # a returned value short-circuits
                -> router.match -> view(request, **params) -> make_response
                -> on any exception: handle_exception (error handlers, 404/405 pages, 500)
                -> after_request hooks
           -> response(environ, start_response)  # status + headers, then the body iterable
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from miniflask.exceptions import HTTPException, InternalServerError
from miniflask.request import Request
from miniflask.response import Response, ReturnValue, make_response
from miniflask.routing import Router, Rule

logger = logging.getLogger("miniflask")

View = Callable[..., ReturnValue]
BeforeHook = Callable[[Request], "ReturnValue | None"]
AfterHook = Callable[[Request, Response], Response]
ErrorHandler = Callable[[Request, Any], ReturnValue]
F = TypeVar("F", bound=Callable[..., Any])


class MiniFlask:
    """A WSGI application. Register views with `@app.route`, serve it with gunicorn."""

    def __init__(self, *, debug: bool = False, max_content_length: int | None = 1024 * 1024) -> None:
        raise NotImplementedError(
            "Set up an app with no routes, hooks or error handlers yet that remembers `debug` and "
            "`max_content_length`. Two attributes are public: `self.router`, the app's Router, and "
            "`self.wsgi_app`, the WSGI callable __call__ runs (the app's own `handle` until "
            "middleware wraps it, milestone 7). (Milestone 2)"
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point the server calls once per request."""
        raise NotImplementedError(
            "Answer one request the WSGI way, through `self.wsgi_app` (the app itself, or the "
            "middleware wrapped around it). (Milestone 2)"
        )

    # -- registration: everything is decided here, once --------------------------------

    def route(
        self, pattern: str, methods: Iterable[str] | None = None, endpoint: str | None = None
    ) -> Callable[[F], F]:
        """Register a view for `pattern`. It is called as `view(request, **path_params)`."""
        raise NotImplementedError(
            "Return a decorator that registers the view it decorates for `pattern` (answering "
            "`methods`, GET by default, under the name `endpoint`, the function's own name by "
            "default) and gives the view back unchanged. (Milestone 2)"
        )

    def before_request(self, hook: F) -> F:
        """Run `hook(request)` before every view; if it returns a value, that is the response."""
        raise NotImplementedError(
            "Remember `hook` so it runs before every view, in the order hooks were registered, "
            "and return it unchanged (it is used as a decorator). (Milestone 7)"
        )

    def after_request(self, hook: F) -> F:
        """Run `hook(request, response) -> response` on every response.

        As in Flask, hooks run in reverse order of registration, so the first one registered
        is the outermost layer and sees the response last.
        """
        raise NotImplementedError(
            "Remember `hook` so it runs on every response, the last one registered first, and "
            "return it unchanged. (Milestone 7)"
        )

    def errorhandler(self, code_or_exception: int | type[BaseException]) -> Callable[[F], F]:
        """Register `handler(request, error)` for an HTTP status code or an exception class."""
        raise NotImplementedError(
            "Return a decorator that registers the handler it decorates for this status code or "
            "exception class. A code outside 400-599 is refused at once with a ValueError whose "
            "message contains the code. (Milestone 7)"
        )

    def url_for(self, endpoint: str, **params: Any) -> str:
        """The path for the view named `endpoint`; extra params go in the query string."""
        raise NotImplementedError(
            "Return the path of the route registered as `endpoint`, its parameters filled in from "
            "`params` and the other params in the query string; BuildError if that is impossible. "
            "(Milestone 3)"
        )

    # -- the per-request path: keep it short ------------------------------------------

    def handle(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The framework as a plain WSGI app: environ in, body iterable out."""
        raise NotImplementedError(
            "Answer one request: wrap the environ in a Request, get its Response from "
            "full_dispatch, and send that Response through the WSGI call (milestone 2). On the "
            "way out, every after_request hook may replace the Response; a hook that fails gives "
            "the 500 page (milestone 7)."
        )

    def full_dispatch(self, request: Request) -> Response:
        """Hooks, routing and the view; any exception becomes an error response."""
        raise NotImplementedError(
            "Return the Response for this request: the answer of the view whose route matches, "
            "called as view(request, **path_params) (milestones 2-3); an automatic answer to "
            "OPTIONS listing the allowed methods (milestone 4); the view's return value converted "
            "by make_response (milestone 6); the first before_request hook's answer, if one gives "
            "one (milestone 7). An exception raised on the way becomes the Response "
            "handle_exception gives: HTTPExceptions from milestone 2, any exception from milestone 7."
        )

    def handle_exception(self, request: Request, error: Exception) -> Response:
        """Find a registered handler for `error`, or build the default error page.

        An `HTTPException` is an answer (404, 405, 400 ...) and is not logged. Anything else
        is a bug: it is logged with its traceback and becomes a 500, which a handler for 500
        receives as an `InternalServerError` whose `__cause__` is the original exception.
        """
        raise NotImplementedError(
            "Turn `error` into the Response the client gets. An HTTPException is its own error "
            "page: its status, its headers, error.body() as an HTML body (milestone 2). From "
            "milestone 7: a handler registered for the error's status code or for its class (or a "
            "base class) answers instead; any other exception is logged on the 'miniflask' logger "
            "and becomes the 500 page (the traceback as plain text with debug=True)."
        )
