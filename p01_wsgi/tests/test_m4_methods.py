"""Milestone 4: methods, 405, HEAD and OPTIONS.

`@app.route(pattern, methods=[...])` says which HTTP methods a view answers (GET by default).
A path that exists but does not take the request's method is a 405 whose `Allow` header says
what would work. As in Flask, HEAD and OPTIONS come for free: every GET route answers HEAD
(headers, no body), and every route answers OPTIONS with `Allow`.
"""

from __future__ import annotations

import pytest
from miniflask import MiniFlask, Request, Response

from .wsgi import call_wsgi, client_for, make_environ

ALL_ITEMS = "GET, HEAD, OPTIONS, POST, PUT"


@pytest.fixture(scope="module")
def app() -> MiniFlask:
    app = MiniFlask()

    @app.route("/hello/<name>")
    def hello(request: Request, name: str) -> Response:
        return Response(f"Hello, {name}!", content_type="text/plain")

    @app.route("/items", methods=["GET"])
    def list_items(request: Request) -> Response:
        return Response("list")

    @app.route("/items", methods=["POST", "put"])
    def save_item(request: Request) -> Response:
        return Response(f"saved with {request.method}")

    @app.route("/only-post", methods=["POST"])
    def only_post(request: Request) -> Response:
        return Response("posted")

    @app.route("/things/<int:n>", methods=["DELETE"])
    def delete_thing(request: Request, n: int) -> Response:
        return Response(f"deleted {n}")

    return app


def test_same_path_different_methods_reach_different_views(app: MiniFlask) -> None:
    """Two rules may share a path; the method picks the view. Method names are not case-sensitive
    in methods=[...] ('put' means PUT)."""
    client = client_for(app)
    assert client.get("/items").text == "list"
    assert client.post("/items").text == "saved with POST"
    assert client.put("/items").text == "saved with PUT"


def test_default_method_is_get_only(app: MiniFlask) -> None:
    """Without methods=..., a rule answers GET (and HEAD and OPTIONS); POST is a 405."""
    assert client_for(app).post("/hello/x").status_code == 405


def test_wrong_method_is_405_with_allow_header(app: MiniFlask) -> None:
    """DELETE /items fits the path but no rule's methods: '405 Method Not Allowed', and Allow
    lists every method the path takes, sorted alphabetically and joined with ', '."""
    response = client_for(app).delete("/items")
    assert response.status_code == 405
    assert response.headers["allow"] == ALL_ITEMS, (
        f"expected Allow: {ALL_ITEMS}, got {response.headers['allow']}"
    )
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>405 Method Not Allowed</title>" in response.text


def test_allow_on_a_post_only_route_and_a_dynamic_one(app: MiniFlask) -> None:
    """A POST-only route allows 'OPTIONS, POST' (no HEAD without GET); dynamic routes work the same."""
    client = client_for(app)
    assert client.get("/only-post").headers["allow"] == "OPTIONS, POST"
    assert client.get("/things/3").headers["allow"] == "DELETE, OPTIONS"
    assert client.delete("/things/3").text == "deleted 3"


def test_a_path_no_rule_matches_is_still_404(app: MiniFlask) -> None:
    """405 is only for a path some rule fits: any method on an unknown path is 404."""
    assert client_for(app).delete("/nope").status_code == 404
    assert client_for(app).post("/things/x").status_code == 404


def test_head_has_get_headers_and_no_body(app: MiniFlask) -> None:
    """HEAD runs the GET view and sends the same status and headers, Content-Length included
    (the length the body would have), but no body at all."""
    client = client_for(app)
    get, head = client.get("/hello/Douglas"), client.head("/hello/Douglas")
    assert head.status_code == 200
    assert head.content == b"", f"HEAD must not send a body, got {head.content!r}"
    assert head.headers["content-length"] == get.headers["content-length"] == "15"
    assert head.headers["content-type"] == get.headers["content-type"]


def test_head_returns_an_empty_iterable() -> None:
    """Under WSGI the Response answers HEAD by calling start_response as for GET, then
    returning an empty iterable (the server sends the headers only)."""
    start, body = call_wsgi(Response("Hello"), make_environ("/", "HEAD"))
    assert start.status == "200 OK"
    assert start.header("Content-Length") == "5"
    assert list(body) == [], f"HEAD: expected no body chunks, got {list(body)}"


def test_options_is_answered_automatically(app: MiniFlask) -> None:
    """OPTIONS on a known path: 200, an empty body, and Allow lists every method the path takes
    (same format as on a 405). The views are not called."""
    response = client_for(app).options("/items")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["allow"] == ALL_ITEMS, (
        f"expected Allow: {ALL_ITEMS}, got {response.headers['allow']}"
    )


def test_a_route_may_answer_options_itself() -> None:
    """A rule that lists OPTIONS in methods=[...] gets OPTIONS requests like any other method."""
    own = MiniFlask()
    own.route("/cors", methods=["GET", "OPTIONS"])(lambda request: Response(f"own {request.method}"))
    response = client_for(own).options("/cors")
    assert (response.status_code, response.text) == (200, "own OPTIONS")
