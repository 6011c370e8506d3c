"""Milestone 4 parity: Starlette is the oracle. Same input through both, same result."""

from __future__ import annotations

import datetime as dt

import starlette.datastructures as sd
import starlette.requests as sreq
import starlette.responses as sr
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi import URL, Headers, QueryParams, Request, Response

# Header names are tokens; values are printable latin-1 without leading/trailing spaces.
header_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ-_0123456789", min_size=1, max_size=12)
header_values = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0xFF), max_size=20)
query_text = st.text(alphabet="ab=&;%+ 12é?#", max_size=40)
cookie_text = st.text(alphabet='ab=; "\\0123é,', max_size=40)


def scope_with(headers: list[tuple[bytes, bytes]], query: bytes = b"") -> dict:
    return {"type": "http", "method": "GET", "path": "/", "headers": headers, "query_string": query}


@given(query=query_text)
@example(query="tag=a&tag=b&empty=&q=caf%C3%A9&plus=a+b")
@example(query="a=1;b=2&=x&novalue")
def test_query_params_match_starlette(query: str):
    """Query strings parse like Starlette's: same keys, last value wins, getlist keeps all, in order."""
    raw = query.encode("utf-8")
    mine, theirs = QueryParams(raw), sd.QueryParams(raw)
    assert mine.multi_items() == theirs.multi_items(), (
        f"QueryParams({raw!r}): got {mine.multi_items()!r}, Starlette {theirs.multi_items()!r}"
    )
    assert dict(mine) == dict(theirs), f"[key] on {raw!r}: got {dict(mine)!r}, Starlette {dict(theirs)!r}"
    for key in theirs:
        assert mine.getlist(key) == theirs.getlist(key), f"getlist({key!r})"
    assert str(mine) == str(theirs), f"str() of {raw!r}: got {str(mine)!r}, Starlette {str(theirs)!r}"


