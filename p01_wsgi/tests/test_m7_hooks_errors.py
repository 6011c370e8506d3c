"""Milestone 7: request hooks, error handlers and WSGI middleware.

WSGI middleware is a WSGI app that holds another: `app.wsgi_app = M(app.wsgi_app)`.
Inside the framework, `before_request` hooks may short-circuit, `after_request` hooks see
every response, `@app.errorhandler` turns errors into responses, and an unexpected
exception is a logged 500 that shows the client no traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from miniflask import (
    HTTPException,
    InternalServerError,
    MiniFlask,
    NotFound,
    Request,
    Response,
    abort,
)

from .wsgi import client_for


class TagMiddleware:
    """A WSGI middleware: adds a header on the way out and records the order it ran in."""

    def __init__(self, app: Callable[..., Iterable[bytes]], name: str, log: list[str]) -> None:
        self.app, self.name, self.log = app, name, log

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.log.append(f"{self.name} in")

        def tagged_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            self.log.append(f"{self.name} out")
            return start_response(status, [*headers, (f"X-{self.name}", "yes")], exc_info)

        return self.app(environ, tagged_start_response)


def test_wsgi_middleware_wraps_the_app() -> None:
    """app.wsgi_app = M(app.wsgi_app): calling app goes through M; the last wrapper is outermost."""
    log: list[str] = []
    app = MiniFlask()
    app.route("/")(lambda request: log.append("view") or "ok")
    app.wsgi_app = TagMiddleware(app.wsgi_app, "Inner", log)
    app.wsgi_app = TagMiddleware(app.wsgi_app, "Outer", log)
    response = client_for(app).get("/")
    assert response.text == "ok"
    assert response.headers["x-inner"] == response.headers["x-outer"] == "yes"
    assert log == ["Outer in", "Inner in", "view", "Inner out", "Outer out"], f"order was {log}"


def test_before_request_runs_before_every_view() -> None:
    """A before_request hook that returns None lets the request through to the view."""
    seen: list[str] = []
    app = MiniFlask()
    app.before_request(lambda request: seen.append(request.path))
    app.route("/a")(lambda request: "a")
    assert client_for(app).get("/a").text == "a"
    assert seen == ["/a"]


def test_before_request_returning_a_value_short_circuits() -> None:
    """If a before hook returns something, that is the response: later hooks and the view are skipped."""
    calls: list[str] = []
    app = MiniFlask()

    @app.before_request
    def require_token(request: Request) -> Any:
        calls.append("auth")
        if request.headers.get("Authorization") != "Bearer secret":
            return {"error": "unauthorized"}, 401
        return None

    app.before_request(lambda request: calls.append("second"))
    app.route("/private")(lambda request: calls.append("view") or "secret data")
    client = client_for(app)
    denied = client.get("/private")
    assert (denied.status_code, denied.json()) == (401, {"error": "unauthorized"})
    assert calls == ["auth"], f"nothing should run after a short-circuit, got {calls}"
    assert client.get("/private", headers={"Authorization": "Bearer secret"}).text == "secret data"


def test_after_request_hooks_see_every_response_in_reverse_order() -> None:
    """after_request hooks get (request, response) and return a response; like Flask they run
    in reverse order of registration. They also run on error responses such as a 404."""
    app = MiniFlask()
    order: list[str] = []

    @app.after_request
    def first(request: Request, response: Response) -> Response:
        order.append("first")
        response.headers["X-Hook"] = "first"
        return response

    @app.after_request
    def second(request: Request, response: Response) -> Response:
        order.append("second")
        response.headers["X-Hook"] = "second"
        return response

    app.route("/")(lambda request: "ok")
    client = client_for(app)
    assert client.get("/").headers["x-hook"] == "first"
    assert order == ["second", "first"]
    assert client.get("/missing").headers["x-hook"] == "first"


def test_errorhandler_for_a_status_code() -> None:
    """@app.errorhandler(404) replaces the default 404 page; the handler is called as
    handler(request, error) and returns what a view may return. A status-code handler is looked
    up before the class handlers."""
    app = MiniFlask()

    @app.errorhandler(404)
    def not_found(request: Request, error: HTTPException) -> Any:
        return {"error": "not found", "path": request.path, "code": error.code}, 404

    response = client_for(app).get("/nowhere")
    assert response.status_code == 404
    assert response.json() == {"error": "not found", "path": "/nowhere", "code": 404}


class OutOfStock(Exception):
    pass


class DiscontinuedItem(OutOfStock):
    pass


def test_errorhandler_for_an_exception_class_and_its_subclasses() -> None:
    """@app.errorhandler(SomeError) also handles subclasses: walk type(error).__mro__ and take
    the first class with a handler. The handler's return value is converted like a view's."""
    app = MiniFlask()
    app.errorhandler(OutOfStock)(lambda request, error: (f"sorry: {error}", 409))

    @app.route("/buy/<item>")
    def buy(request: Request, item: str) -> str:
        raise DiscontinuedItem(item)

    response = client_for(app).get("/buy/lamp")
    assert (response.status_code, response.text) == (409, "sorry: lamp")


def test_abort_raises_an_http_error() -> None:
    """abort(403) stops the view and answers 403; abort(404, 'msg') puts msg in the page."""
    app = MiniFlask()
    app.route("/admin")(lambda request: abort(403))
    app.route("/thing/<int:n>", endpoint="thing")(lambda request, n: abort(404, f"No thing number {n}."))
    client = client_for(app)
    assert client.get("/admin").status_code == 403
    missing = client.get("/thing/7")
    assert missing.status_code == 404
    assert "No thing number 7." in missing.text
    assert missing.headers["content-type"] == "text/html; charset=utf-8"


def test_custom_http_exception() -> None:
    """A subclass of HTTPException with its own code and description is an answer, not a crash."""

    class PaymentRequired(HTTPException):
        code = 402
        description = "Please pay first."

    app = MiniFlask()

    @app.route("/paid")
    def paid(request: Request) -> str:
        raise PaymentRequired()

    response = client_for(app).get("/paid")
    assert response.status_code == 402
    assert "Please pay first." in response.text


def test_error_descriptions_are_html_escaped() -> None:
    """The default error page must not let a message inject HTML."""
    app = MiniFlask()
    app.route("/x")(lambda request: abort(400, "<script>alert(1)</script>"))
    text = client_for(app).get("/x").text
    assert "<script>" not in text
    assert "&lt;script&gt;" in text


def boom(request: Request) -> str:
    raise ZeroDivisionError("secret internals")


def test_unhandled_exception_is_500_without_traceback_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    """A bug in a view gives the client the plain 500 page, InternalServerError().body() (no
    traceback, no exception message), and is logged: logging.getLogger('miniflask').error(...,
    exc_info=the exception), so the log has the traceback."""
    app = MiniFlask()
    app.route("/boom")(boom)
    with caplog.at_level(logging.ERROR, logger="miniflask"):
        response = client_for(app).get("/boom")
    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert "secret internals" not in response.text
    records = [r for r in caplog.records if r.name == "miniflask"]
    assert records, "the exception should be logged via logging.getLogger('miniflask')"
    assert records[0].levelno == logging.ERROR
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is ZeroDivisionError


def test_debug_mode_shows_the_traceback() -> None:
    """MiniFlask(debug=True) sends the traceback as the 500 body, as Python prints it
    (traceback.format_exception), with Content-Type text/plain; charset=utf-8. For your laptop only."""
    app = MiniFlask(debug=True)
    app.route("/boom")(boom)
    response = client_for(app).get("/boom")
    assert response.status_code == 500
    assert "Traceback" in response.text
    assert "ZeroDivisionError: secret internals" in response.text
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_500_handler_gets_internal_server_error_with_the_cause() -> None:
    """@app.errorhandler(500) handles unexpected exceptions: the handler gets an
    InternalServerError whose __cause__ is the original exception."""
    app = MiniFlask()
    app.route("/boom")(boom)

    @app.errorhandler(500)
    def server_error(request: Request, error: InternalServerError) -> Any:
        return {"error": type(error.__cause__).__name__}, 500

    response = client_for(app).get("/boom")
    assert (response.status_code, response.json()) == (500, {"error": "ZeroDivisionError"})


def test_a_failing_error_handler_still_gives_a_500() -> None:
    """If the error handler itself raises, the client gets the default 500 page (logged), not a crash."""
    app = MiniFlask()
    app.errorhandler(NotFound)(lambda request, error: 1 / 0)
    assert client_for(app).get("/missing").status_code == 500


def test_a_failing_after_hook_gives_a_500() -> None:
    """An exception in an after_request hook is a bug like any other: logged, and the default 500 page."""
    app = MiniFlask()
    app.route("/")(lambda request: "ok")
    app.after_request(lambda request, response: 1 / 0)
    assert client_for(app).get("/").status_code == 500


def test_errors_in_before_hooks_are_handled_too() -> None:
    """abort() inside a before_request hook goes through the same error handling."""
    app = MiniFlask()
    app.before_request(lambda request: abort(503))
    app.route("/")(lambda request: "ok")
    assert client_for(app).get("/").status_code == 503


def test_405_error_handler_keeps_working_and_default_has_allow() -> None:
    """The default 405 page carries Allow; a 405 handler gets the MethodNotAllowed and can read
    error.allowed (the sorted list of methods)."""
    app = MiniFlask()
    app.route("/only-post", methods=["POST"])(lambda request: "ok")
    assert client_for(app).get("/only-post").headers["allow"] == "OPTIONS, POST"
    app.errorhandler(405)(lambda request, error: ({"allowed": error.allowed}, 405))
    assert client_for(app).get("/only-post").json() == {"allowed": ["OPTIONS", "POST"]}


def test_errorhandler_rejects_non_error_codes() -> None:
    """errorhandler(200) makes no sense: a ValueError at registration whose message contains
    the code; only 400-599 are error statuses."""
    with pytest.raises(ValueError, match="200"):
        MiniFlask().errorhandler(200)


@pytest.mark.parametrize(("code", "title"), [(418, "418 I'm a Teapot"), (499, "499 Unknown Error")])
def test_abort_with_any_status(code: int, title: str) -> None:
    """abort() works for any status: a code exceptions.py has a class for raises that class,
    any other raises HTTPException(description, code=code). The page's title is the code and its
    reason phrase; a code without a standard phrase is titled 'Unknown Error' (HTTPException.name)."""
    app = MiniFlask()
    app.route("/")(lambda request: abort(code))
    response = client_for(app).get("/")
    assert response.status_code == code
    assert f"<title>{title}</title>" in response.text


@pytest.mark.parametrize("returned", [None, 42, ("a", 200, {}, "extra")], ids=repr)
def test_returning_something_unusable_is_a_500(returned: Any, caplog: pytest.LogCaptureFixture) -> None:
    """None (a forgotten return), a number, a 4-tuple: make_response raises TypeError inside
    full_dispatch, so the client gets a logged 500."""
    app = MiniFlask()
    app.route("/")(lambda request: returned)
    with caplog.at_level(logging.ERROR, logger="miniflask"):
        assert client_for(app).get("/").status_code == 500
    assert [r.exc_info[0] for r in caplog.records if r.name == "miniflask" and r.exc_info] == [TypeError]
