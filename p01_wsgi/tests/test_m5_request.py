"""Milestone 5: reading the request.

`Request` wraps the WSGI environ: query args (several values per key), headers (any case),
cookies, the raw body (with a size limit), JSON and urlencoded forms. Each of them is parsed
the first time it is read, and only once. Bad input is the client's fault, so it gives
400/413/415 with a clear message, never a 500.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniflask import MiniFlask, MultiDict, Request, Response

from .wsgi import call_wsgi, client_for, make_environ, read_body


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


def test_query_args_keep_every_value(app: MiniFlask) -> None:
    """?tag=a&tag=b&x=1&empty=&sp=a+b%21 -> request.args.getlist gives every value in order;
    blank values are kept; '+' is a space and %21 is '!' (query-string decoding)."""
    response = client_for(app).get("/args?tag=a&tag=b&x=1&empty=&sp=a+b%21")
    assert response.json() == {"tag": ["a", "b"], "x": ["1"], "empty": [""], "sp": ["a b!"]}


def test_args_item_is_the_first_value(app: MiniFlask) -> None:
    """request.args['q'] is the first value sent for q."""
    assert client_for(app).get("/first?q=one&q=two").text == "one"


def test_missing_query_key_is_a_400_not_a_500(app: MiniFlask) -> None:
    """request.args['q'] with no q raises BadRequestKeyError (given in exceptions.py): a
    KeyError that is also a 400 Bad Request, whose page names the key (as in Flask)."""
    response = client_for(app).get("/first")
    assert response.status_code == 400, f"expected 400, got {response.status_code}"
    assert "q" in response.text


def test_headers_are_case_insensitive(app: MiniFlask) -> None:
    """request.headers is a Headers built from the environ's HTTP_* keys (HTTP_X_CUSTOM is
    X-Custom): ['x-custom'] and .get('X-CUSTOM') find the same header; a missing one -> None."""
    response = client_for(app).get("/headers", headers={"X-Custom": "yes"})
    assert response.json() == {"x": "yes", "X": "yes", "missing": None}


def test_headers_include_content_type_and_length() -> None:
    """CONTENT_TYPE and CONTENT_LENGTH live in the environ without HTTP_; headers shows them too."""
    environ = make_environ(body=b"{}", headers={"Content-Type": "application/json", "Accept": "*/*"})
    headers = Request(environ).headers
    assert headers["content-type"] == "application/json"
    assert headers["Content-Length"] == "2"
    assert headers["accept"] == "*/*"
    assert "ACCEPT" in headers
    assert "x-nope" not in headers


def test_cookies_are_parsed(app: MiniFlask) -> None:
    """Cookie: a=1; b="x y"; junk; c=; a=2 -> {'a': '1', 'b': 'x y', 'c': ''}: pieces split on ';'
    and stripped, surrounding double quotes removed, a piece without '=' skipped, an empty value
    kept, and the first value of a repeated name wins."""
    response = client_for(app).get("/cookies", headers={"Cookie": 'a=1; b="x y"; junk; c=; a=2'})
    assert response.json() == {"a": "1", "b": "x y", "c": ""}


@pytest.mark.parametrize(
    ("header", "value"),
    [
        (r'v="say \"hi\""', 'say "hi"'),
        (r'v="a\\b"', "a\\b"),
        (r'v="one\054 two\073"', "one, two;"),
        (r'v="\303\274ber"', "über"),
    ],
    ids=["escaped quote", "escaped backslash", "octal comma and semicolon", "octal UTF-8 bytes"],
)
def test_quoted_cookie_values_are_unescaped(header: str, value: str) -> None:
    """Inside a quoted cookie value, a backslash escapes the next character (\\" is ", \\\\ is \\)
    and a backslash with three octal digits is one byte (\\054 is ','). The bytes are UTF-8, so
    \\303\\274 is 'ü': turn each escape into one character, then decode the result as you
    decode every environ value (wsgi_decode)."""
    cookies = Request(make_environ("/", headers={"Cookie": header})).cookies
    assert cookies == {"v": value}, f"Cookie: {header} -> expected {{'v': {value!r}}}, got {cookies}"


def test_json_body_seed_example(app: MiniFlask) -> None:
    """POST /users {"name": "Alice"} -> 201 {"id": 1, "name": "Alice"}: the seed's second outcome."""
    response = client_for(app).post("/users", json={"name": "Alice"})
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert response.content == b'{"id": 1, "name": "Alice"}', f"got {response.content!r}"