@given(pairs=st.lists(st.tuples(header_names, header_values), max_size=8))
@example(pairs=[("Content-Type", "text/plain"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2")])
def test_headers_match_starlette(pairs: list[tuple[str, str]]):
    """Headers are case-insensitive and multi-valued, exactly like Starlette's Headers."""
    raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in pairs]
    mine, theirs = Headers(raw=raw), sd.Headers(raw=raw)
    assert mine.items() == theirs.items(), f"items(): got {mine.items()!r}, Starlette {theirs.items()!r}"
    assert len(mine) == len(theirs)
    for name, _ in pairs:
        for variant in (name, name.upper(), name.lower()):
            assert mine.get(variant) == theirs.get(variant), f"get({variant!r}) on {raw!r}"
            assert mine.getlist(variant) == theirs.getlist(variant), f"getlist({variant!r}) on {raw!r}"
            assert (variant in mine) == (variant in theirs), f"{variant!r} in headers, on {raw!r}"


@given(cookie=cookie_text)
@example(cookie='session=abc; theme="dark"; lone; a=1=2')
@example(cookie='q="a\\"b\\054c"; dup=1; dup=2')
def test_cookie_header_parses_like_starlette(cookie: str):
    """request.cookies parses the Cookie header leniently, the way Starlette (and browsers) do."""
    headers = [(b"cookie", cookie.encode("latin-1"))]
    mine, theirs = Request(scope_with(headers)).cookies, sreq.Request(scope_with(headers)).cookies
    assert mine == theirs, f"Cookie: {cookie!r}\n got      {mine!r}\n Starlette {theirs!r}"


@given(cookies=st.lists(cookie_text, min_size=1, max_size=3))
@example(cookies=["a=abc", "b=def", "a=ghi"])
def test_several_cookie_headers_parse_like_starlette(cookies: list[str]):
    """Every Cookie header is parsed, in order, later names winning, as in Starlette."""
    headers = [(b"cookie", cookie.encode("latin-1")) for cookie in cookies]
    mine, theirs = Request(scope_with(headers)).cookies, sreq.Request(scope_with(headers)).cookies
    assert mine == theirs, f"Cookie headers: {cookies!r}\n got      {mine!r}\n Starlette {theirs!r}"


host_text = st.text(alphabet="ab1:[]@/?#. v%", max_size=12)
path_text = st.text(alphabet="/ab?#\\@:%", max_size=10)


@given(host=st.none() | host_text, path=path_text, server=st.sampled_from([None, ("h", 80), ("::1", 81)]))
@example(host="evil.com/x?", path="/admin", server=("h", 80))
@example(host="[v1.a]", path="//a", server=None)
@example(host=None, path="//a/b", server=None)
def test_url_from_scope_matches_starlette(host: str | None, path: str, server: tuple[str, int] | None):
    """URL(scope=...) gives the same URL as Starlette's for any Host header and path: the same
    hosts are trusted, the same characters of the path escaped."""
    headers = [] if host is None else [(b"host", host.encode("latin-1"))]
    scope = {**scope_with(headers, b"q=1"), "path": path, "server": server}
    mine, theirs = URL(scope=scope), sd.URL(scope=scope)
    assert str(mine) == str(theirs), (
        f"host {host!r}, path {path!r}: got {str(mine)!r}, Starlette {str(theirs)!r}"
    )


def test_url_matches_starlette():
    """request.url is rebuilt from scheme, Host header, path and query string, like Starlette."""
    for headers, server in [
        ([(b"host", b"example.com:8080")], None),
        ([], ("10.0.0.1", 80)),
        ([], ("h", 81)),
    ]:
        scope = {**scope_with(headers, b"a=1&b=2"), "scheme": "https", "server": server, "path": "/p/q"}
        if server is None:
            del scope["server"]
        mine, theirs = Request(scope).url, sreq.Request(scope).url
        assert str(mine) == str(theirs), f"scope {scope!r}: got {str(mine)!r}, Starlette {str(theirs)!r}"
        assert (mine.hostname, mine.port, mine.path, mine.query) == (
            theirs.hostname,
            theirs.port,
            theirs.path,
            theirs.query,
        )


def test_set_cookie_and_delete_cookie_match_starlette():
    """set_cookie / delete_cookie produce byte-identical Set-Cookie headers to Starlette's."""
    calls = [
        {"key": "session", "value": "abc"},
        {"key": "s", "value": "with space;semi", "max_age": 60, "httponly": True, "secure": True},
        {"key": "s", "value": "v", "path": "/app", "domain": "example.com", "samesite": "strict"},
        {
            "key": "s",
            "value": "v",
            "expires": dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            "samesite": None,
        },
    ]
    for kwargs in calls:
        mine, theirs = Response(), sr.Response()
        mine.set_cookie(**kwargs)
        theirs.set_cookie(**kwargs)
        got, expected = mine.headers.getlist("set-cookie"), theirs.headers.getlist("set-cookie")
        assert got == expected, f"set_cookie(**{kwargs!r}):\n got      {got!r}\n Starlette {expected!r}"
    mine, theirs = Response(), sr.Response()
    mine.delete_cookie("session", path="/x")
    theirs.delete_cookie("session", path="/x")
    mine_cookie, their_cookie = mine.headers["set-cookie"], theirs.headers["set-cookie"]
    # "expires" is computed from the current time: compare everything but its seconds
    assert mine_cookie.split("expires=")[0] == their_cookie.split("expires=")[0], (
        f"delete_cookie: got {mine_cookie!r}, Starlette {their_cookie!r}"
    )
    assert "Max-Age=0" in mine_cookie
    assert "Path=/x" in mine_cookie


def test_user_and_auth_fail_like_starlette_without_a_middleware():
    """request.user / request.auth: the scope's value when an authentication middleware set
    it, else the same exception type and message as Starlette's."""
    scope = {**scope_with([]), "user": "alice", "auth": ("read",)}
    assert (Request(scope).user, Request(scope).auth) == (sreq.Request(scope).user, sreq.Request(scope).auth)
    for name in ("user", "auth"):
        outcomes = []
        for request in (Request(scope_with([])), sreq.Request(scope_with([]))):
            try:
                outcomes.append(("no error, returned", repr(getattr(request, name))))
            except Exception as error:
                outcomes.append((type(error).__name__, str(error)))
        mine, theirs = outcomes
        assert mine == theirs, f"request.{name} without a middleware: got {mine!r}, Starlette {theirs!r}"
