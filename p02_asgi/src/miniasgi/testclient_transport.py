"""The test client's HTTP side: an httpx transport that runs the ASGI app instead of a socket.

For each request it builds the scope a server would, starts the app in the client's event
loop and hands the response back as soon as `http.response.start` arrives; the body is then
*streamed*: each `http.response.body` reaches the test when it reads, and the app's `send`
waits until it does (a queue of size 0), as a real socket's backpressure would make it wait.
It also checks what the app sends, the way a strict server would: one start, body messages
after it and none after the last, trailers only when announced. A mistake there is an
`AssertionError` raised in the app, at the `send` that made it.

Closing the response early (leaving a `client.stream(...)` block) cancels an app whose
response is not complete; a complete one (background tasks still running) is waited for,
and its exception, if any, is raised in the test.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import warnings
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import anyio
import httpx
from anyio.from_thread import BlockingPortal

from miniasgi.exceptions import MiniASGIDeprecationWarning
from miniasgi.testclient_websocket import WebSocketTestSession
from miniasgi.types import ASGIApp, Message, Scope

PortalFactory = Callable[[], contextlib.AbstractContextManager[BlockingPortal]]

ASGI_VERSION = {"version": "3.0", "spec_version": "2.4"}


class Upgrade(Exception):
    """Raised through httpx by the transport for a ws:// URL: it carries the WebSocket session
    (`TestClient.websocket_connect` catches it), since an httpx.Response cannot."""

    def __init__(self, session: WebSocketTestSession) -> None:
        super().__init__(session)
        self.session = session


class _Exchange:
    """One request/response, lived in the event loop (built there, through the portal)."""

    def __init__(self, app: ASGIApp, scope: Scope, body: bytes) -> None:
        self.app, self.scope, self.body = app, scope, body
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.debug_info: dict[str, Any] | None = None
        self.trailers: list[tuple[bytes, bytes]] = []
        self.trailers_expected = False
        self.body_complete = False
        self.request_delivered = False
        self.started = anyio.Event()  # the start message came, or the app returned without one
        self.complete = anyio.Event()  # the client has the whole response
        self.cancel_scope = anyio.CancelScope()
        self.to_client, self.from_app = anyio.create_memory_object_stream[tuple[bytes, bool]](0)

    async def run(self) -> None:
        try:
            with self.cancel_scope, self.to_client:
                await self.app(self.scope, self.receive, self.send)
        finally:
            self.started.set()

    async def receive(self) -> Message:
        if not self.request_delivered:
            self.request_delivered = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        if not self.complete.is_set():  # no await otherwise: a disconnect is known at once
            await self.complete.wait()  # like a real client: it leaves once it has its answer
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            _check(self.status is None, 'Received multiple "http.response.start" messages.')
            self.status = message["status"]
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            self.trailers_expected = bool(message.get("trailers", False))
            self.started.set()
        elif kind == "http.response.body":
            _check(self.status is not None, 'Received "http.response.body" without "http.response.start".')
            _check(not self.complete.is_set(), 'Received "http.response.body" after response completed.')
            _check(not self.body_complete, 'Received "http.response.body" after body completed.')
            self.body_complete = not message.get("more_body", False)
            last = self.body_complete and not self.trailers_expected
            await self.to_client.send((bytes(message.get("body", b"")), last))  # a copy: buffers get reused
        elif kind == "http.response.trailers":
            _check(self.trailers_expected, 'Received "http.response.trailers" without declaring trailers.')
            _check(self.body_complete, 'Received "http.response.trailers" before body completed.')
            _check(not self.complete.is_set(), 'Received "http.response.trailers" after response completed.')
            self.trailers.extend(message.get("headers", []))
            if not message.get("more_trailers", False):
                self.complete.set()
        elif kind == "http.response.debug":
            self.debug_info = message["info"]

    async def next_chunk(self) -> bytes:
        """The next body message's bytes; raises anyio.EndOfStream once the app has returned."""
        body, last = await self.from_app.receive()
        if last:
            self.complete.set()
        return body

    def cancel_if_incomplete(self) -> None:
        if not self.complete.is_set():
            self.cancel_scope.cancel()


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


