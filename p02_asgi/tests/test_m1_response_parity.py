"""Milestone 1 parity: Starlette is the oracle. The same arguments give the same bytes and headers."""

from __future__ import annotations

import starlette.responses as sr
from miniasgi import HTMLResponse, JSONResponse, PlainTextResponse, Response


def test_response_headers_match_starlette():
    """Content-Length, Content-Type (with charset for text/*) and the body match Starlette's."""
    cases = [
        (Response, sr.Response, {"content": b"raw"}),
        (Response, sr.Response, {"content": "x", "media_type": "text/csv"}),
        (Response, sr.Response, {"content": "x", "media_type": "text/plain; charset=latin-1"}),
        (Response, sr.Response, {"status_code": 204}),
        (Response, sr.Response, {"status_code": 304, "content": b""}),
        (PlainTextResponse, sr.PlainTextResponse, {"content": "héllo"}),
        (HTMLResponse, sr.HTMLResponse, {"content": "<p>hi</p>", "headers": {"X-Thing": "1"}}),
        (JSONResponse, sr.JSONResponse, {"content": {"b": [1, 2.5, None], "a": "é"}}),
        (JSONResponse, sr.JSONResponse, {"content": [], "headers": {"content-type": "application/x"}}),
        # A memoryview counts its bytes, whatever its item format; a strided one is made contiguous.
        (Response, sr.Response, {"content": memoryview(b"01234567").cast("I")}),
        (Response, sr.Response, {"content": memoryview(b"01234567")[::2]}),
    ]
    for mine_cls, their_cls, kwargs in cases:
        mine, theirs = mine_cls(**kwargs), their_cls(**kwargs)
        label = f"{mine_cls.__name__}(**{kwargs})"
        assert mine.body == theirs.body, f"{label}: body {mine.body!r}, Starlette {theirs.body!r}"
        assert sorted(mine.raw_headers) == sorted(theirs.raw_headers), (
            f"{label}: headers {sorted(mine.raw_headers)!r}, Starlette {sorted(theirs.raw_headers)!r}"
        )
