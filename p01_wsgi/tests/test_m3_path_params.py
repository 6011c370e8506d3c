"""Milestone 3: path parameters, converters and url_for.

A pattern like '/users/<int:user_id>' is compiled to a regex once, when the route is
registered. A request whose path fits gets `view(request, user_id=42)`, the value already
converted. `app.url_for(endpoint, **params)` goes the other way: values to a path.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniflask import BuildError, MiniFlask, Request, Response

from .wsgi import call_wsgi, client_for, make_environ, read_body


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

    @app.route("/about", endpoint="about_page")
    def about(request: Request) -> Response:
        return Response("about")

    return app


def test_path_parameter_is_passed_as_keyword_argument(app: MiniFlask) -> None:
    """GET /hello/Douglas calls hello(request, name='Douglas'): the seed's first outcome."""
    response = client_for(app).get("/hello/Douglas")
    assert response.status_code == 200
    assert response.text == "Hello, Douglas!", f"expected 'Hello, Douglas!', got {response.text!r}"
    assert response.headers["content-type"] == "text/plain"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/users/42", "int:42"),
        ("/users/007", "int:7"),
        ("/scale/1.5", "float:1.5"),
        ("/files/a/b/c.txt", "file:a/b/c.txt"),
        ("/files/x", "file:x"),
        ("/hello/a b", "Hello, a b!"),
    ],
)
def test_converters_turn_path_text_into_python_values(app: MiniFlask, path: str, expected: str) -> None:
    """<int:x> is digits only, given as an int; <float:x> is digits, a dot, digits, given as a
    float; <path:p> is any text, '/' included; <name> (string) is any text without '/'."""
    response = client_for(app).get(path)
    assert (response.status_code, response.text) == (200, expected)


def test_path_parameter_may_hold_a_newline(app: MiniFlask) -> None:
    """The server percent-decodes the path, so /files/a%0Ab arrives as 'a\\nb' and <path:p> must
    match it. A regex '.' stops at a newline unless the pattern is compiled with re.DOTALL."""
    start, body = call_wsgi(app, make_environ("/files/a\nb"))
    assert (start.status, read_body(body)) == ("200 OK", b"file:a\nb"), f"got {start.status!r}"
    start, body = call_wsgi(app, make_environ("/hello/x\ny"))
    assert (start.status, read_body(body)) == ("200 OK", b"Hello, x\ny!"), f"got {start.status!r}"


@pytest.mark.parametrize(
    "path",
    [
        "/users/abc",
        "/users/-1",
        "/users/4.2",
        "/users/42/",
        "/scale/2",
        "/scale/.5",
        "/hello/a/b",
        "/hello/",
        "/files/",
        "/files//x",
        "/nope",
    ],
)
def test_a_path_no_rule_matches_is_404(app: MiniFlask, path: str) -> None:
    """The whole path must fit a rule's regex (no partial matches, no trailing '/'), or it is a 404.
    int takes no sign and no dot, float needs digits on both sides of the dot, path needs at
    least one character and must not start with '/'."""
    response = client_for(app).get(path)
    assert response.status_code == 404, f"{path}: expected 404, got {response.status_code}"
    assert response.headers["content-type"].startswith("text/html")


def test_an_int_too_long_for_python_is_404_not_500(app: MiniFlask) -> None:
    """int() refuses strings over 4300 digits with a ValueError: that means no such URL (404), not a
    crash."""
    assert client_for(app).get("/users/" + "9" * 5000).status_code == 404


def test_static_rule_wins_over_dynamic_rule(app: MiniFlask) -> None:
    """/users/me has no parameter: it wins over /users/<int:user_id> and any <name> rule, even
    one registered earlier."""
    assert client_for(app).get("/users/me").text == "the current user"
    other = MiniFlask()
    other.route("/<page>", endpoint="page")(lambda request, page: Response(f"page {page}"))
    other.route("/about", endpoint="about")(lambda request: Response("about"))
    assert client_for(other).get("/about").text == "about"
    assert client_for(other).get("/contact").text == "page contact"


def test_first_registered_dynamic_rule_wins() -> None:
    """Two dynamic rules that both fit: the one registered first answers."""
    app = MiniFlask()
    app.route("/<int:n>", endpoint="number")(lambda request, n: Response("int"))
    app.route("/<name>", endpoint="any")(lambda request, name: Response("string"))
    client = client_for(app)
    assert (client.get("/7").text, client.get("/x").text) == ("int", "string")


def test_url_for_builds_paths_from_endpoint_names(app: MiniFlask) -> None:
    """url_for(endpoint, **params): the endpoint is the function name unless endpoint= is given."""
    assert app.url_for("hello", name="Douglas") == "/hello/Douglas"
    assert app.url_for("user", user_id=42) == "/users/42"
    assert app.url_for("files", subpath="a/b c.txt") == "/files/a/b%20c.txt"
    assert app.url_for("about_page") == "/about"
    assert app.url_for("index") == "/"


