"""Milestone 4: the containers a request is made of behave like the HTTP they model."""

from __future__ import annotations

import pytest
from miniasgi import URL, FormData, Headers, MultiDict, MutableHeaders, QueryParams, State, status
from miniasgi.exceptions import MiniASGIDeprecationWarning


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


def url_of(host: bytes | None, path: str = "/admin", query: bytes = b"") -> str:
    headers = [(b"host", host)] if host is not None else []
    scope = {"scheme": "http", "server": ("example.com", 80), "path": path, "query_string": query}
    return str(URL(scope={**scope, "headers": headers}))


def test_url_from_scope_uses_the_host_header_or_the_server_address():
    """URL(scope=...) is the URL the client asked for: the Host header, else the server address
    (its port left out when it is the scheme's default), then the path and the query string."""
    assert url_of(b"api.example.org:8000", "/a", b"x=1") == "http://api.example.org:8000/a?x=1"
    assert url_of(None, "/a") == "http://example.com/a"
    ipv6 = {"scheme": "https", "server": ("::1", 8443), "path": "/", "query_string": b"", "headers": []}
    assert str(URL(scope=ipv6)) == "https://[::1]:8443/"
    no_host = {"path": "/a", "query_string": b"b=2", "headers": []}
    assert str(URL(scope=no_host)) == "/a?b=2"


@pytest.mark.parametrize(
    "host",
    [b"evil.com/x?", b"evil.com#", b"user@evil.com", b"evil.com:99999", b"a b", b"[:::1]"],
    ids=["slash-query", "hash", "userinfo", "port-too-big", "space", "bad-ipv6"],
)
def test_a_host_header_that_is_not_a_host_is_ignored(host: bytes):
    """The Host header comes from the client. One that is not a host name (with an optional
    port up to 65535) would move the path or invent a login: it is ignored, and the server's
    own address is used instead."""
    assert url_of(host) == "http://example.com/admin"


def test_a_path_cannot_change_the_structure_of_the_url():
    """The path is decoded text: a '?', '#' or '\\' in it is escaped, and a path starting with
    '//' in a URL without a host is not read back as a host."""
    url = URL(scope={"path": "/a?b#c", "query_string": b"d=e", "headers": [(b"host", b"h")]})
    assert (str(url), url.path, url.query) == ("http://h/a%3Fb%23c?d=e", "/a%3Fb%23c", "d=e")
    url = URL(scope={"path": "//evil.com/x", "query_string": b"", "headers": []})
    assert (str(url), url.netloc) == ("/%2Fevil.com/x", "")


def test_url_replace_takes_the_pieces_of_the_netloc_and_repr_masks_the_password():
    url = URL("https://user:secret@example.org:8443/p?q=1")
    assert str(url.replace(port=None)) == "https://user:secret@example.org/p?q=1"
    assert str(url.replace(hostname="::1")) == "https://user:secret@[::1]:8443/p?q=1"
    assert str(url.replace(username="ada", password=None)) == "https://ada@example.org:8443/p?q=1"
    assert repr(url) == "URL('https://user:********@example.org:8443/p?q=1')"
    assert str(URL(scheme="http", netloc="h", path="/x")) == "http://h/x"
    assert str(url.include_query_params(q=2, r=3)) == "https://user:secret@example.org:8443/p?q=2&r=3"
    assert str(url.remove_query_params("q")) == "https://user:secret@example.org:8443/p"


def test_headers_from_a_scope_write_into_the_scope():
    """Headers(scope=...) wraps scope["headers"] (made a list if it was another iterable, or
    missing), so MutableHeaders(scope=message) edits the message itself."""
    message = {"type": "http.response.start", "headers": ((b"a", b"1"),)}
    headers = MutableHeaders(scope=message)
    headers["b"] = "2"
    assert message["headers"] == [(b"a", b"1"), (b"b", b"2")]
    empty: dict = {}
    assert len(Headers(scope=empty)) == 0
    assert empty == {"headers": []}
    assert repr(Headers(raw=[(b"a", b"1")])) == "Headers({'a': '1'})"
    assert repr(Headers(raw=[(b"a", b"1"), (b"a", b"2")])) == "Headers(raw=[(b'a', b'1'), (b'a', b'2')])"
    merged = MutableHeaders({"a": "1"}) | {"a": "2", "b": "3"}
    assert merged.items() == [("a", "2"), ("b", "3")]
    with pytest.raises(TypeError):
        Headers({"a": "1"}, scope=message)


def test_multi_dicts_keep_every_value():
    """A multi-dict built from another keeps all its values (its items() only has the last
    ones); MultiDict edits: `[k] = v` sets the only value, append adds one, update replaces."""
    params = QueryParams("a=1&a=2&b=3")
    assert QueryParams(params).getlist("a") == ["1", "2"]
    assert repr(params) == "QueryParams('a=1&a=2&b=3')"
    md = MultiDict(params)
    md.append("b", "4")
    assert md.getlist("b") == ["3", "4"]
    md["a"] = "9"
    md.update({"b": "5"}, c="6")
    assert md.multi_items() == [("a", "9"), ("b", "5"), ("c", "6")]
    assert md.pop("c") == "6"
    assert repr(md) == "MultiDict([('a', '9'), ('b', '5')])"
    assert MultiDict([("x", "1"), ("y", "2")]) == MultiDict([("y", "2"), ("x", "1")])


def test_state_is_also_a_small_mapping():
    state = State({"db": "conn"})
    state["user"] = "ada"
    assert (state["user"], state.user, len(state), sorted(state)) == ("ada", "ada", 2, ["db", "user"])
    del state["user"]
    assert "user" not in list(state)


def test_status_names_carry_their_numbers_and_old_names_warn():
    """miniasgi.status names every code (given in the starter). The names RFC 9110 replaced
    still work, through the module's __getattr__, with a warning that gives the new name."""
    assert (status.HTTP_404_NOT_FOUND, status.WS_1008_POLICY_VIOLATION) == (404, 1008)
    with pytest.warns(MiniASGIDeprecationWarning, match="Use 'HTTP_413_CONTENT_TOO_LARGE' instead"):
        assert status.HTTP_413_REQUEST_ENTITY_TOO_LARGE == 413
    with pytest.raises(AttributeError, match="has no attribute 'HTTP_999_NOPE'"):
        _ = status.HTTP_999_NOPE
