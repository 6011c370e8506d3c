"""Milestone 1: an ASGI app that routes requests to async handlers and answers them."""

from __future__ import annotations

import pytest
from miniasgi import JSONResponse, MiniASGI, PlainTextResponse, Request, Response
from miniasgi.testclient import TestClient


@pytest.fixture
def app() -> MiniASGI:
    app = MiniASGI()

    @app.route("/")
    async def home(request: Request) -> Response:
        return Response("home", media_type="text/plain")

    @app.route("/hello/{name}")
    async def hello(request: Request, name: str) -> JSONResponse:
        return JSONResponse({"hello": name})

    @app.route("/users/{user_id}/posts/{post_id}")
    async def post(request: Request, user_id: str, post_id: str) -> dict[str, str]:
        return {"user": user_id, "post": post_id, "via": request.path_params["post_id"]}

    @app.route("/items", methods=["POST", "PUT"])
    async def items(request: Request) -> str:
        return f"method={request.method}"

    @app.route("/list")
    async def as_list(request: Request) -> list[int]:
        return [1, 2, 3]

    @app.route("/sync")
    def sync_handler(request: Request) -> str:
        return "from a thread"

    return app


def test_app_is_an_asgi_callable_that_sends_start_then_body(app, drive, scope):
    """The app must send exactly one http.response.start, then the body. Look at Response.__call__."""
    sent = drive(app, scope("/"))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent.status == 200
    assert sent.body == b"home"


def test_path_parameter_is_passed_as_keyword_argument(app):
    """`/hello/{name}` must call `hello(request, name="ada")`. Look at compile_path and the router."""
    response = TestClient(app).get("/hello/ada")
    assert response.status_code == 200
    assert response.json() == {"hello": "ada"}, f"got {response.text!r}"


def test_several_path_parameters_and_request_path_params(app):
    """Every `{param}` becomes a keyword argument and also appears in request.path_params."""
    response = TestClient(app).get("/users/7/posts/42")
    assert response.json() == {"user": "7", "post": "42", "via": "42"}


def test_unknown_path_is_404(app):
    """No route matches: the router raises HTTPException(404), which becomes a plain 404."""
    response = TestClient(app).get("/nowhere")
    assert response.status_code == 404
    assert response.text == "Not Found"


def test_wrong_method_is_405_with_allow_header(app):
    """The path matches but the method does not: 405 and an Allow header listing the methods."""
    response = TestClient(app).get("/items")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST, PUT", f"got {response.headers.get('allow')!r}"
    assert TestClient(app).put("/items").text == "method=PUT"


def test_head_is_answered_like_get_but_without_body(app):
    """A GET route also answers HEAD: same headers (Content-Length included), empty body."""
    response = TestClient(app).head("/")
    assert response.status_code == 200
    assert response.headers["content-length"] == "4"
    assert response.content == b""


def test_handler_return_values_are_converted(app):
    """str -> text/plain, dict/list -> JSON. Look at to_response in routing.py."""
    client = TestClient(app)
    text = client.get("/sync")
    assert (text.text, text.headers["content-type"]) == ("from a thread", "text/plain; charset=utf-8")
    listing = client.get("/list")
    assert (listing.json(), listing.headers["content-type"]) == ([1, 2, 3], "application/json")


def test_unsupported_return_value_is_a_500(drive, scope):
    """Returning e.g. an int is a programming error: TypeError, answered as a 500."""
    app = MiniASGI()

    @app.route("/")
    async def bad(request: Request) -> int:
        return 42

    with pytest.raises(TypeError, match="must return a Response"):
        TestClient(app).get("/")
    assert TestClient(app, raise_server_exceptions=False).get("/").status_code == 500


def test_handler_signature_is_checked_when_the_route_is_registered():
    """A handler that cannot take `{name}` must fail at import time, not on the first request."""
    app = MiniASGI()
    with pytest.raises(TypeError, match="name"):

        @app.route("/hello/{name}")
        async def hello(request: Request) -> str:
            return "?"

    @app.route("/anything/{a}/{b}")
    async def catch_all(request: Request, **params: str) -> str:
        return ",".join(params)

    assert TestClient(app).get("/anything/x/y").text == "a,b"


def test_route_path_must_start_with_slash():
    """Route templates are absolute paths; a typo like 'hello' is rejected at registration."""
    app = MiniASGI()
    with pytest.raises(ValueError, match="start with '/'"):
        app.route("hello")(lambda request: "x")


def test_path_parameter_does_not_cross_slashes(app):
    """`{name}` matches one path segment only, so /hello/a/b is a 404."""
    assert TestClient(app).get("/hello/a/b").status_code == 404


def test_a_trailing_newline_is_not_ignored_by_the_route_regex(app):
    """`/list%0A` decodes to '/list\\n'. A regex ending in `$` still matches it (`$` also matches
    before a final newline), so end the compiled pattern with `\\Z` instead: this is a 404."""
    assert TestClient(app).get("/list%0A").status_code == 404
    assert TestClient(app).get("/hello/ada%0A").json() == {"hello": "ada\n"}


def test_response_headers_content_length_and_charset():
    """Response derives Content-Length from the body and adds charset to text types only."""
    text = PlainTextResponse("héllo")
    assert dict(text.headers) == {"content-length": "6", "content-type": "text/plain; charset=utf-8"}
    data = JSONResponse({"a": "é"})
    assert data.body == '{"a":"é"}'.encode()
    assert dict(data.headers) == {"content-length": str(len(data.body)), "content-type": "application/json"}
    empty = Response(status_code=204)
    assert "content-length" not in empty.headers


def test_request_exposes_scope_pieces(drive, scope):
    """Request reads method, path, url, headers, query params, cookies and client from the scope."""
    seen = {}
    app = MiniASGI()

    @app.route("/inspect")
    async def inspect(request: Request) -> str:
        seen.update(
            method=request.method,
            path=request.path,
            url=str(request.url),
            agent=request.headers["User-Agent"],
            tags=request.query_params.getlist("tag"),
            cookie=request.cookies.get("session"),
            client=request.client.host if request.client else None,
            app=request.app,
        )
        return "ok"

    TestClient(app).get("/inspect?tag=a&tag=b", headers={"cookie": "session=abc; theme=dark"})
    assert seen == {
        "method": "GET",
        "path": "/inspect",
        "url": "http://testserver/inspect?tag=a&tag=b",
        "agent": "testclient",
        "tags": ["a", "b"],
        "cookie": "abc",
        "client": "testclient",
        "app": app,
    }
