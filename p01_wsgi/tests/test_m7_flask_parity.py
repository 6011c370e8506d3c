"""Milestone 7 (parity): the same app in Flask and in miniflask answers alike.

Flask is the oracle. We write one small app twice (views differ only in how they get the
request: Flask's global `flask.request`, miniflask's first argument), send both the same
requests, and compare status, key headers and bodies.

Deliberate differences, so they are not compared:
- JSON formatting: miniflask prints `json.dumps` output (`{"id": 1}`, as the seed shows),
  Flask prints compact, sorted JSON plus a newline; we compare JSON bodies as values, and
  skip their Content-Length.
- Error pages: same status and content type, our own wording; we compare the `<title>`.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import flask
import httpx
import miniflask
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from miniflask import MiniFlask, Request, Response


def build_flask() -> flask.Flask:
    app = flask.Flask("parity")
    req = flask.request

    @app.route("/hello/<name>")
    def hello(name: str) -> str:
        return f"Hello, {name}!"

    @app.route("/users/<int:user_id>")
    def user(user_id: int) -> Any:
        return {"id": user_id, "type": type(user_id).__name__}

    @app.route("/scale/<float:x>")
    def scale(x: float) -> Any:
        return {"x": x}

    @app.route("/files/<path:p>")
    def files(p: str) -> str:
        return p

    @app.route("/search")
    def search() -> Any:
        return {key: req.args.getlist(key) for key in req.args}

    @app.route("/users", methods=["POST"])
    def create_user() -> Any:
        return {"id": 1, "name": req.json["name"]}, 201

    @app.route("/form", methods=["POST"])
    def form() -> Any:
        return {key: req.form.getlist(key) for key in req.form}

    @app.route("/items", methods=["GET", "POST"])
    def items() -> str:
        return req.method

    @app.route("/redirect")
    def redirect() -> Any:
        return "", 302, {"Location": "/hello/world"}

    @app.route("/cookie")
    def cookie() -> Any:
        response = flask.make_response("cookies set")
        response.set_cookie("session", "abc123")
        response.set_cookie("prefs", "dark mode", httponly=True, samesite="Lax")
        return response

    @app.route("/read-cookie")
    def read_cookie() -> Any:
        return dict(req.cookies)

    @app.route("/stream")
    def stream() -> Any:
        return (part for part in ["a", "b", "c"])

    @app.route("/need-q")
    def need_q() -> str:
        return req.args["q"]

    @app.route("/boom")
    def boom() -> str:
        return str(1 / 0)

    @app.route("/forbidden")
    def forbidden() -> str:
        flask.abort(403)

    return app


def build_mini() -> MiniFlask:
    app = MiniFlask()

    @app.route("/hello/<name>")
    def hello(request: Request, name: str) -> str:
        return f"Hello, {name}!"

    @app.route("/users/<int:user_id>")
    def user(request: Request, user_id: int) -> Any:
        return {"id": user_id, "type": type(user_id).__name__}

    @app.route("/scale/<float:x>")
    def scale(request: Request, x: float) -> Any:
        return {"x": x}

    @app.route("/files/<path:p>")
    def files(request: Request, p: str) -> str:
        return p

    @app.route("/search")
    def search(request: Request) -> Any:
        return {key: request.args.getlist(key) for key in request.args}

    @app.route("/users", methods=["POST"])
    def create_user(request: Request) -> Any:
        return {"id": 1, "name": request.json["name"]}, 201

    @app.route("/form", methods=["POST"])
    def form(request: Request) -> Any:
        return {key: request.form.getlist(key) for key in request.form}

    @app.route("/items", methods=["GET", "POST"])
    def items(request: Request) -> str:
        return request.method

    @app.route("/redirect")
    def redirect(request: Request) -> Any:
        return "", 302, {"Location": "/hello/world"}

    @app.route("/cookie")
    def cookie(request: Request) -> Any:
        response = Response("cookies set")
        response.set_cookie("session", "abc123")
        response.set_cookie("prefs", "dark mode", httponly=True, samesite="Lax")
        return response

    @app.route("/read-cookie")
    def read_cookie(request: Request) -> Any:
        return dict(request.cookies)

    @app.route("/stream")
    def stream(request: Request) -> Any:
        return (part for part in ["a", "b", "c"])

    @app.route("/need-q")
    def need_q(request: Request) -> str:
        return request.args["q"]

    @app.route("/boom")
    def boom(request: Request) -> str:
        return str(1 / 0)

    @app.route("/forbidden")
    def forbidden(request: Request) -> str:
        miniflask.abort(403)

    return app


def observe(response: httpx.Response) -> dict[str, Any]:
    """What must be equal: status, key headers, and the body (as JSON value, or error title)."""
    headers = response.headers
    content_type = headers.get("content-type", "")
    seen: dict[str, Any] = {
        "status": response.status_code,
        "content-type": content_type,
        "allow": sorted(m.strip() for m in headers["allow"].split(",")) if "allow" in headers else None,
        "location": headers.get("location"),
        "set-cookie": headers.get_list("set-cookie"),
    }
    if response.status_code >= 400:
        title = re.search(r"<title>(.*?)</title>", response.text)
        seen["body"] = title[1] if title else response.text
    elif content_type == "application/json":  # compared as values; HEAD has no body at all
        seen["body"] = json.loads(response.content) if response.content else None
    else:
        seen["body"] = response.content
        seen["content-length"] = headers.get("content-length")
    return seen


@pytest.fixture(scope="module")
def clients() -> tuple[httpx.Client, httpx.Client]:
    def client(app: Any) -> httpx.Client:
        return httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver")

    return client(build_flask()), client(build_mini())


SCENARIOS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/hello/Douglas", {}),
    ("HEAD", "/hello/Douglas", {}),
    ("OPTIONS", "/hello/Douglas", {}),
    ("GET", "/users/42", {}),
    ("GET", "/users/x", {}),
    ("GET", "/scale/2.50", {}),
    ("GET", "/scale/2", {}),
    ("GET", "/files/a/b/c.txt", {}),
    ("GET", "/search?tag=a&tag=b&empty=&plus=a+b&pct=%C3%A9", {}),
    ("POST", "/users", {"json": {"name": "Alice"}}),
    ("POST", "/users", {"content": b'{"name": ', "headers": {"Content-Type": "application/json"}}),
    ("POST", "/users", {"content": b'{"name": "A"}', "headers": {"Content-Type": "text/plain"}}),
    ("GET", "/users", {}),
    ("DELETE", "/items", {}),
    ("POST", "/items", {}),
    ("POST", "/form", {"data": {"a": "1", "b": "x y"}}),
    ("GET", "/redirect", {}),
    ("GET", "/cookie", {}),
    ("GET", "/read-cookie", {"headers": {"Cookie": 'a=1; b="x y"'}}),
    ("GET", "/stream", {}),
    ("GET", "/need-q", {}),
    ("GET", "/need-q?q=found", {}),
    ("GET", "/boom", {}),
    ("GET", "/forbidden", {}),
    ("GET", "/no/such/page", {}),
]


@pytest.mark.parametrize(("method", "url", "kwargs"), SCENARIOS, ids=[f"{m} {u}" for m, u, _ in SCENARIOS])
def test_same_answer_as_flask(
    clients: tuple[httpx.Client, httpx.Client], method: str, url: str, kwargs: dict[str, Any]
) -> None:
    """miniflask answers this request like Flask: same status, content type, Allow, Location,
    Set-Cookie and body. If it differs, the assertion shows Flask's answer (left) and yours."""
    flask_client, mini_client = clients
    expected = observe(flask_client.request(method, url, **kwargs))
    got = observe(mini_client.request(method, url, **kwargs))
    assert got == expected, f"{method} {url}: Flask said {expected}, miniflask said {got}"


