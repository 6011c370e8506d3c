"""Parity: run one request through our middleware and through Starlette's, and compare.

Both wrap the same inner app (built fresh for each run, so neither can see the other's
edits) with the same options and get the same scope (a fresh copy each). What comes out is
reduced to a `Seen`: the status, the headers that matter (by lower-case name, repeats
joined with ", " in order) and the body. Two `Seen`s are equal exactly when a client could
not tell the two middlewares apart on the things compared.

The whole API:

- `side_by_side(ours, theirs, inner, scope, headers=..., body=b"")`: `(ours_seen, theirs_seen)`;
  `ours` and `theirs` turn an app into a wrapped app (`lambda app: X(app, **options)`).
- `observe(app, scope, headers=..., body=b"")`: one `Seen`, from one app.
- `assert_same(ours, theirs, what)`: fails with both observations side by side.
- `app_sending(chunks, status=200, headers=...)`: an inner app that sends exactly these body
  messages (more_body on every one but the last: one chunk is a plain response).
- `endpoint(...)`: an inner app that also accepts websockets (for host checks).
- `gunzip(data)`: a gzip body decompressed (tolerant of a stream that is not finished).

A websocket is observed like an http request: accepted is status 101, closed before accepting
is 403 (what a server answers then), and a denial response (`websocket.http.response.*`) is
its own status, headers and body.
"""

from __future__ import annotations

import copy
import functools
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .asgi import call, run

App = Callable[..., Any]
Wrap = Callable[[App], App]


@dataclass(frozen=True)
class Seen:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks: tuple[bytes, ...] = ()

    def __str__(self) -> str:
        return f"status {self.status}, headers {self.headers}, body {self.body[:120]!r}"


def _seen(messages: Sequence[dict[str, Any]], names: Iterable[str]) -> Seen:
    types = [m["type"].removeprefix("websocket.") for m in messages]
    if "http.response.start" not in types:
        return Seen(101 if "accept" in types else 403)
    start = messages[types.index("http.response.start")]
    wanted = {name.lower() for name in names}
    headers: dict[str, str] = {}
    for raw_name, raw_value in start.get("headers", []):
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name in wanted:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
    chunks = tuple(
        m.get("body", b"") for m, kind in zip(messages, types, strict=True) if kind == "http.response.body"
    )
    return Seen(int(start["status"]), headers, b"".join(chunks), chunks)


def observe(app: App, scope: dict[str, Any], headers: Iterable[str] = (), body: bytes = b"") -> Seen:
    """Run `app` once on a copy of `scope` (the request body `body`) and reduce what it sent."""
    scope = copy.deepcopy(scope)
    messages = [{"type": "websocket.connect"}] if scope["type"] == "websocket" else None
    sent = run(functools.partial(call, app, scope, body, messages=messages))
    return _seen(sent, headers)


def side_by_side(
    ours: Wrap,
    theirs: Wrap,
    inner: Callable[[], App],
    scope: dict[str, Any],
    headers: Iterable[str] = (),
    body: bytes = b"",
) -> tuple[Seen, Seen]:
    names = list(headers)
    return (
        observe(ours(inner()), scope, names, body),
        observe(theirs(inner()), scope, names, body),
    )


def assert_same(ours: Seen, theirs: Seen, what: str) -> None:
    assert ours == theirs, f"{what}:\n  ours:      {ours}\n  Starlette: {theirs}"


def app_sending(
    chunks: Sequence[bytes],
    status: int = 200,
    headers: Iterable[tuple[str, str]] = (("content-type", "text/plain; charset=utf-8"),),
) -> App:
    """An http app answering `status` and `headers`, then one body message per chunk."""
    raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
    parts = list(chunks) or [b""]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": status, "headers": list(raw)})
        for index, chunk in enumerate(parts):
            await send({"type": "http.response.body", "body": chunk, "more_body": index < len(parts) - 1})

    return app


def endpoint(body: bytes = b"hello", headers: Iterable[tuple[str, str]] = ()) -> App:
    """An app that answers http with 200 `body` and accepts any websocket."""
    http = app_sending([body], headers=[("content-type", "text/plain"), *headers])

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": 1000})
        else:
            await http(scope, receive, send)

    return app


def gunzip(data: bytes) -> bytes:
    """Decompress a gzip body; a stream cut short gives what it has so far."""
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data)
