"""Milestone 6: return values, cookies and streaming.

Views may return plain values and tuples, as in Flask: `make_response` turns them into a
`Response`. `set_cookie` adds `Set-Cookie` headers, quoting values the way browsers and
Werkzeug expect. An iterator body (a generator) is streamed: the server sends each chunk as
the generator produces it, and `close()` reaches the generator when the client goes away.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import werkzeug.http
from hypothesis import example, given
from hypothesis import strategies as st
from miniflask import Headers, MiniFlask, Request, Response, make_response

from .wsgi import call_wsgi, client_for, make_environ


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
    ids=repr,
)
def test_views_may_return_plain_values_and_tuples(
    returned: Any, status: int, body: bytes, header: str | None
) -> None:
    """Return conversion (make_response): str/bytes/dict/list -> Response(value); (body, status),
    (body, headers) and (body, status, headers) set the status and the headers; a 2-tuple's
    second item is a status if it is an int, headers otherwise."""
    app = MiniFlask()
    app.route("/")(lambda request: returned)
    response = client_for(app).get("/")
    assert (response.status_code, response.content) == (status, body)
    assert response.headers.get("x-extra") == header


def test_a_response_in_a_tuple_gets_the_new_status() -> None:
    """(Response(...), 203): that Response is kept, headers and all, and the tuple's status
    replaces its own."""
    app = MiniFlask()
    app.route("/")(lambda request: (Response("resp", headers={"X-Kept": "1"}), 203))
    response = client_for(app).get("/")
    assert (response.status_code, response.text, response.headers["x-kept"]) == (203, "resp", "1")


def test_tuple_headers_replace_headers_of_the_same_name() -> None:
    """Headers from a tuple replace any header of the same name (any case), as Flask does:
    ('x', {'content-type': 'text/plain'}) sends one Content-Type, text/plain."""
    app = MiniFlask()
    app.route("/")(lambda request: ("x", {"content-type": "text/plain"}))
    response = client_for(app).get("/")
    assert response.headers.get_list("content-type") == ["text/plain"]


def test_a_response_is_returned_as_it_is() -> None:
    """make_response(a Response) is that very Response."""
    response = Response("x")
    assert make_response(response) is response


@pytest.mark.parametrize("returned", [None, 42, ("a", 200, {}, "extra"), ("a",)], ids=repr)
def test_make_response_refuses_what_it_cannot_send(returned: Any) -> None:
    """None (a forgotten return), a number, a tuple of 1 or 4 items: TypeError. (Milestone 7
    turns any exception in a view into a 500 page.)"""
    with pytest.raises(TypeError):
        make_response(returned)


def test_unsupported_body_type_is_a_clear_type_error() -> None:
    """Response(3.14) is a programming mistake: a TypeError whose message names what is accepted,
    'str, bytes, dict, list' (and iterators)."""
    with pytest.raises(TypeError, match="str, bytes, dict, list"):
        Response(3.14)  # type: ignore[arg-type]


def test_set_cookie() -> None:
    """set_cookie adds one Set-Cookie header per cookie: 'key=value', then only the attributes
    asked for, in this order: Domain, Max-Age, Secure, HttpOnly, Path (default '/'), SameSite,
    joined with '; '. 'dark mode' has a space, so it is sent quoted."""
    app = MiniFlask()

    @app.route("/")
    def index(request: Request) -> Response:
        response = Response("ok")
        response.set_cookie("session", "abc123")
        response.set_cookie("prefs", "dark mode", max_age=60, httponly=True, secure=True, samesite="Lax")
        response.set_cookie("site", "1", domain="example.com", path=None)
        return response

    response = client_for(app).get("/")
    cookies = response.headers.get_list("set-cookie")
    assert cookies[0] == "session=abc123; Path=/"
    assert cookies[1] == 'prefs="dark mode"; Max-Age=60; Secure; HttpOnly; Path=/; SameSite=Lax'
    assert cookies[2] == "site=1; Domain=example.com"
    assert response.cookies["session"] == "abc123"


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ("abc-123_!#$%&'()*+./:<=>?@[]^`{|}~", "abc-123_!#$%&'()*+./:<=>?@[]^`{|}~"),
        ("", ""),
        ("a b", '"a b"'),
        ('say "hi"', r'"say \"hi\""'),
        ("a\\b", r'"a\\b"'),
        ("one, two;", r'"one\054 two\073"'),
        ("über", r'"\303\274ber"'),
    ],
    ids=[
        "safe characters",
        "empty",
        "space",
        "double quote",
        "backslash",
        "comma and semicolon",
        "non-ASCII",
    ],
)
def test_cookie_value_quoting(value: str, sent: str) -> None:
    """A value made only of letters, digits and !#$%&'()*+-./:<=>?@[]^_`{|}~ is sent as it is.
    Any other value goes in double quotes, where " and \\ get a backslash, and a comma, a
    semicolon, a control character or a non-ASCII character is written as a backslash and
    three octal digits per UTF-8 byte (',' is \\054, 'ü' is \\303\\274). Werkzeug does the same."""
    response = Response("ok")
    response.set_cookie("v", value)
    header = response.headers["Set-Cookie"]
    assert header == f"v={sent}; Path=/", (
        f"set_cookie('v', {value!r}): expected 'v={sent}; Path=/', got {header!r}"
    )


def sent_cookie(**attributes: Any) -> str:
    """The Set-Cookie line miniflask writes for the cookie k=v with these attributes."""
    response = Response("ok")
    response.set_cookie("k", "v", **attributes)
    return response.headers["Set-Cookie"]


@given(path=st.text(max_size=20))
@example(path="/; Domain=evil.com")
@example(path="/x\r\nSet-Cookie: admin=1")
@example(path="/a b/ü?q#f%41")
@example(path="")
def test_cookie_path_is_percent_encoded_as_werkzeug_does(path: str) -> None:
    """A path is a URL path, so set_cookie percent-encodes it with
    urllib.parse.quote(path, safe="%!$&'()*+,/:=@") before writing `Path=`: a ';' becomes %3B,
    so `path="/; Domain=evil.com"` cannot add a Domain attribute of its own, and CR/LF become
    %0D%0A. An empty path is written as `Path=`. Werkzeug's dump_cookie is the oracle."""
    expected = werkzeug.http.dump_cookie("k", "v", path=path)
    got = sent_cookie(path=path)
    assert got == expected, f"set_cookie('k', 'v', path={path!r}): expected {expected!r}, got {got!r}"


