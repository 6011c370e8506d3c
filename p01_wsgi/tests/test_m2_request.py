"""Milestone 2 (part 1): reading the request.

`Request` wraps the WSGI environ: query args (several values per key), headers (any case),
cookies, the raw body (with a size limit), JSON and urlencoded forms. Bad input is the
client's fault, so it must give 400/413/415 with a clear message, never a 500.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from miniflask import MiniFlask, Request, Response


@pytest.fixture(scope="module")
def app() -> MiniFlask:
    app = MiniFlask(max_content_length=100)

    @app.route("/args")
    def args(request: Request) -> Response:
        return Response({key: request.args.getlist(key) for key in request.args})

    @app.route("/first")
    def first(request: Request) -> Response:
        return Response(request.args["q"])

    @app.route("/headers")
    def headers(request: Request) -> Response:
        h = request.headers
        return Response({"x": h["x-custom"], "X": h.get("X-CUSTOM"), "missing": h.get("x-nope")})

    @app.route("/cookies")
    def cookies(request: Request) -> Response:
        return Response(request.cookies)

    @app.route("/users", methods=["POST"])
    def create_user(request: Request) -> Response:
        data = request.json
        return Response({"id": 1, "name": data["name"]}, status=201)

    @app.route("/echo-json", methods=["POST"])
    def echo_json(request: Request) -> Response:
        return Response({"got": request.json})

    @app.route("/form", methods=["POST"])
    def form(request: Request) -> Response:
        return Response({key: request.form.getlist(key) for key in request.form})

    @app.route("/need-name", methods=["POST"])
    def need_name(request: Request) -> Response:
        return Response(request.form["name"])

    @app.route("/raw", methods=["POST"])
    def raw(request: Request) -> Response:
        return Response(request.data)

    return app


def test_query_args_keep_every_value(app: MiniFlask, client_for: Any) -> None:
    """?tag=a&tag=b&x=1&empty= -> getlist gives all values in order; blank values are kept."""
    response = client_for(app).get("/args?tag=a&tag=b&x=1&empty=&sp=a+b%21")
    assert response.json() == {"tag": ["a", "b"], "x": ["1"], "empty": [""], "sp": ["a b!"]}


def test_args_item_is_the_first_value(app: MiniFlask, client_for: Any) -> None:
    """request.args['q'] is the first value sent for q."""
    assert client_for(app).get("/first?q=one&q=two").text == "one"


def test_missing_query_key_is_a_400_not_a_500(app: MiniFlask, client_for: Any) -> None:
    """args['q'] with no q raises a KeyError that is also a 400 Bad Request (as in Flask)."""
    response = client_for(app).get("/first")
    assert response.status_code == 400, f"expected 400, got {response.status_code}"
    assert "q" in response.text


def test_headers_are_case_insensitive(app: MiniFlask, client_for: Any) -> None:
    """request.headers['x-custom'] and .get('X-CUSTOM') find the same header; missing -> None."""
    response = client_for(app).get("/headers", headers={"X-Custom": "yes"})
    assert response.json() == {"x": "yes", "X": "yes", "missing": None}


def test_headers_include_content_type_and_length(make_environ: Any) -> None:
    """CONTENT_TYPE and CONTENT_LENGTH live in the environ without HTTP_; headers shows them too."""
    environ = make_environ(body=b"{}", headers={"Content-Type": "application/json", "Accept": "*/*"})
    headers = Request(environ).headers
    assert headers["content-type"] == "application/json"
    assert headers["Content-Length"] == "2"
    assert headers["accept"] == "*/*"
    assert "ACCEPT" in headers
    assert "x-nope" not in headers


def test_cookies_are_parsed(app: MiniFlask, client_for: Any) -> None:
    """Cookie: a=1; b="x y"; junk -> {'a': '1', 'b': 'x y'}: quotes removed, junk skipped."""
    response = client_for(app).get("/cookies", headers={"Cookie": 'a=1; b="x y"; junk; c=; a=2'})
    assert response.json() == {"a": "1", "b": "x y", "c": ""}


def test_json_body_seed_example(app: MiniFlask, client_for: Any) -> None:
    """POST /users {"name": "Alice"} -> 201 {"id": 1, "name": "Alice"}: the seed's second outcome."""
    response = client_for(app).post("/users", json={"name": "Alice"})
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert response.content == b'{"id": 1, "name": "Alice"}', f"got {response.content!r}"


