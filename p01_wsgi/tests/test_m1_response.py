"""Milestone 1: a Response is a WSGI app.

The whole of WSGI is one call: the server calls `app(environ, start_response)`, the app calls
`start_response(status_line, header_pairs)` once and returns an iterable of bytes. A
`Response` holds a status, headers and a body, and *is* such an app: calling it sends itself.
These tests play the server: they call the Response and look at what it sent.
"""

from __future__ import annotations

from typing import Any

import pytest
import werkzeug.datastructures
from hypothesis import example, given
from hypothesis import strategies as st
from miniflask import Headers, Response

from .wsgi import call_wsgi, make_environ, read_body


def test_hello_world_response_is_a_wsgi_app() -> None:
    """Response("Hello, World!")(environ, start_response) calls start_response("200 OK",
    [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "13")]) and returns an
    iterable whose chunks join to b"Hello, World!"."""
    start, body = call_wsgi(Response("Hello, World!"), make_environ("/"))
    assert start.calls == 1, f"start_response must be called exactly once, it was called {start.calls} times"
    assert start.status == "200 OK", f"expected the status line '200 OK', got {start.status!r}"
    expected = {"content-type": "text/html; charset=utf-8", "content-length": "13"}
    assert start.header_dict() == expected, f"expected the headers {expected}, got {start.headers}"
    assert read_body(body) == b"Hello, World!"


@pytest.mark.parametrize(
    ("status", "line"),
    [
        (200, "200 OK"),
        (201, "201 Created"),
        (404, "404 Not Found"),
        (418, "418 I'm a Teapot"),
        (599, "599 Unknown"),
    ],
)
def test_status_line_has_the_reason_phrase(status: int, line: str) -> None:
    """The status line is the code, a space and its reason phrase (http.HTTPStatus(code).phrase);
    a code with no standard phrase, like 599, is sent as "599 Unknown"."""
    start, _ = call_wsgi(Response("x", status=status), make_environ("/"))
    assert start.status == line, f"Response(status={status}): expected {line!r}, got {start.status!r}"


def test_content_length_counts_bytes_not_characters() -> None:
    """A str body is encoded as UTF-8; Content-Length is the number of bytes: 'héllo' is 6."""
    start, body = call_wsgi(Response("héllo"), make_environ("/"))
    assert read_body(body) == "héllo".encode()
    assert start.header("Content-Length") == "6", (
        f"expected Content-Length 6, got {start.header('Content-Length')!r}"
    )


@pytest.mark.parametrize(
    ("body", "content_type", "raw"),
    [
        ("", "text/html; charset=utf-8", b""),
        (b"\x00\x01", "text/html; charset=utf-8", b"\x00\x01"),
        ({"id": 1, "name": "Alice"}, "application/json", b'{"id": 1, "name": "Alice"}'),
        ([1, "two"], "application/json", b'[1, "two"]'),
    ],
    ids=["empty str", "bytes", "dict", "list"],
)
def test_body_type_decides_the_content_type(body: Any, content_type: str, raw: bytes) -> None:
    """str and bytes are text/html; charset=utf-8; a dict or list is JSON, written by
    json.dumps with its default spacing ('{"id": 1, "name": "Alice"}') as application/json."""
    start, chunks = call_wsgi(Response(body), make_environ("/"))
    assert start.header("Content-Type") == content_type
    assert read_body(chunks) == raw
    assert start.header("Content-Length") == str(len(raw))


def test_content_type_argument_and_header() -> None:
    """content_type= wins over everything; a Content-Type in headers= wins over the default;
    every other header passed in headers= (a dict or a list of pairs) is sent too."""
    start, _ = call_wsgi(Response("x", headers={"X-One": "1"}, content_type="text/plain"), make_environ("/"))
    assert start.header("Content-Type") == "text/plain"
    assert start.header("X-One") == "1"
    start, _ = call_wsgi(
        Response(b"y", headers=[("X-Two", "2"), ("Content-Type", "image/png")]), make_environ("/")
    )
    assert start.header("Content-Type") == "image/png", (
        "an explicit Content-Type header wins over the default"
    )
    assert start.header("X-Two") == "2"
    content_types = [v for k, v in start.headers if k.lower() == "content-type"]
    assert content_types == ["image/png"], f"send one Content-Type, got {content_types}"


def test_response_headers_ignore_case() -> None:
    """response.headers is a Headers: names are found in any case, `in` works, and
    response.content_type is the Content-Type header."""
    response = Response("x", headers={"X-Custom": "yes"})
    assert isinstance(response.headers, Headers), (
        f"response.headers should be a Headers, got {response.headers!r}"
    )
    assert response.headers["x-custom"] == "yes"
    assert response.headers.get("X-CUSTOM") == "yes"
    assert response.headers.get("x-missing") is None
    assert "CONTENT-TYPE" in response.headers
    assert "x-missing" not in response.headers
    assert response.content_type == "text/html; charset=utf-8"
    assert response.status == 200


def test_setting_a_header_replaces_it_in_any_case() -> None:
    """response.headers['content-type'] = ... replaces the Content-Type header, whatever its case."""
    response = Response("x")
    response.headers["content-type"] = "text/plain"
    start, _ = call_wsgi(response, make_environ("/"))
    content_types = [v for k, v in start.headers if k.lower() == "content-type"]
    assert content_types == ["text/plain"], f"expected one Content-Type: text/plain, got {content_types}"


def werkzeug_refuses(value: str) -> bool:
    """The oracle: does Werkzeug's Headers refuse this header value?"""
    try:
        werkzeug.datastructures.Headers([("X-Test", value)])
    except ValueError:
        return True
    return False


@given(value=st.text(alphabet=st.sampled_from("ab :;=\r\n\t\x00\x0b\x85\u2028é"), max_size=12))
@example(value="fine")
@example(value="x\r\nSet-Cookie: admin=1")
@example(value="only a line feed\n")
@example(value="a lone \r")
def test_a_header_value_with_cr_or_lf_is_refused_as_werkzeug_does(value: str) -> None:
    """A header value containing CR or LF would end the header line early and let the rest
    pass as a header of its own (response splitting: `"x\\r\\nSet-Cookie: admin=1"` sets a
    cookie). Headers refuses such a value with ValueError, exactly when Werkzeug does: in
    Headers(...) (from a dict or from pairs) and in headers[name] = value. Any other character
    (a tab, NUL, U+2028) is accepted, as Werkzeug accepts it."""
    refuses = werkzeug_refuses(value)
    for build in (
        lambda: Headers({"X-Test": value}),
        lambda: Headers([("X-Test", value)]),
        lambda: Response("x", headers={"X-Test": value}),
        lambda: Response("x", content_type=value),
    ):
        try:
            build()
        except ValueError:
            assert refuses, f"Werkzeug accepts the header value {value!r}; Headers must accept it too"
        else:
            assert not refuses, f"the header value {value!r} contains CR or LF: expected ValueError"
    headers = Headers()
    try:
        headers["X-Test"] = value
    except ValueError:
        assert refuses, f"Werkzeug accepts the header value {value!r}; headers[name] = value must too"
        assert headers.items() == [], f"a refused value must not be stored; got {headers.items()}"
    else:
        assert not refuses, f"headers['X-Test'] = {value!r}: the value contains CR or LF, expected ValueError"