class _ResponseStream(httpx.SyncByteStream):
    """The body of one response, pulled from the app as the test reads it."""

    def __init__(
        self,
        transport: Transport,
        exchange: _Exchange,
        task: concurrent.futures.Future[None],
        portal: BlockingPortal,
        stack: contextlib.ExitStack,
        drop_body: bool,
    ) -> None:
        self.transport, self.exchange, self.task = transport, exchange, task
        self.portal, self.stack, self.drop_body = portal, stack, drop_body
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        while not self.closed:
            try:
                chunk = self.portal.call(self.exchange.next_chunk)
            except anyio.EndOfStream:
                return
            if chunk and not self.drop_body:  # HEAD: the client never sees a body
                yield chunk

    def close(self, *, cancel: bool = False) -> None:
        """Done with the response: stop an app that is not finished sending it (any app, when
        the client itself is closing), wait for it to return, and raise its error, if any."""
        if self.closed:
            return
        self.closed = True
        self.transport.open_streams.discard(self)
        with self.stack:
            if not self.task.done():
                action = self.exchange.cancel_scope.cancel if cancel else self.exchange.cancel_if_incomplete
                self.portal.call(action)
            concurrent.futures.wait([self.task])
            self.portal.call(self.exchange.from_app.close)
        error = self.task.exception()
        if error is not None and self.transport.raise_server_exceptions:
            raise error


class Transport(httpx.BaseTransport):
    """Hands each httpx request to the ASGI app (`TestClient` installs it)."""

    def __init__(
        self,
        app: ASGIApp,
        portal_factory: PortalFactory,
        raise_server_exceptions: bool,
        root_path: str,
        client: tuple[str, int],
        app_state: dict[str, Any],
    ) -> None:
        self.app, self.portal_factory = app, portal_factory
        self.raise_server_exceptions, self.root_path = raise_server_exceptions, root_path
        self.client, self.app_state = client, app_state
        self.open_streams: set[_ResponseStream] = set()

    def close(self) -> None:
        """The client is closing: cancel every app whose response nobody finished reading."""
        with contextlib.ExitStack() as stack:
            for stream in list(self.open_streams):
                stack.callback(stream.close, cancel=True)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if any(value is not None for value in request.extensions.get("timeout", {}).values()):
            warnings.warn(
                "You should not use the 'timeout' argument with the TestClient: the app runs in "
                "this process, with no network to time out on, so it has no effect.",
                MiniASGIDeprecationWarning,
                stacklevel=2,
            )
        if request.url.scheme in ("ws", "wss"):
            scope = self.scope_for(request, "websocket")
            offered = request.headers.get("sec-websocket-protocol")
            scope["subprotocols"] = [p.strip() for p in offered.split(",")] if offered else []
            raise Upgrade(
                WebSocketTestSession(self.app, scope, self.portal_factory, self.raise_server_exceptions)
            )
        scope = self.scope_for(request, "http")
        return self._exchange(request, scope)

    def scope_for(self, request: httpx.Request, kind: str) -> Scope:
        """What a server would put in the scope for this request."""
        url = request.url
        raw_path, _, query = url.raw_path.partition(b"?")
        default_port = {"http": 80, "https": 443, "ws": 80, "wss": 443}[url.scheme]
        extensions: dict[str, dict[str, Any]] = (
            {"http.response.debug": {}, "http.response.trailers": {}}
            if kind == "http"
            else {"websocket.http.response": {}}
        )
        scope: Scope = {
            "type": kind,
            "asgi": ASGI_VERSION,
            "http_version": "1.1",
            "scheme": url.scheme,
            "path": unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "root_path": self.root_path,
            "query_string": query,
            "headers": [(name.lower(), value) for name, value in request.headers.raw],
            "client": self.client,
            "server": (url.raw_host.decode("ascii"), default_port if url.port is None else url.port),
            "state": dict(self.app_state),  # each request gets a shallow copy, as servers do
            "extensions": extensions,
        }
        if kind == "http":
            scope["method"] = request.method
        return scope

    def _exchange(self, request: httpx.Request, scope: Scope) -> httpx.Response:
        body = request.read()
        with contextlib.ExitStack() as stack:
            portal = stack.enter_context(self.portal_factory())
            exchange = portal.call(_Exchange, self.app, scope, body)
            task = portal.start_task_soon(exchange.run)
            portal.call(exchange.started.wait)
            stream = _ResponseStream(self, exchange, task, portal, stack.pop_all(), request.method == "HEAD")
        if exchange.status is None:  # the app returned (or failed) before starting a response
            stream.close()
            if self.raise_server_exceptions:
                raise AssertionError("TestClient did not receive any response.")
            return httpx.Response(500, request=request)
        self.open_streams.add(stream)
        response = httpx.Response(exchange.status, headers=exchange.headers, stream=stream, request=request)
        if exchange.trailers_expected:
            response.extensions["http.response.trailers"] = exchange.trailers  # filled as they come
        if exchange.debug_info is not None:
            response.extensions["http.response.debug"] = exchange.debug_info
            for name in ("template", "context"):
                if name in exchange.debug_info:
                    setattr(response, name, exchange.debug_info[name])
        return response