@pytest.mark.parametrize(
    "domain", ["example.com", ".example.com", "Sub.Example.COM", "localhost", "xn--bcher-kva.de", "a-b.c0"]
)
def test_a_host_name_domain_is_written_as_werkzeug_writes_it(domain: str) -> None:
    """A domain made of ASCII letters, digits, '-' and '.' is written as `Domain=...`, with a
    leading '.' dropped (browsers ignore it): the same line as Werkzeug's dump_cookie."""
    expected = werkzeug.http.dump_cookie("k", "v", domain=domain)
    got = sent_cookie(domain=domain)
    assert got == expected, f"set_cookie('k', 'v', domain={domain!r}): expected {expected!r}, got {got!r}"


@pytest.mark.parametrize(
    "domain",
    [
        "example.com; Secure",
        "evil.com; Path=/admin",
        "a b",
        "x\r\nSet-Cookie: admin=1",
        "",
        "bücher.de",
        "example.com:8080",
    ],
)
def test_a_domain_that_is_not_a_host_name_is_refused(domain: str) -> None:
    """A domain that is not a host name (ASCII letters, digits, '-' and '.', after dropping a
    leading '.') raises ValueError whose message contains repr(domain). Here we depart
    from Werkzeug, which writes `domain="example.com; Secure"` through as
    `Domain=example.com; Secure`, an attribute the caller never asked for; it also turns
    'bücher.de' into its IDNA form and drops a ':8080' port, where miniflask refuses both."""
    with pytest.raises(ValueError, match=re.escape(repr(domain))):
        sent_cookie(domain=domain)


@given(domain=st.text(max_size=12))
@example(domain="ok.example.com")
@example(domain="evil.com;Secure")
def test_whatever_the_domain_no_attribute_is_smuggled_in(domain: str) -> None:
    """For any text given as domain, set_cookie either raises ValueError or writes one Domain
    attribute made only of letters, digits, '-' and '.': never a ';', a space or a line break."""
    try:
        line = sent_cookie(domain=domain)
    except ValueError:
        return
    attributes = line.split("; ")
    domains = [a for a in attributes if a.startswith("Domain=")]
    assert len(domains) == 1, f"domain={domain!r} gave {line!r}"
    written = domains[0].removeprefix("Domain=")
    assert written, f"domain={domain!r} was written as an empty Domain attribute: {line!r}"
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in written), (
        f"domain={domain!r} was written as {written!r}, which is not a host name"
    )
    assert attributes == ["k=v", f"Domain={written}", "Path=/"], f"domain={domain!r} gave {line!r}"


@pytest.mark.parametrize(
    "samesite", ["Lax", "lax", "STRICT", "none", "Lax; Domain=evil.com", "sometimes", ""]
)
def test_samesite_is_checked_as_werkzeug_checks_it(samesite: str) -> None:
    """samesite is 'Strict', 'Lax' or 'None' in any case, written capitalised (str.title());
    anything else raises ValueError (its message lists the three, 'Strict' among them), as
    Werkzeug's dump_cookie does, so `"Lax; Domain=evil.com"`
    cannot smuggle in an attribute."""
    try:
        expected = werkzeug.http.dump_cookie("k", "v", samesite=samesite)
    except ValueError:
        with pytest.raises(ValueError, match="Strict"):
            sent_cookie(samesite=samesite)
        return
    got = sent_cookie(samesite=samesite)
    assert got == expected, f"set_cookie('k', 'v', samesite={samesite!r}): expected {expected!r}, got {got!r}"


