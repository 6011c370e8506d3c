"""Milestone 4: the containers a request is made of behave like the HTTP they model."""

from __future__ import annotations

import pytest
from miniasgi import URL, FormData, Headers, MutableHeaders, QueryParams, State


def test_headers_from_mapping_are_lowercased_and_case_insensitive():
    """Headers({...}) stores lower-case names; lookups ignore case; a missing key is a KeyError."""
    headers = Headers({"Content-Type": "text/plain"})
    assert headers["CONTENT-TYPE"] == "text/plain"
    assert headers.raw == [(b"content-type", b"text/plain")]
    assert 42 not in headers
    with pytest.raises(KeyError):
        headers["missing"]
    assert headers == Headers(raw=[(b"content-type", b"text/plain")])
    assert "content-type" in repr(headers)
    with pytest.raises(TypeError):
        Headers({"a": "b"}, raw=[])


def test_mutable_headers_edit_the_raw_list_in_place():
    """MutableHeaders writes into the list it wraps, so middleware can edit an ASGI message."""
    raw = [(b"set-cookie", b"a=1"), (b"x", b"1"), (b"set-cookie", b"b=2")]
    headers = MutableHeaders(raw=raw)
    headers["Set-Cookie"] = "c=3"
    assert raw == [(b"set-cookie", b"c=3"), (b"x", b"1")]
    headers.append("Vary", "Accept")
    assert headers.setdefault("vary", "Cookie") == "Accept"
    assert headers.setdefault("etag", "abc") == "abc"
    del headers["x"]
    assert headers.keys() == ["set-cookie", "vary", "etag"]
    assert headers.values() == ["c=3", "Accept", "abc"]


def test_query_params_are_multi_valued():
    """`?tag=a&tag=b`: ["tag"] is the last value, getlist() has both, str() re-encodes."""
    params = QueryParams("tag=a&tag=b&empty=&q=caf%C3%A9")
    assert params["tag"] == "b"
    assert params.getlist("tag") == ["a", "b"]
    assert params["empty"] == ""
    assert params["q"] == "café"
    assert len(params) == 3
    assert str(QueryParams([("a", "1"), ("a", "2")])) == "a=1&a=2"
    assert QueryParams({"x": "1"}) == QueryParams("x=1")
    assert "x" in repr(QueryParams("x=1"))
    assert list(FormData([("k", "v")])) == ["k"]


def test_url_parts_and_replace():
    """URL parses lazily and can be rebuilt with a part swapped."""
    url = URL("https://example.com:8443/a/b?x=1#frag")
    assert (url.scheme, url.hostname, url.port, url.path, url.query, url.fragment) == (
        "https",
        "example.com",
        8443,
        "/a/b",
        "x=1",
        "frag",
    )
    assert url.netloc == "example.com:8443"
    assert url.is_secure
    assert str(url.replace(path="/c", query="")) == "https://example.com:8443/c#frag"
    assert url == "https://example.com:8443/a/b?x=1#frag"
    assert repr(url) == "URL('https://example.com:8443/a/b?x=1#frag')"


def test_state_is_attribute_access_over_a_dict():
    """State wraps a dict: request.state.db reads state["db"]; missing names are AttributeErrors."""
    storage = {"db": "conn"}
    state = State(storage)
    assert state.db == "conn"
    state.user = "ada"
    assert storage["user"] == "ada"
    del state.user
    with pytest.raises(AttributeError, match="user"):
        _ = state.user
    with pytest.raises(AttributeError):
        del state.user
