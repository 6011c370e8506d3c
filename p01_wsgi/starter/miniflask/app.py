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
            "Keep debug and max_content_length; create a Router, before_request_funcs, "
            "after_request_funcs, error_handlers ({code or exception class: handler}), and set "
            "self.wsgi_app = self.handle so middleware can wrap it."
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point the server calls once per request."""
        raise NotImplementedError("Delegate to self.wsgi_app (which middleware may have wrapped).")

    # -- registration: everything is decided here, once --------------------------------

    def route(
        self, pattern: str, methods: Iterable[str] | None = None, endpoint: str | None = None
    ) -> Callable[[F], F]:
        """Register a view for `pattern`. It is called as `view(request, **path_params)`."""
        raise NotImplementedError(
            "Return a decorator that adds Rule(pattern, view, endpoint or view.__name__, methods "
            "or ('GET',)) to the router and returns the view unchanged."
        )

    def before_request(self, hook: F) -> F:
        """Run `hook(request)` before every view; if it returns a value, that is the response."""
        raise NotImplementedError("Append hook to before_request_funcs and return it.")

    def after_request(self, hook: F) -> F:
        """Run `hook(request, response) -> response` on every response.

        As in Flask, hooks run in reverse order of registration, so the first one registered
        is the outermost layer and sees the response last.
        """
        raise NotImplementedError("Insert hook at the front of after_request_funcs and return it.")

    def errorhandler(self, code_or_exception: int | type[BaseException]) -> Callable[[F], F]:
        """Register `handler(request, error)` for an HTTP status code or an exception class."""
        raise NotImplementedError(
            "ValueError for an int outside 400-599; else a decorator storing the handler in error_handlers."
        )

    def url_for(self, endpoint: str, **params: Any) -> str:
        """The path for the view named `endpoint`; extra params go in the query string."""
        raise NotImplementedError("Ask the router to build it.")

    # -- the per-request path: keep it short ------------------------------------------

    def handle(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The framework as a plain WSGI app: environ in, body iterable out."""
        raise NotImplementedError(
            "Build a Request, get a Response from full_dispatch, run the after_request hooks "
            "(a failing hook means a 500), then return response(environ, start_response)."
        )

    def full_dispatch(self, request: Request) -> Response:
        """Hooks, routing and the view; any exception becomes an error response."""
        raise NotImplementedError(
            "Inside try: run before hooks (a non-None value short-circuits), router.match, answer "
            "automatic OPTIONS with an Allow header, call rule.view(request, **params), "
            "make_response. except Exception: return self.handle_exception(request, error)."
        )

    def handle_exception(self, request: Request, error: Exception) -> Response:
        """Find a registered handler for `error`, or build the default error page.

        An `HTTPException` is an answer (404, 405, 400 ...) and is not logged. Anything else
        is a bug: it is logged with its traceback and becomes a 500, which a handler for 500
        receives as an `InternalServerError` whose `__cause__` is the original exception.
        """
        raise NotImplementedError(
            "Look up a handler by status code, then along type(error).__mro__. No handler: an "
            "HTTPException becomes Response(error.body(), error.code, error.headers()); anything "
            "else is logger.error(..., exc_info=error) and a 500 (traceback only if debug)."
        )