def test_url_for_quotes_values_and_puts_extra_params_in_query(app: MiniFlask) -> None:
    """Values are %-escaped with urllib.parse.quote: a string parameter is one segment, so '/' is
    escaped too (%2F), a path parameter keeps its '/'. Keys that are not parameters go into the
    query string, urlencoded, a list giving the key once per item."""
    assert app.url_for("hello", name="a/b c") == "/hello/a%2Fb%20c"
    assert app.url_for("hello", name="x", lang="fr", tag=["a", "b"]) == "/hello/x?lang=fr&tag=a&tag=b"


def test_url_for_errors_are_lookup_errors(app: MiniFlask) -> None:
    """An unknown endpoint, or a missing parameter, raises BuildError (a LookupError) whose
    message names the missing parameter."""
    with pytest.raises(BuildError):
        app.url_for("no_such_view")
    with pytest.raises(BuildError, match="name"):
        app.url_for("hello")


@pytest.mark.parametrize(
    "pattern", ["/bad/<uuid:x>", "/bad/<int:x", "/bad/<>", "/bad/x>", "/bad/<a>/<a>", "no-slash"]
)
def test_bad_patterns_fail_at_registration(pattern: str) -> None:
    """Mistakes in a pattern (an unknown converter, a '<' or '>' that is not part of a
    <parameter>, a name used twice, no leading '/') raise ValueError when the route is declared,
    not on the first request. The message must contain the pattern, exactly as written."""
    app = MiniFlask()
    with pytest.raises(ValueError, match=re.escape(pattern)):
        app.route(pattern)(lambda request, **kw: Response("x"))


def test_one_endpoint_name_for_two_views_is_refused() -> None:
    """Two different functions under one endpoint name would make url_for ambiguous: ValueError
    naming the endpoint."""
    app = MiniFlask()

    @app.route("/a")
    def page(request: Request) -> Response:
        return Response("a")

    with pytest.raises(ValueError, match="page"):

        @app.route("/b", endpoint="page")
        def other(request: Request) -> Response:
            return Response("b")


def test_rules_are_compiled_when_registered() -> None:
    """Each Rule holds `regex`, a compiled re.Pattern made once at registration (the app keeps
    its rules in app.router.rules, in order); a request only runs it."""
    app = MiniFlask()
    app.route("/users/<int:user_id>")(lambda request, user_id: Response("x"))
    rule = app.router.rules[0]
    assert isinstance(rule.regex, re.Pattern), f"Rule.regex should be a compiled pattern, got {rule.regex!r}"
    assert rule.regex.fullmatch("/users/12")
    assert not rule.regex.fullmatch("/users/x")


def test_dispatch_does_not_inspect_views_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """Views are called as view(request, **params): no inspect.signature while answering a request."""
    app = MiniFlask()
    app.route("/hello/<name>")(lambda request, name: Response(name))

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("inspect.signature was called while handling a request")

    monkeypatch.setattr(inspect, "signature", forbidden)
    assert client_for(app).get("/hello/x").text == "x"


def test_utf8_path_from_a_real_server_is_decoded() -> None:
    """PEP 3333 servers pass the raw path bytes as latin-1 text; 'Zoë' arrives as 'ZoÃ«' and must
    reach the view as 'Zoë'."""
    app = MiniFlask()
    app.route("/hello/<name>")(lambda request, name: Response(f"Hello, {name}!"))
    environ = make_environ("/hello/Zoë".encode().decode("latin-1"))
    _start, body = call_wsgi(app, environ)
    assert read_body(body).decode() == "Hello, Zoë!"


def test_already_decoded_unicode_path_is_kept() -> None:
    """Some test transports put real Unicode in PATH_INFO; a path that is not latin-1 is kept as it is."""
    assert Request(make_environ("/hello/€")).path == "/hello/€"


segment = st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s)


@given(
    name=segment,
    number=st.integers(min_value=0, max_value=10**12),
    sub=st.lists(segment, min_size=1, max_size=4),
)
@example(name="Douglas", number=42, sub=["docs", "index.html"])
@example(name="a b?c#d%e", number=0, sub=["x y", "ünï"])
@example(name="line\nbreak", number=7, sub=["a\nb", "c"])
def test_url_for_round_trips_through_routing(app: MiniFlask, name: str, number: int, sub: list[str]) -> None:
    """For any parameter values, the URL url_for builds routes back to the same values.

    The environ is built as a real server does: percent-decode the path into latin-1 text."""
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
        assert read_body(body).decode() == expected