def test_malformed_json_is_400_with_a_clear_message(app: MiniFlask, client_for: Any) -> None:
    """A body that is not JSON gives 400 and says so; it must never be a 500."""
    response = client_for(app).post(
        "/users", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, f"expected 400, got {response.status_code}"
    assert "JSON" in response.text


@pytest.mark.parametrize(
    "body", [b"", b"\xff\xfe\xfa", b"[" * 100_000, b"{'single': 'quotes'}", b"NaNa"], ids=repr
)
def test_more_bad_json_bodies_are_400(client_for: Any, body: bytes) -> None:
    """Empty, not UTF-8, absurdly nested, or just wrong: all 400 (with no size limit in the way)."""
    app = MiniFlask(max_content_length=None)
    app.route("/j", methods=["POST"])(lambda request: Response({"got": request.json}))
    response = client_for(app).post("/j", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, f"{body[:20]!r}: expected 400, got {response.status_code}"


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_json_with_wrong_content_type_is_415(
    app: MiniFlask, client_for: Any, content_type: str | None
) -> None:
    """request.json needs Content-Type: application/json (Flask's choice too): otherwise 415."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = client_for(app).post("/users", content=b'{"name": "A"}', headers=headers)
    assert response.status_code == 415, f"expected 415, got {response.status_code}"


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/problem+json"])
def test_json_content_type_variants_are_accepted(app: MiniFlask, client_for: Any, content_type: str) -> None:
    """Parameters after ';' are ignored, and application/<anything>+json counts as JSON."""
    response = client_for(app).post("/echo-json", content=b"[1, 2]", headers={"Content-Type": content_type})
    assert response.json() == {"got": [1, 2]}


@given(body=st.binary(max_size=80))
def test_any_json_body_is_200_or_400(app: MiniFlask, client_for: Any, body: bytes) -> None:
    """Whatever bytes arrive as JSON, the answer is a parse (200) or a 400: never a 500."""
    response = client_for(app).post("/echo-json", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 400), f"{body!r} -> {response.status_code}"


def test_urlencoded_form(app: MiniFlask, client_for: Any) -> None:
    """application/x-www-form-urlencoded bodies fill request.form (repeated keys kept)."""
    response = client_for(app).post(
        "/form", content=b"a=1&b=x+y&a=2", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.json() == {"a": ["1", "2"], "b": ["x y"]}


def test_form_is_empty_for_other_content_types(app: MiniFlask, client_for: Any) -> None:
    """A JSON body is not a form: request.form is empty rather than an error."""
    assert client_for(app).post("/form", json={"a": 1}).json() == {}


def test_missing_form_field_is_400(app: MiniFlask, client_for: Any) -> None:
    """request.form['name'] when the client sent no name: 400 Bad Request."""
    response = client_for(app).post("/need-name", data={"other": "x"})
    assert response.status_code == 400


def test_raw_body(app: MiniFlask, client_for: Any) -> None:
    """request.data is the body bytes, exactly."""
    assert client_for(app).post("/raw", content=b"\x00binary\xff").content == b"\x00binary\xff"


def test_body_over_the_limit_is_413(app: MiniFlask, client_for: Any) -> None:
    """A body larger than max_content_length (100 here) is refused with 413."""
    response = client_for(app).post("/raw", content=b"x" * 101)
    assert response.status_code == 413, f"expected 413, got {response.status_code}"
    assert client_for(app).post("/raw", content=b"x" * 100).status_code == 200


class Spy(io.BytesIO):
    """A wsgi.input that records how many bytes were asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int | None] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(size)
        return super().read(size)


def test_declared_length_over_limit_is_refused_before_reading(
    app: MiniFlask, make_environ: Any, call_wsgi: Any
) -> None:
    """Content-Length: 10**9 -> 413 at once; not one byte of the body is read."""
    spy = Spy(b"x" * 200)
    environ = make_environ("/raw", "POST", **{"wsgi.input": spy, "CONTENT_LENGTH": str(10**9)})
    start, _ = call_wsgi(app, environ)
    assert start.status.startswith("413")
    assert spy.asked == [], f"the body should not be read at all, but read() was called with {spy.asked}"


def test_body_without_length_is_read_at_most_one_byte_past_limit(
    app: MiniFlask, make_environ: Any, call_wsgi: Any
) -> None:
    """A chunked body (no Content-Length, wsgi.input_terminated) is read with read(limit + 1)."""
    spy = Spy(b"x" * 5000)
    environ = make_environ("/raw", "POST", **{"wsgi.input": spy, "wsgi.input_terminated": True})
    start, _ = call_wsgi(app, environ)
    assert start.status.startswith("413")
    assert spy.asked == [101], f"expected a single read(101), got {spy.asked}"
    small = make_environ("/raw", "POST", **{"wsgi.input": Spy(b"hello"), "wsgi.input_terminated": True})
    start, body = call_wsgi(app, small)
    assert (start.status, b"".join(body)) == ("200 OK", b"hello")


def test_body_without_length_or_terminated_input_is_empty(make_environ: Any) -> None:
    """PEP 3333: without Content-Length the app must not read wsgi.input (it could block)."""
    spy = Spy(b"never read")
    assert Request(make_environ("/", "POST", **{"wsgi.input": spy})).data == b""
    assert spy.asked == []


@pytest.mark.parametrize("length", ["abc", "-1", "1.5", "²"])
def test_invalid_content_length_is_400(
    app: MiniFlask, make_environ: Any, call_wsgi: Any, length: str
) -> None:
    """A Content-Length that is not a non-negative integer is a bad request."""
    environ = make_environ("/raw", "POST", body=b"x", CONTENT_LENGTH=length)
    start, _ = call_wsgi(app, environ)
    assert start.status.startswith("400"), f"{length!r} -> {start.status}"


def test_request_parses_lazily_and_once(make_environ: Any) -> None:
    """Properties are computed on first use and cached: reading json twice reads the body once."""
    spy = Spy(json.dumps({"a": 1}).encode())
    environ = make_environ("/", "POST", headers={"Content-Type": "application/json"}, **{"wsgi.input": spy})
    environ["CONTENT_LENGTH"] = str(len(spy.getvalue()))
    request = Request(environ)
    assert spy.asked == [], "creating a Request must not read the body"
    assert request.json == {"a": 1}
    assert request.json is request.json
    assert len(spy.asked) == 1


def test_multidict_is_a_mapping_of_first_values() -> None:
    """MultiDict behaves like a read-only dict of first values, with getlist for the rest."""
    from miniflask import MultiDict

    data = MultiDict([("a", "1"), ("b", "2"), ("a", "3")])
    assert dict(data) == {"a": "1", "b": "2"}
    assert len(data) == 2
    assert data.get("zzz") is None
    assert data.getlist("a") == ["1", "3"]
    assert data.getlist("zzz") == []
    assert "'a', '3'" in repr(data)


def test_unlimited_app_reads_a_whole_chunked_body(make_environ: Any) -> None:
    """max_content_length=None: a chunked body is read to the end."""
    environ = make_environ(
        "/", "POST", **{"wsgi.input": io.BytesIO(b"x" * 5000), "wsgi.input_terminated": True}
    )
    assert Request(environ, max_content_length=None).data == b"x" * 5000


def test_already_decoded_unicode_path_is_kept(make_environ: Any) -> None:
    """Some test transports put real Unicode in PATH_INFO; a path that is not latin-1 is kept as is."""
    assert Request(make_environ("/hello/€")).path == "/hello/€"


class BrokenInput(io.BytesIO):
    """A wsgi.input like gunicorn's on a malformed chunked body: read() raises the server's error."""

    def read(self, size: int | None = -1) -> bytes:
        raise RuntimeError("Invalid chunk size: b'zz'")


def test_unreadable_body_is_400_not_500(app: MiniFlask, make_environ: Any, call_wsgi: Any) -> None:
    """A server raises its own exception when the body cannot be read (broken chunked framing,
    a client that hung up). That is the client's mistake: wrap wsgi.input.read and answer 400."""
    environ = make_environ("/raw", "POST", **{"wsgi.input": BrokenInput(), "wsgi.input_terminated": True})
    start, body = call_wsgi(app, environ)
    assert start.status.startswith("400"), f"expected 400, got {start.status}"
    assert b"could not be read" in b"".join(body)


def test_body_shorter_than_content_length_is_400(app: MiniFlask, make_environ: Any, call_wsgi: Any) -> None:
    """Content-Length: 50 but only 5 bytes arrive (the client hung up): 400, never a silently
    truncated body handed to the view. Compare len(read(length)) with length."""
    environ = make_environ("/raw", "POST", body=b"hello", CONTENT_LENGTH="50")
    start, body = call_wsgi(app, environ)
    assert start.status.startswith("400"), f"expected 400, got {start.status}"
    assert b"5 of the 50 bytes" in b"".join(body)
