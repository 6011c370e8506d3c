"""Milestone 2: an app that sends each path to its view.

`MiniFlask()` is a WSGI app. `@app.route("/about")` registers a view for one exact path; the
app wraps each request's environ in a `Request`, finds the view for the path, calls
`view(request)` and sends the `Response` it returns. A path with no route gets the 404 page.
(Path parameters like `<name>` come in milestone 3, methods in milestone 4.)
"""

from __future__ import annotations

from typing import Any

from miniflask import MiniFlask, NotFound, Request, Response

from .wsgi import call_wsgi, client_for, make_environ, read_body


def hello_app() -> MiniFlask:
    app = MiniFlask()

    @app.route("/")
    def index(request: Request) -> Response:
        return Response("Hello, World!")

    @app.route("/about")
    def about(request: Request) -> Response:
        return Response("about us", content_type="text/plain")

    @app.route("/users/me")
    def me(request: Request) -> Response:
        return Response({"name": "Douglas"})

    return app


def test_an_app_answers_hello_on_its_route() -> None:
    """app(environ, start_response) for GET / runs the view registered with @app.route('/')
    and sends its Response: '200 OK' and b'Hello, World!'."""
    start, body = call_wsgi(hello_app(), make_environ("/"))
    assert start.status == "200 OK", f"expected '200 OK', got {start.status!r}"
    assert read_body(body) == b"Hello, World!"
    assert start.header("Content-Type") == "text/html; charset=utf-8"


def test_each_path_reaches_its_own_view() -> None:
    """Three routes, three paths: each request gets the answer of the view registered for its path."""
    client = client_for(hello_app())
    assert client.get("/").text == "Hello, World!"
    about = client.get("/about")
    assert (about.status_code, about.text, about.headers["content-type"]) == (200, "about us", "text/plain")
    assert client.get("/users/me").json() == {"name": "Douglas"}


def test_route_returns_the_view_unchanged() -> None:
    """@app.route(...) registers the view and gives the same function back, so it can still be called."""
    app = MiniFlask()

    def view(request: Request) -> Response:
        return Response("x")

    assert app.route("/x")(view) is view


def test_the_view_gets_the_request() -> None:
    """Views are called as view(request): a Request whose .method and .path are the request's."""
    app = MiniFlask()
    seen: list[Any] = []

    @app.route("/where")
    def where(request: Request) -> Response:
        seen.append(request)
        return Response(f"{request.method} {request.path}")

    assert client_for(app).get("/where").text == "GET /where"
    assert isinstance(seen[0], Request), f"the first argument should be a Request, got {seen[0]!r}"
    assert seen[0].environ["PATH_INFO"] == "/where", "request.environ is the environ the server passed"


def test_an_empty_path_is_the_root() -> None:
    """A server may send an empty PATH_INFO (an app mounted at its root); that is the path '/'."""
    start, body = call_wsgi(hello_app(), make_environ(""))
    assert (start.status, read_body(body)) == ("200 OK", b"Hello, World!")


def test_unknown_path_is_the_404_page() -> None:
    """No route for the path: '404 Not Found', Content-Type 'text/html; charset=utf-8', and the
    page NotFound().body() builds (already written in exceptions.py) as the body."""
    for path in ["/nope", "/about/", "/users", "/Users/me"]:
        start, body = call_wsgi(hello_app(), make_environ(path))
        assert start.status == "404 Not Found", f"{path}: expected '404 Not Found', got {start.status!r}"
        assert start.header("Content-Type") == "text/html; charset=utf-8"
        assert read_body(body).decode() == NotFound().body(), f"{path}: the body should be NotFound().body()"