def test_add_refuses_a_value_with_cr_or_lf() -> None:
    """headers.add(name, value) refuses a value with CR or LF (ValueError whose message names
    the header), as Headers(...) and headers[name] = value do (milestone 1) and as Werkzeug's
    Headers.add does; a cookie key with a line break, which set_cookie writes through
    add('Set-Cookie', ...), is refused the same way."""
    headers = Headers()
    for value in ("a\r\nSet-Cookie: admin=1", "line\n", "\r"):
        with pytest.raises(ValueError, match="X-Test"):
            headers.add("X-Test", value)
    assert len(headers) == 0, f"a refused value must not be stored; got {headers!r}"
    with pytest.raises(ValueError, match="Set-Cookie"):
        Response("ok").set_cookie("k\r\nX-Injected: 1", "v")


def test_a_view_returning_a_header_with_a_line_break_gets_a_500() -> None:
    """A view that returns a header value with CR or LF (here in a tuple) is a bug: the
    ValueError is logged and the client gets the 500 page, never the split header."""
    app = MiniFlask()
    app.route("/")(lambda request: ("ok", {"X-Name": "a\r\nSet-Cookie: admin=1"}))
    response = client_for(app).get("/")
    assert response.status_code == 500, f"expected 500, got {response.status_code}"
    assert "set-cookie" not in response.headers, f"got {response.headers!r}"


def test_cookie_values_round_trip() -> None:
    """A value with quotes, commas, semicolons or non-ASCII survives set_cookie then request.cookies."""
    value = 'a "quoted", semi; ünïcode \\ value'
    app = MiniFlask()

    @app.route("/set")
    def set_(request: Request) -> Response:
        response = Response("ok")
        response.set_cookie("v", value)
        return response

    app.route("/get", endpoint="get")(lambda request: Response(request.cookies["v"]))
    client = client_for(app)
    header = client.get("/set").headers["set-cookie"]
    raw = header.split("; Path=")[0].removeprefix("v=")
    assert client.get("/get", headers={"Cookie": f"v={raw}"}).text == value


def test_generator_body_is_streamed_lazily() -> None:
    """A generator body is not run before the server iterates it, and each chunk is produced when
    the server asks for it; str chunks are sent UTF-8 encoded; no Content-Length is sent.

    (httpx's WSGITransport collects the whole body, so this test calls the WSGI app directly.)
    """
    produced: list[str] = []

    def chunks() -> Iterator[str]:
        for word in ("one ", "two ", "thrée"):
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
    assert b"".join(iterator) == "two thrée".encode()


def test_a_returned_generator_is_streamed_as_html() -> None:
    """A view may return the generator itself: make_response makes it a streamed Response whose
    Content-Type is text/html; charset=utf-8, like any str body."""

    def chunks() -> Iterator[bytes]:
        yield b"a"
        yield b"b"

    app = MiniFlask()
    app.route("/")(lambda request: chunks())
    start, body = call_wsgi(app, make_environ("/"))
    assert start.header("content-type") == "text/html; charset=utf-8"
    assert b"".join(body) == b"ab"


def test_closing_the_stream_closes_the_view_generator() -> None:
    """When the client goes away the server calls close() on the body; the view's generator must
    be closed too (its `finally` runs), even though the body you return wraps it."""
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
    assert closed == [True], "the view's generator was not closed"


def test_head_on_a_stream_sends_nothing() -> None:
    """HEAD with a generator body: the headers only; the generator is never run."""
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


def test_headers_container_in_full() -> None:
    """Headers copies from a mapping, a list of pairs or another Headers; add() appends (a name may
    repeat, like Set-Cookie), getlist() gives every value, del removes every header of that name
    (any case), len() counts lines, [] on a missing name is a KeyError, and repr shows the pairs."""
    original = Headers({"X-A": "1"})
    copy = Headers(original)
    copy.add("X-A", "2")
    copy.add("x-b", "3")
    assert len(original) == 1, "copying a Headers must not share its list"
    assert len(copy) == 3
    assert copy.items() == [("X-A", "1"), ("X-A", "2"), ("x-b", "3")]
    assert copy.getlist("x-a") == ["1", "2"]
    assert copy.getlist("x-missing") == []
    del copy["X-B"]
    assert "x-b" not in copy
    assert Headers([("A", "1")]).items() == [("A", "1")]
    assert repr(Headers([("X-A", "1")])) == "Headers([('X-A', '1')])"
    with pytest.raises(KeyError):
        copy["X-Missing"]
