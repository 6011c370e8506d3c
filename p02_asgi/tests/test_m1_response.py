"""Milestone 1: a Response is an ASGI app. Awaiting it sends the two messages of an HTTP answer.

No router and no application yet: each test builds a response and calls it the way a server
calls an app, `await response(scope, receive, send)`, then looks at the messages it sent.
"""

from __future__ import annotations

from miniasgi import HTMLResponse, JSONResponse, PlainTextResponse, Response


def test_a_response_sends_start_then_body(drive, scope):
    """`await response(scope, receive, send)` sends exactly two messages: `http.response.start`
    (the status and the headers), then `http.response.body` (the bytes). Look at Response."""
    sent = drive(PlainTextResponse("Hello, ASGI!"), scope())
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"], f"sent {list(sent)!r}"
    assert sent.status == 200
    assert sent.body == b"Hello, ASGI!"
    assert not sent[1].get("more_body", False), "the only body message is also the last one"


def test_headers_are_a_list_of_lower_case_byte_pairs():
    """`raw_headers` is what goes into the start message: (name, value) byte pairs, names in
    lower case. Content-Length counts the *encoded* bytes ("héllo" is 6 in UTF-8), and text
    media types get "; charset=utf-8"."""
    assert sorted(PlainTextResponse("héllo").raw_headers) == [
        (b"content-length", b"6"),
        (b"content-type", b"text/plain; charset=utf-8"),
    ]
    html = dict(HTMLResponse("<p>hi</p>").raw_headers)
    assert html[b"content-type"] == b"text/html; charset=utf-8", f"got {html!r}"
    assert Response(b"raw").raw_headers == [(b"content-length", b"3")], "no media type: no Content-Type"
    empty = Response()
    assert (empty.body, empty.raw_headers) == (b"", [(b"content-length", b"0")]), "content=None is no body"


def test_status_code_and_your_own_headers():
    """status_code= sets the status; headers= are added with lower-cased names, and a header you
    pass wins over the one the response would derive (no second Content-Type)."""
    response = Response("created", status_code=201, headers={"X-Request-Id": "42"})
    assert response.status_code == 201
    assert (b"x-request-id", b"42") in response.raw_headers, f"got {response.raw_headers!r}"
    csv = PlainTextResponse("a,b", headers={"Content-Type": "text/csv"})
    types = [value for name, value in csv.raw_headers if name == b"content-type"]
    assert types == [b"text/csv"], f"expected only your Content-Type, got {types!r}"


def test_json_response_is_compact_utf8():
    """JSONResponse renders with no spaces after `,` and `:`, keeps non-ASCII as UTF-8, and is
    application/json with no charset parameter (JSON is always UTF-8)."""
    response = JSONResponse({"a": "é", "b": [1, 2.5, None]})
    assert response.body == '{"a":"é","b":[1,2.5,null]}'.encode(), f"got {response.body!r}"
    assert dict(response.raw_headers)[b"content-type"] == b"application/json"


def test_no_content_length_when_the_status_forbids_a_body():
    """1xx, 204 (No Content) and 304 (Not Modified) never carry a body, so they get no Content-Length."""
    for status in (101, 204, 304):
        headers = dict(Response(status_code=status).raw_headers)
        assert b"content-length" not in headers, f"status {status}: got {headers!r}"


def test_head_gets_the_headers_but_no_body(drive, scope):
    """A HEAD request gets the same status and headers (Content-Length included) and an empty body."""
    sent = drive(PlainTextResponse("home"), scope(method="HEAD"))
    assert sent.status == 200
    assert sent.headers["content-length"] == "4"
    assert sent.body == b"", f"a HEAD response has no body, got {sent.body!r}"
