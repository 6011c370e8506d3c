"""Drive an ASGI app by hand, without a client, so a test sees the raw messages.

The whole API (other test modules import it, keep it small and stable):

- `http_scope(...)`: a fresh, valid scope as a server builds it ("http", "websocket" or
  "lifespan" with `scope_type=`).
- `await call(app, scope, body=b"")`: run the app once; returns a `Sent`, the list of
  messages the app sent, with `.status`, `.headers` (lower-case dict), `.header_list`
  (every pair, repeats kept, in order), `.body`, `.chunks` and `.received` (what the app read).
- `run(coro_fn, *args, **kwargs)`: run an async function from a plain (sync) test.
- `RecordApp` / `record_app(...)`: an endpoint that remembers every scope and request body it
  saw and answers a fixed response.
- `streaming_app(chunks, gate=...)`: an endpoint that streams its body chunk by chunk and can
  wait on an `anyio.Event` after the first chunk (to prove a middleware does not buffer).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import anyio

Message = dict[str, Any]
HeaderPairs = Iterable[tuple[str | bytes, str | bytes]]


def _raw(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("latin-1")


def http_scope(
    path: str = "/",
    method: str = "GET",
    headers: HeaderPairs = (),
    scheme: str = "http",
    client: tuple[str, int] | None = ("127.0.0.1", 50000),
    server: tuple[str, int] | None = ("testserver", 80),
    query_string: bytes = b"",
    scope_type: str = "http",
) -> dict[str, Any]:
    """A fresh scope. Header names are lower-cased (servers do); a `host` header is added
    from `server` unless `headers` has one. `scope_type="websocket"` gives a websocket
    scope (scheme "ws"/"wss" from `scheme`), `"lifespan"` a lifespan scope."""
    if scope_type == "lifespan":
        return {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
    raw_headers = [(_raw(name).lower(), _raw(value)) for name, value in headers]
    if server is not None and not any(name == b"host" for name, _ in raw_headers):
        host, port = server
        default = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(scheme)
        raw_headers.insert(0, (b"host", (host if port == default else f"{host}:{port}").encode()))
    if scope_type == "websocket":
        scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    scope: dict[str, Any] = {
        "type": scope_type,
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query_string,
        "headers": raw_headers,
        "client": client,
        "server": server,
        "state": {},
    }
    if scope_type == "http":
        scope["method"] = method
    else:
        scope["subprotocols"] = []
    return scope


class Sent(list[Message]):
    """The messages an app sent, in order, with shortcuts for the parts tests look at."""

    received: list[Message]

    def __init__(self) -> None:
        super().__init__()
        self.received = []

    @property
    def start(self) -> Message:
        starts = [m for m in self if m["type"] == "http.response.start"]
        assert len(starts) == 1, f"expected exactly one http.response.start, got {list(self)!r}"
        return starts[0]

    @property
    def status(self) -> int:
        return int(self.start["status"])

    @property
    def header_list(self) -> list[tuple[str, str]]:
        """Every response header as (lower-case name, value), repeats kept, in order."""
        return [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in self.start.get("headers", [])]

    @property
    def headers(self) -> dict[str, str]:
        """Response headers by lower-case name; a repeated name keeps its FIRST value
        (use `header_list` to see repeats)."""
        found: dict[str, str] = {}
        for name, value in self.header_list:
            found.setdefault(name, value)
        return found

    @property
    def chunks(self) -> list[bytes]:
        """The body of every http.response.body message, empty ones included."""
        return [m.get("body", b"") for m in self if m["type"] == "http.response.body"]

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


async def call(
    app: Any,
    scope: dict[str, Any],
    body: bytes = b"",
    *,
    messages: Sequence[Message] | None = None,
    on_send: Callable[[Message], Any] | None = None,
    sent: Sent | None = None,
) -> Sent:
    """Run `app` once as a server would and return what it sent.

    The client sends `body` as one `http.request` (or exactly `messages`, for websocket and
    lifespan scopes, or a chunked body). Once those run out, `receive()` behaves like a real
    server: for http it waits until the response is complete, then reports
    `http.disconnect`; for a websocket it reports `websocket.disconnect`.
    `on_send(message)` (sync or async) runs after each message is recorded: use it to react
    to a chunk as it arrives. Pass your own `sent` to keep the messages when the app raises.
    """
    if messages is None:
        messages = [{"type": "http.request", "body": body, "more_body": False}]
    pending = list(messages)
    record = sent if sent is not None else Sent()
    response_complete = anyio.Event()

    async def receive() -> Message:
        if pending:
            message = pending.pop(0)
        elif scope["type"] == "websocket":
            message = {"type": "websocket.disconnect", "code": 1000}
        elif scope["type"] == "lifespan":
            raise AssertionError("the lifespan app called receive() after lifespan.shutdown")
        else:
            await response_complete.wait()
            message = {"type": "http.disconnect"}
        record.received.append(message)
        return message

    async def send(message: Message) -> None:
        record.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            response_complete.set()
        if on_send is not None:
            outcome = on_send(message)
            if inspect.isawaitable(outcome):
                await outcome

    await app(scope, receive, send)
    return record


def run(coro_fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
    """Run `coro_fn(*args, **kwargs)` to completion from a sync test (a fresh event loop
    each time): `sent = run(call, app, http_scope())`."""
    return anyio.run(functools.partial(coro_fn, *args, **kwargs))


class RecordApp:
    """An endpoint that remembers each scope and request body it saw, then answers
    `status` with `body` and `headers` (default: 200, text/plain, "ok")."""

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"ok",
        headers: HeaderPairs = (("content-type", "text/plain; charset=utf-8"),),
    ) -> None:
        self.status = status
        self.body = body
        self.headers = [(_raw(k).lower(), _raw(v)) for k, v in headers]
        self.scopes: list[dict[str, Any]] = []
        self.bodies: list[bytes] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http", f"RecordApp only answers http, got {scope['type']!r}"
        self.scopes.append(scope)
        received = b""
        while True:
            message = await receive()
            received += message.get("body", b"")
            if not message.get("more_body", False):
                break
        self.bodies.append(received)
        headers = [*self.headers, (b"content-length", str(len(self.body)).encode())]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


def record_app(
    status: int = 200,
    body: bytes = b"ok",
    headers: HeaderPairs = (("content-type", "text/plain; charset=utf-8"),),
) -> RecordApp:
    """A fresh `RecordApp`."""
    return RecordApp(status, body, headers)


def streaming_app(
    chunks: Sequence[bytes],
    *,
    gate: anyio.Event | None = None,
    status: int = 200,
    headers: HeaderPairs = (("content-type", "text/plain; charset=utf-8"),),
) -> Callable[[dict[str, Any], Any, Any], Awaitable[None]]:
    """An endpoint that streams `chunks` (no content-length), one `http.response.body` with
    `more_body=True` each, then an empty final one. With `gate`, it waits on the event after
    sending the first chunk: a test sets the gate only once that chunk has reached it."""
    raw_headers = [(_raw(k).lower(), _raw(v)) for k, v in headers]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": status, "headers": raw_headers})
        for index, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if index == 0 and gate is not None:
                await gate.wait()
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    return app
