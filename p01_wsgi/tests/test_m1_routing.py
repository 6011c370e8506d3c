"""Milestone 1: basic routing.

`@app.route(pattern, methods=...)` registers a view; a request is matched against the rules,
path parameters are converted and passed as keyword arguments after the request. No match
is a 404; a match with the wrong method is a 405 that says, in `Allow`, what would work.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from miniflask import BuildError, MiniFlask, Request, Response


@pytest.fixture(scope="module")
def app() -> MiniFlask:
    app = MiniFlask()

    @app.route("/")
    def index(request: Request) -> Response:
        return Response("home")

    @app.route("/hello/<name>")
    def hello(request: Request, name: str) -> Response:
        return Response(f"Hello, {name}!", content_type="text/plain")

    @app.route("/users/<int:user_id>")
    def user(request: Request, user_id: int) -> Response:
        return Response(f"{type(user_id).__name__}:{user_id}")

    @app.route("/scale/<float:factor>")
    def scale(request: Request, factor: float) -> Response:
        return Response(f"{type(factor).__name__}:{factor}")

    @app.route("/files/<path:subpath>")
    def files(request: Request, subpath: str) -> Response:
        return Response(f"file:{subpath}")

    @app.route("/users/me")
    def me(request: Request) -> Response:
        return Response("the current user")

    @app.route("/items", methods=["GET"])
    def list_items(request: Request) -> Response:
        return Response("list")

    @app.route("/items", methods=["POST", "PUT"])
    def save_item(request: Request) -> Response:
        return Response(f"saved with {request.method}")

    @app.route("/about", endpoint="about_page")
    def about(request: Request) -> Response:
        return Response("about")

    return app


def test_path_parameter_is_passed_as_keyword_argument(app: MiniFlask, client_for: Any) -> None:
    """GET /hello/Douglas calls hello(request, name='Douglas'): the seed's first outcome."""
    response = client_for(app).get("/hello/Douglas")
    assert response.status_code == 200
    assert response.text == "Hello, Douglas!", f"expected 'Hello, Douglas!', got {response.text!r}"
    assert response.headers["content-type"] == "text/plain"


def test_view_gets_the_request_as_first_argument(client_for: Any) -> None:
    """Views are called as view(request, **params); the request knows its method and path."""
    app = MiniFlask()
    seen: list[Any] = []

    @app.route("/where")
    def where(request: Request) -> Response:
        seen.append(request)
        return Response(f"{request.method} {request.path}")

    assert client_for(app).get("/where").text == "GET /where"
    assert isinstance(seen[0], Request), f"the first argument should be a Request, got {seen[0]!r}"


def test_root_path(app: MiniFlask, client_for: Any) -> None:
    """A rule for '/' matches the bare root path."""
    assert client_for(app).get("/").text == "home"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/users/42", "int:42"),
        ("/users/007", "int:7"),
        ("/scale/1.5", "float:1.5"),
        ("/files/a/b/c.txt", "file:a/b/c.txt"),
        ("/files/x", "file:x"),
    ],
)
def test_converters_turn_path_text_into_python_values(
    app: MiniFlask, client_for: Any, path: str, expected: str
) -> None:
    """<int:x> gives an int, <float:x> a float (digits, a dot, digits), <path:p> may contain '/'."""
    response = client_for(app).get(path)
    assert (response.status_code, response.text) == (200, expected)


@pytest.mark.parametrize(
    "path",
    [
        "/users/abc",
        "/users/-1",
        "/users/4.2",
        "/scale/2",
        "/scale/.5",
        "/hello/a/b",
        "/hello/",
        "/files/",
        "/nope",
    ],
)
def test_a_path_no_rule_matches_is_404(app: MiniFlask, client_for: Any, path: str) -> None:
    """If no rule's regex matches the whole path (converters included), the answer is 404."""
    response = client_for(app).get(path)
    assert response.status_code == 404, f"{path}: expected 404, got {response.status_code}"
    assert response.headers["content-type"].startswith("text/html")


def test_an_int_too_long_for_python_is_404_not_500(app: MiniFlask, client_for: Any) -> None:
    """int() refuses strings over 4300 digits; that must read as 'no such URL', not a crash."""
    assert client_for(app).get("/users/" + "9" * 5000).status_code == 404


def test_static_rule_wins_over_dynamic_rule(app: MiniFlask, client_for: Any) -> None:
    """/users/me is static: it wins over /users/<int:user_id> and any <name> rule."""
    assert client_for(app).get("/users/me").text == "the current user"