def test_malformed_json_is_400_with_a_clear_message(app: MiniFlask) -> None:
    """A body that is not JSON gives 400 and says so (the page contains the word 'JSON');
    it must never be a 500."""
    response = client_for(app).post(
        "/users", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, f"expected 400, got {response.status_code}"
    assert "JSON" in response.text


@pytest.mark.parametrize(
    "body", [b"", b"\xff\xfe\xfa", b"[" * 100_000, b"{'single': 'quotes'}", b"NaNa"], ids=repr
)
def test_more_bad_json_bodies_are_400(body: bytes) -> None:
    """Empty, not UTF-8, absurdly nested (json.loads raises RecursionError), or just wrong:
    all 400 (with no size limit in the way)."""
    app = MiniFlask(max_content_length=None)
    app.route("/j", methods=["POST"])(lambda request: Response({"got": request.json}))
    response = client_for(app).post("/j", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, f"{body[:20]!r}: expected 400, got {response.status_code}"


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_json_with_wrong_content_type_is_415(app: MiniFlask, content_type: str | None) -> None:
    """request.json needs Content-Type: application/json (Flask's choice too): without it, or
    with another type, it raises UnsupportedMediaType, a 415."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = client_for(app).post("/users", content=b'{"name": "A"}', headers=headers)
    assert response.status_code == 415, f"expected 415, got {response.status_code}"


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/problem+json"])
def test_json_content_type_variants_are_accepted(app: MiniFlask, content_type: str) -> None:
    """Parameters after ';' are ignored, and application/<anything>+json counts as JSON."""
    response = client_for(app).post("/echo-json", content=b"[1, 2]", headers={"Content-Type": content_type})
    assert response.json() == {"got": [1, 2]}


@given(body=st.binary(max_size=80))
@example(body=b'{"name": "Alice"}')
@example(body=b'{"name": ')
@example(body=b"\xef\xbb\xbf[1]")
def test_any_json_body_is_200_or_400(app: MiniFlask, body: bytes) -> None:
    """Whatever bytes arrive as JSON, the answer is a parse (200) or a 400: never a 500."""
    response = client_for(app).post("/echo-json", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 400), f"{body!r} -> {response.status_code}"


def test_urlencoded_form(app: MiniFlask) -> None:
    """An application/x-www-form-urlencoded body fills request.form, a MultiDict decoded like a
    query string (repeated keys kept, '+' is a space)."""
    response = client_for(app).post(
        "/form", content=b"a=1&b=x+y&a=2", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.json() == {"a": ["1", "2"], "b": ["x y"]}


def test_form_is_empty_for_other_content_types(app: MiniFlask) -> None:
    """A JSON body is not a form: request.form is empty rather than an error."""
    assert client_for(app).post("/form", json={"a": 1}).json() == {}


def test_missing_form_field_is_400(app: MiniFlask) -> None:
    """request.form['name'] when the client sent no name: BadRequestKeyError, a 400."""
    response = client_for(app).post("/need-name", data={"other": "x"})
    assert response.status_code == 400


def test_raw_body(app: MiniFlask) -> None:
    """request.data is the body bytes, exactly."""
    assert client_for(app).post("/raw", content=b"\x00binary\xff").content == b"\x00binary\xff"


def test_body_over_the_limit_is_413(app: MiniFlask) -> None:
    """A body larger than max_content_length (100 here) is refused with RequestEntityTooLarge,
    a 413; exactly 100 bytes is fine."""
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


def test_declared_length_over_limit_is_refused_before_reading(app: MiniFlask) -> None:
    """Content-Length: 10**9 -> 413 at once: wsgi.input.read() is never called."""
    spy = Spy(b"x" * 200)
    environ = make_environ("/raw", "POST", **{"wsgi.input": spy, "CONTENT_LENGTH": str(10**9)})
    start, _ = call_wsgi(app, environ)
    assert start.status.startswith("413")
    assert spy.asked == [], f"the body should not be read at all, but read() was called with {spy.asked}"


def test_body_without_length_is_read_at_most_one_byte_past_limit(app: MiniFlask) -> None:
    """A chunked body has no Content-Length; the server sets environ['wsgi.input_terminated']
    to say reading to the end is safe. Read it with ONE call, wsgi.input.read(limit + 1) (101
    here): more than the limit came back -> 413."""
    spy = Spy(b"x" * 5000)
    environ = make_environ("/raw", "POST", **{"wsgi.input": spy, "wsgi.input_terminated": True})
    start, _ = call_wsgi(app, environ)
    assert start.status.startswith("413")
    assert spy.asked == [101], f"expected a single read(101), got {spy.asked}"
    small = make_environ("/raw", "POST", **{"wsgi.input": Spy(b"hello"), "wsgi.input_terminated": True})
    start, body = call_wsgi(app, small)
    assert (start.status, read_body(body)) == ("200 OK", b"hello")


def test_body_without_length_or_terminated_input_is_empty() -> None:
    """PEP 3333: without Content-Length (and without wsgi.input_terminated) the app must not
    read wsgi.input, which could block forever: the body is b''."""
    spy = Spy(b"never read")
    assert Request(make_environ("/", "POST", **{"wsgi.input": spy})).data == b""
    assert spy.asked == []


@pytest.mark.parametrize("length", ["abc", "-1", "1.5", "²"])
def test_invalid_content_length_is_400(app: MiniFlask, length: str) -> None:
    """A Content-Length that is not made of ASCII digits 0-9 only is a 400 ('²' is a digit to
    str.isdigit, not to HTTP)."""
    environ = make_environ("/raw", "POST", body=b"x", CONTENT_LENGTH=length)
    start, _ = call_wsgi(app, environ)
    assert start.status.startswith("400"), f"{length!r} -> {start.status}"


def test_request_parses_lazily_and_once() -> None:
    """Creating a Request reads nothing; request.json is parsed on first use and cached
    (functools.cached_property): reading it twice gives the same object and calls read() once."""
    spy = Spy(json.dumps({"a": 1}).encode())
    environ = make_environ("/", "POST", headers={"Content-Type": "application/json"}, **{"wsgi.input": spy})
    environ["CONTENT_LENGTH"] = str(len(spy.getvalue()))
    request = Request(environ)
    assert spy.asked == [], "creating a Request must not read the body"
    assert request.json == {"a": 1}
    assert request.json is request.json
    assert len(spy.asked) == 1


def test_multidict_is_a_mapping_of_first_values() -> None:
    """MultiDict behaves like a read-only dict of first values, with getlist for the rest; its
    repr shows every pair: MultiDict([('a', '1'), ('b', '2'), ('a', '3')])."""
    data = MultiDict([("a", "1"), ("b", "2"), ("a", "3")])
    assert dict(data) == {"a": "1", "b": "2"}
    assert len(data) == 2
    assert data.get("zzz") is None
    assert data.getlist("a") == ["1", "3"]
    assert data.getlist("zzz") == []
    assert "'a', '3'" in repr(data)


def test_unlimited_app_reads_a_whole_chunked_body() -> None:
    """max_content_length=None: no limit, a chunked body is read to the end."""
    environ = make_environ(
        "/", "POST", **{"wsgi.input": io.BytesIO(b"x" * 5000), "wsgi.input_terminated": True}
    )
    assert Request(environ, max_content_length=None).data == b"x" * 5000


class BrokenInput(io.BytesIO):
    """A wsgi.input like gunicorn's on a malformed chunked body: read() raises the server's error."""

    def read(self, size: int | None = -1) -> bytes:
        raise RuntimeError("Invalid chunk size: b'zz'")


def test_unreadable_body_is_400_not_500(app: MiniFlask) -> None:
    """A server raises its own exception when the body cannot be read (broken chunked framing,
    a client that hung up). That is the client's mistake: any exception from wsgi.input.read()
    becomes a 400 whose message starts 'The request body could not be read'."""
    environ = make_environ("/raw", "POST", **{"wsgi.input": BrokenInput(), "wsgi.input_terminated": True})
    start, body = call_wsgi(app, environ)
    assert start.status.startswith("400"), f"expected 400, got {start.status}"
    assert b"The request body could not be read" in read_body(body)


def test_body_shorter_than_content_length_is_400(app: MiniFlask) -> None:
    """Content-Length: 50 but only 5 bytes arrive (the client hung up): a 400 saying
    'The body ended after 5 of the 50 bytes announced.', never a truncated body handed to the view."""
    environ = make_environ("/raw", "POST", body=b"hello", CONTENT_LENGTH="50")
    start, body = call_wsgi(app, environ)
    assert start.status.startswith("400"), f"expected 400, got {start.status}"
    assert b"The body ended after 5 of the 50 bytes announced." in read_body(body)
