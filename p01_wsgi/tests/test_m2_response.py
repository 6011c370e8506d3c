"""Milestone 2 (part 2): building responses.

`Response(body, status, headers, content_type)` picks a content type from the body (text,
bytes, JSON for dict/list, a stream for iterators), computes Content-Length for buffered
bodies, and sets cookies. Views may also return plain values and tuples, as in Flask.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from miniflask import MiniFlask, Request, Response


def test_text_response_defaults(client_for: Any) -> None:
    """A str body is UTF-8 encoded, text/html; charset=utf-8, with the right Content-Length."""
    app = MiniFlask()
    app.route("/")(lambda request: Response("héllo"))
    response = client_for(app).get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-length"] == "6", "Content-Length counts bytes, not characters"
    assert response.text == "héllo"


@pytest.mark.parametrize(
    ("body", "content_type", "raw"),
    [
        (b"\x00\x01", "text/html; charset=utf-8", b"\x00\x01"),
        ({"a": [1, 2]}, "application/json", b'{"a": [1, 2]}'),
        ([1, "two"], "application/json", b'[1, "two"]'),
        ("", "text/html; charset=utf-8", b""),
    ],
)
def test_body_type_decides_the_content_type(
    client_for: Any, body: Any, content_type: str, raw: bytes
) -> None:
    """bytes -> as is; dict and list -> JSON (json.dumps, as the seed shows); '' -> empty body."""
    app = MiniFlask()
    app.route("/")(lambda request: Response(body))
    response = client_for(app).get("/")
    assert response.headers["content-type"] == content_type
    assert response.content == raw
    assert response.headers["content-length"] == str(len(raw))


def test_status_headers_and_content_type_arguments(client_for: Any) -> None:
    """status=, headers= (dict or pairs) and content_type= all reach the client."""
    app = MiniFlask()
    app.route("/")(
        lambda request: Response("x", status=418, headers={"X-One": "1"}, content_type="text/plain")
    )
    app.route("/pairs", endpoint="pairs")(
        lambda request: Response(b"y", headers=[("X-Two", "2"), ("Content-Type", "image/png")])
    )
    client = client_for(app)
    response = client.get("/")
    assert response.status_code == 418
    assert response.headers["x-one"] == "1"
    assert response.headers["content-type"] == "text/plain"
    assert client.get("/pairs").headers["content-type"] == "image/png", "an explicit Content-Type header wins"


def test_unknown_status_code_still_works(client_for: Any) -> None:
    """A status without a standard reason phrase (e.g. 599) is still sent."""
    app = MiniFlask()
    app.route("/")(lambda request: Response("odd", status=599))
    assert client_for(app).get("/").status_code == 599


def test_response_headers_are_case_insensitive_and_editable() -> None:
    """response.headers['x-a'] = ... replaces any X-A; add() appends; del removes."""
    response = Response("x", headers={"X-A": "1"})
    response.headers["x-a"] = "2"
    response.headers.add("X-B", "1")
    response.headers.add("X-B", "2")
    assert response.headers["X-A"] == "2"
    assert response.headers.getlist("x-b") == ["1", "2"]
    del response.headers["X-B"]
    assert "x-b" not in response.headers
    assert response.content_type == "text/html; charset=utf-8"


def test_set_cookie(client_for: Any) -> None:
    """set_cookie adds one Set-Cookie header per cookie, with the attributes asked for."""
    app = MiniFlask()

    @app.route("/")
    def index(request: Request) -> Response:
        response = Response("ok")
        response.set_cookie("session", "abc123")
        response.set_cookie("prefs", "dark mode", max_age=60, httponly=True, secure=True, samesite="Lax")
        return response

    response = client_for(app).get("/")
    cookies = response.headers.get_list("set-cookie")
    assert cookies[0] == "session=abc123; Path=/"
    assert cookies[1] == 'prefs="dark mode"; Max-Age=60; Secure; HttpOnly; Path=/; SameSite=Lax'
    assert response.cookies["session"] == "abc123"


def test_cookie_values_round_trip(client_for: Any) -> None:
    """A value with quotes, commas, semicolons or non-ASCII survives set_cookie then request.cookies."""
    value = 'a "quoted", semi; ünïcode \\ value'
    app = MiniFlask()

    @app.route("/set")
    def set_(request: Request) -> Response:
        response = Response("ok")
        response.set_cookie("v", value)
        return response

    app.route("/get")(lambda request: Response(request.cookies["v"]))
    client = client_for(app)
    header = client.get("/set").headers["set-cookie"]
    raw = header.split("; Path=")[0].removeprefix("v=")
    assert client.get("/get", headers={"Cookie": f"v={raw}"}).text == value


@pytest.mark.parametrize(
    ("returned", "status", "body", "header"),
    [
        ("text", 200, b"text", None),
        (b"bytes", 200, b"bytes", None),
        ({"a": 1}, 200, b'{"a": 1}', None),
        (["x"], 200, b'["x"]', None),
        (("created", 201), 201, b"created", None),
        (("with header", {"X-Extra": "1"}), 200, b"with header", "1"),
        (("both", 202, {"X-Extra": "2"}), 202, b"both", "2"),
        (({"id": 1}, 201, [("X-Extra", "3")]), 201, b'{"id": 1}', "3"),
    ],
)
def test_views_may_return_plain_values_and_tuples(
    client_for: Any, returned: Any, status: int, body: bytes, header: str | None
) -> None:
    """Return conversion: str/bytes/dict/list -> Response; (body, status), (body, headers),
    (body, status, headers) set the status and add headers."""
    app = MiniFlask()
    app.route("/")(lambda request: returned)
    response = client_for(app).get("/")
    assert (response.status_code, response.content) == (status, body)
    assert response.headers.get("x-extra") == header


def test_a_response_in_a_tuple_gets_the_new_status(client_for: Any) -> None:
    """(Response(...), 203): the Response is kept, and the tuple's status replaces its own."""
    app = MiniFlask()
    app.route("/")(lambda request: (Response("resp", headers={"X-Kept": "1"}), 203))
    response = client_for(app).get("/")
    assert (response.status_code, response.text, response.headers["x-kept"]) == (203, "resp", "1")