def test_wrong_method_is_405_with_allow_header(app: MiniFlask, client_for: Any) -> None:
    """DELETE /items matches the path but no rule's methods: 405, and Allow lists what works."""
    response = client_for(app).delete("/items")
    assert response.status_code == 405
    allowed = {method.strip() for method in response.headers["allow"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS", "POST", "PUT"}, f"got Allow: {response.headers['allow']}"


def test_same_path_different_methods_reach_different_views(app: MiniFlask, client_for: Any) -> None:
    """Two rules may share a path; the method picks the view."""
    client = client_for(app)
    assert client.get("/items").text == "list"
    assert client.post("/items").text == "saved with POST"
    assert client.put("/items").text == "saved with PUT"


def test_default_method_is_get_only(app: MiniFlask, client_for: Any) -> None:
    """Without methods=..., a rule answers GET (and HEAD/OPTIONS), and POST is a 405."""
    assert client_for(app).post("/hello/x").status_code == 405


def test_head_has_get_headers_and_no_body(app: MiniFlask, client_for: Any) -> None:
    """HEAD runs the GET view and sends the same headers, Content-Length included, but no body."""
    client = client_for(app)
    get, head = client.get("/hello/Douglas"), client.head("/hello/Douglas")
    assert head.status_code == 200
    assert head.content == b"", f"HEAD must not send a body, got {head.content!r}"
    assert head.headers["content-length"] == get.headers["content-length"] == "15"
    assert head.headers["content-type"] == get.headers["content-type"]


def test_options_is_answered_automatically(app: MiniFlask, client_for: Any) -> None:
    """OPTIONS on a known path: 200, empty body, and Allow lists every accepted method."""
    response = client_for(app).options("/items")
    assert response.status_code == 200
    assert response.content == b""
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
        "POST",
        "PUT",
    }


def test_url_for_builds_paths_from_endpoint_names(app: MiniFlask) -> None:
    """url_for(endpoint, **params): the endpoint is the function name unless endpoint= is given."""
    assert app.url_for("hello", name="Douglas") == "/hello/Douglas"
    assert app.url_for("user", user_id=42) == "/users/42"
    assert app.url_for("files", subpath="a/b c.txt") == "/files/a/b%20c.txt"
    assert app.url_for("about_page") == "/about"
    assert app.url_for("index") == "/"


def test_url_for_quotes_values_and_puts_extra_params_in_query(app: MiniFlask) -> None:
    """A string parameter is one segment, so '/' and spaces are %-escaped; unknown keys -> query."""
    assert app.url_for("hello", name="a/b c") == "/hello/a%2Fb%20c"
    assert app.url_for("hello", name="x", lang="fr", tag=["a", "b"]) == "/hello/x?lang=fr&tag=a&tag=b"


def test_url_for_errors_are_lookup_errors(app: MiniFlask) -> None:
    """An unknown endpoint or a missing parameter raises BuildError (a LookupError)."""
    with pytest.raises(BuildError):
        app.url_for("no_such_view")
    with pytest.raises(LookupError, match="name"):
        app.url_for("hello")


@pytest.mark.parametrize("pattern", ["/bad/<uuid:x>", "/bad/<int:x", "/bad/<>", "/bad/<a>/<a>", "no-slash"])
def test_bad_patterns_fail_at_registration(pattern: str) -> None:
    """Mistakes in a pattern raise ValueError when the route is declared, not on the first request."""
    app = MiniFlask()
    with pytest.raises(ValueError, match=re.escape(pattern)):
        app.route(pattern)(lambda request, **kw: "x")


def test_one_endpoint_name_for_two_views_is_refused() -> None:
    """Two different functions under one endpoint name would make url_for ambiguous."""
    app = MiniFlask()

    @app.route("/a")
    def page(request: Request) -> str:
        return "a"

    with pytest.raises(ValueError, match="page"):

        @app.route("/b", endpoint="page")
        def other(request: Request) -> str:
            return "b"


def test_rules_are_compiled_when_registered() -> None:
    """Each Rule holds a compiled regex made once, at registration: requests only match it."""
    app = MiniFlask()
    app.route("/users/<int:user_id>")(lambda request, user_id: "x")
    rule = app.router.rules[0]
    assert isinstance(rule.regex, re.Pattern), f"Rule.regex should be a compiled pattern, got {rule.regex!r}"
    assert rule.regex.fullmatch("/users/12")
    assert not rule.regex.fullmatch("/users/x")


def test_utf8_path_from_a_real_server_is_decoded(call_wsgi: Any, make_environ: Any) -> None:
    """PEP 3333 servers pass the raw path bytes as latin-1 text; 'Zoë' must come back as 'Zoë'."""
    app = MiniFlask()
    app.route("/hello/<name>")(lambda request, name: f"Hello, {name}!")
    environ = make_environ("/hello/Zoë".encode().decode("latin-1"))
    _start, body = call_wsgi(app, environ)
    assert b"".join(body).decode() == "Hello, Zoë!"


segment = st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s)


@given(
    name=segment,
    number=st.integers(min_value=0, max_value=10**12),
    sub=st.lists(segment, min_size=1, max_size=4),
)
def test_url_for_round_trips_through_routing(
    app: MiniFlask, call_wsgi: Any, make_environ: Any, name: str, number: int, sub: list[str]
) -> None:
    """For any parameter values, the URL url_for builds routes back to the same values.

    The environ is built as a real server does: percent-decode the path into latin-1 text.
    """
    cases = [
        (app.url_for("hello", name=name), f"Hello, {name}!"),
        (app.url_for("user", user_id=number), f"int:{number}"),
        (app.url_for("files", subpath="/".join(sub)), "file:" + "/".join(sub)),
    ]
    for url, expected in cases:
        parts = urlsplit(url)
        environ = make_environ(unquote(parts.path, encoding="latin-1"), query=parts.query)
        start, body = call_wsgi(app, environ)
        assert start.status == "200 OK", f"{url} -> {start.status}"
        assert b"".join(body).decode() == expected