SAFE = "abcXYZ019-._~!$&'()*+,;=:@"
segments = st.lists(st.text(alphabet=SAFE, min_size=1, max_size=8), max_size=3)
prefixes = st.sampled_from(["hello", "users", "scale", "files", "search", "items", "form", "nope"])
query_pairs = st.lists(st.tuples(st.text(max_size=6), st.text(max_size=6)), max_size=4)
raw_queries = st.text(alphabet="ab=&+%20;é", max_size=12)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["GET", "POST", "HEAD", "DELETE", "OPTIONS"]),
    prefix=prefixes,
    rest=segments,
    pairs=query_pairs,
    raw=raw_queries,
    use_raw=st.booleans(),
)
@example(method="GET", prefix="hello", rest=["Douglas"], pairs=[("lang", "fr")], raw="", use_raw=False)
@example(method="DELETE", prefix="items", rest=[], pairs=[], raw="", use_raw=False)
@example(method="GET", prefix="search", rest=[], pairs=[], raw="a=%2&b=%20;a", use_raw=True)
def test_generated_requests_get_the_same_answer_as_flask(
    clients: tuple[httpx.Client, httpx.Client],
    method: str,
    prefix: str,
    rest: list[str],
    pairs: list[tuple[str, str]],
    raw: str,
    use_raw: bool,
) -> None:
    """For generated paths, methods and query strings (well-formed or not), miniflask and Flask
    agree on the status, headers and body. (ASCII paths: httpx's test transport does not
    encode non-ASCII paths the PEP 3333 way, so Flask would reject them.)"""
    flask_client, mini_client = clients
    path = "/" + "/".join([prefix, *rest])
    query = raw if use_raw else urlencode(pairs)
    url = path + ("?" + query if query else "")
    expected = observe(flask_client.request(method, url))
    got = observe(mini_client.request(method, url))
    assert got == expected, f"{method} {url}: Flask said {expected}, miniflask said {got}"


def test_streamed_body_matches_flask_without_content_length(
    clients: tuple[httpx.Client, httpx.Client],
) -> None:
    """A generator view is streamed by both: same chunks, and neither sends Content-Length."""
    for client in clients:
        response = client.get("/stream")
        assert response.content == b"abc"
        assert "content-length" not in response.headers