@pytest.mark.parametrize("returned", [None, 42, ("a", 200, {}, "extra")], ids=repr)
def test_returning_something_unusable_is_a_500(client_for: Any, returned: Any) -> None:
    """None (a forgotten return), a number, a 4-tuple: a TypeError inside, a 500 outside."""
    app = MiniFlask()
    app.route("/")(lambda request: returned)
    assert client_for(app).get("/").status_code == 500


def test_generator_body_is_streamed_lazily(call_wsgi: Any, make_environ: Any) -> None:
    """A generator is not run before the server iterates it: the body is streamed, not buffered.

    (httpx's WSGITransport collects the whole body, so we call the WSGI app directly.)
    """
    produced: list[str] = []

    def chunks() -> Iterator[str]:
        for word in ("one ", "two ", "three"):
            produced.append(word)
            yield word

    app = MiniFlask()
    app.route("/stream")(lambda request: Response(chunks(), content_type="text/plain"))
    start, body = call_wsgi(app, make_environ("/stream"))
    assert start.status == "200 OK"
    assert start.header("content-length") is None, "a streamed body has no Content-Length"
    assert produced == [], f"nothing should be produced before iteration, got {produced}"
    iterator = iter(body)
    assert next(iterator) == b"one "
    assert produced == ["one "], "chunks must be produced one at a time, as the server asks"
    assert b"".join(iterator) == b"two three"


def test_closing_the_stream_closes_the_view_generator(call_wsgi: Any, make_environ: Any) -> None:
    """When the client goes away the server calls close(); the view's generator must be closed too."""
    closed: list[bool] = []

    def chunks() -> Iterator[bytes]:
        try:
            yield b"a"
            yield b"b"
        finally:
            closed.append(True)

    app = MiniFlask()
    app.route("/")(lambda request: chunks())
    _, body = call_wsgi(app, make_environ("/"))
    assert next(iter(body)) == b"a"
    body.close()  # type: ignore[attr-defined]
    assert closed == [True]


def test_head_on_a_stream_sends_nothing(call_wsgi: Any, make_environ: Any) -> None:
    """HEAD with a generator body: headers only; the generator is never run."""
    produced: list[bytes] = []

    def chunks() -> Iterator[bytes]:
        produced.append(b"x")
        yield b"x"

    app = MiniFlask()
    app.route("/")(lambda request: chunks())
    start, body = call_wsgi(app, make_environ("/", "HEAD"))
    assert start.status == "200 OK"
    assert list(body) == []
    assert produced == []


def test_response_is_a_wsgi_app(call_wsgi: Any, make_environ: Any) -> None:
    """Response(...)(environ, start_response) starts the response and returns the body chunks."""
    start, body = call_wsgi(Response("hi", status=201), make_environ("/"))
    assert start.status == "201 Created"
    assert ("Content-Length", "2") in start.headers
    assert b"".join(body) == b"hi"


def test_unsupported_body_type_is_a_clear_type_error() -> None:
    """Response(3.14) is a programming mistake: TypeError naming what is accepted."""
    with pytest.raises(TypeError, match="str, bytes, dict, list"):
        Response(3.14)  # type: ignore[arg-type]


def test_dispatch_does_not_inspect_views_per_request(
    client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Views are called as view(request, **params): no inspect.signature on the request path."""
    app = MiniFlask()
    app.route("/hello/<name>")(lambda request, name: name)

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("inspect.signature was called while handling a request")

    monkeypatch.setattr(inspect, "signature", forbidden)
    assert client_for(app).get("/hello/x").text == "x"


def test_headers_container_basics() -> None:
    """Headers copies from a mapping, pairs or another Headers; [] on a missing name is a KeyError."""
    from miniflask import Headers

    original = Headers({"X-A": "1"})
    copy = Headers(original)
    copy.add("X-A", "2")
    assert len(original) == 1
    assert len(copy) == 2
    assert copy.items() == [("X-A", "1"), ("X-A", "2")]
    assert "X-A" in repr(copy)
    with pytest.raises(KeyError):
        copy["X-Missing"]
