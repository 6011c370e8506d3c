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
        self.debug = debug
        self.max_content_length = max_content_length
        self.router = Router()
        self.before_request_funcs: list[BeforeHook] = []
        self.after_request_funcs: list[AfterHook] = []
        self.error_handlers: dict[int | type[BaseException], ErrorHandler] = {}
        # The outermost WSGI callable. Middleware wraps it: app.wsgi_app = M(app.wsgi_app).
        self.wsgi_app: WSGIApplication = self.handle

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point the server calls once per request."""
        return self.wsgi_app(environ, start_response)

    # -- registration: everything is decided here, once --------------------------------

    def route(
        self, pattern: str, methods: Iterable[str] | None = None, endpoint: str | None = None
    ) -> Callable[[F], F]:
        """Register a view for `pattern`. It is called as `view(request, **path_params)`."""

        def register(view: F) -> F:
            self.router.add(Rule(pattern, view, endpoint or view.__name__, methods or ("GET",)))
            return view

        return register

    def before_request(self, hook: F) -> F:
        """Run `hook(request)` before every view; if it returns a value, that is the response."""
        self.before_request_funcs.append(hook)
        return hook

    def after_request(self, hook: F) -> F:
        """Run `hook(request, response) -> response` on every response.

        As in Flask, hooks run in reverse order of registration, so the first one registered
        is the outermost layer and sees the response last.
        """
        self.after_request_funcs.insert(0, hook)
        return hook

    def errorhandler(self, code_or_exception: int | type[BaseException]) -> Callable[[F], F]:
        """Register `handler(request, error)` for an HTTP status code or an exception class."""
        if isinstance(code_or_exception, int) and not 400 <= code_or_exception <= 599:
            raise ValueError(f"{code_or_exception} is not an HTTP error status (400-599)")

        def register(handler: F) -> F:
            self.error_handlers[code_or_exception] = handler
            return handler

        return register

    def url_for(self, endpoint: str, **params: Any) -> str:
        """The path for the view named `endpoint`; extra params go in the query string."""
        return self.router.build(endpoint, params)

    # -- the per-request path: keep it short ------------------------------------------

    def handle(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The framework as a plain WSGI app: environ in, body iterable out."""
        request = Request(environ, self.max_content_length)
        response = self.full_dispatch(request)
        if self.after_request_funcs:
            response = self._run_after_hooks(request, response)
        return response(environ, start_response)

    def full_dispatch(self, request: Request) -> Response:
        """Hooks, routing and the view; any exception becomes an error response."""
        try:
            for hook in self.before_request_funcs:
                rv = hook(request)
                if rv is not None:
                    return make_response(rv)
            rule, params = self.router.match(request.method, request.path)
            if rule.auto_options and request.method == "OPTIONS":
                allowed = ", ".join(sorted(self.router.allowed_methods(request.path)))
                return Response(headers=[("Allow", allowed)])
            return make_response(rule.view(request, **params))
        except Exception as error:
            return self.handle_exception(request, error)

    def handle_exception(self, request: Request, error: Exception) -> Response:
        """Find a registered handler for `error`, or build the default error page.

        An `HTTPException` is an answer (404, 405, 400 ...) and is not logged. Anything else
        is a bug: it is logged with its traceback and becomes a 500, which a handler for 500
        receives as an `InternalServerError` whose `__cause__` is the original exception.
        """
        handler = self._find_handler(error)
        if handler is None:
            if isinstance(error, HTTPException):
                return Response(error.body(), status=error.code, headers=error.headers())
            logger.error("Exception on %s %s", request.method, request.path, exc_info=error)
            server_error = InternalServerError()
            server_error.__cause__ = error
            handler = self._find_handler(server_error)
            if handler is None:
                return self._server_error_response(error)
            error = server_error
        try:
            return make_response(handler(request, error))
        except Exception as handler_error:
            logger.error("Error handler for %r failed", error, exc_info=handler_error)
            return self._server_error_response(handler_error)

    def _find_handler(self, error: Exception) -> ErrorHandler | None:
        if isinstance(error, HTTPException) and error.code in self.error_handlers:
            return self.error_handlers[error.code]
        for cls in type(error).__mro__:
            if cls in self.error_handlers:
                return self.error_handlers[cls]
        return None

    def _server_error_response(self, error: BaseException) -> Response:
        """A 500; the traceback is shown only with `debug=True`, never by default."""
        if self.debug:
            text = "".join(traceback.format_exception(error))
            return Response(text, status=500, content_type="text/plain; charset=utf-8")
        page = InternalServerError()
        return Response(page.body(), status=500)

    def _run_after_hooks(self, request: Request, response: Response) -> Response:
        try:
            for hook in self.after_request_funcs:
                response = hook(request, response)
        except Exception as error:
            logger.error("after_request hook failed on %s %s", request.method, request.path, exc_info=error)
            return self._server_error_response(error)
        return response
