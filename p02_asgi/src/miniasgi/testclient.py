"""`TestClient`: call an ASGI app from ordinary synchronous test code, no server needed.

It is a real `httpx.Client` whose transport, instead of opening a socket, builds an ASGI scope
and drives the app in an event loop running in a background thread (an anyio "blocking
portal"). Test code stays synchronous; the app runs exactly as it would under uvicorn.

- `with TestClient(app) as client:` also runs the lifespan: startup on enter, shutdown on exit,
  and requests inside the block share that one event loop and the lifespan state.
- With `raise_server_exceptions=True` (the default) an exception the app did not handle is
  re-raised in the test, so you see the real traceback, not just a 500.
- `client.websocket_connect("/ws")` opens a WebSocket session you can send to and receive from.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote

import anyio
import anyio.from_thread
import httpx
from anyio.from_thread import BlockingPortal

from miniasgi.testclient_websocket import WebSocketTestSession
from miniasgi.types import ASGIApp, Message, Scope

PortalFactory = Callable[[], contextlib.AbstractContextManager[BlockingPortal]]

ASGI_VERSION = {"version": "3.0", "spec_version": "2.4"}


@dataclass
class _Exchange:
    """What the app sent back for one request."""

    status: int | None = None
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    error: Exception | None = None


class _ASGITransport(httpx.BaseTransport):
    """An httpx transport that hands each request to an ASGI app instead of a socket."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        scope = self.client.build_scope(request.url, "http", request.headers.raw)
        scope["method"] = request.method
        body = request.read()
        with self.client.portal() as portal:
            exchange = portal.call(self._exchange, scope, body)
        if exchange.error is not None and self.client.raise_server_exceptions:
            raise exchange.error
        if exchange.status is None:
            if exchange.error is None and self.client.raise_server_exceptions:
                raise RuntimeError("The app returned without sending a response (no 'http.response.start').")
            return httpx.Response(500, request=request)
        return httpx.Response(
            exchange.status,
            headers=exchange.headers,
            stream=httpx.ByteStream(b"".join(exchange.chunks)),
            request=request,
        )

    async def _exchange(self, scope: Scope, body: bytes) -> _Exchange:
        exchange = _Exchange()
        response_complete = anyio.Event()
        request_delivered = False
        drop_body = scope["method"] == "HEAD"

        async def receive() -> Message:
            nonlocal request_delivered
            if not request_delivered:
                request_delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await response_complete.wait()  # like a real client: it leaves once it has its answer
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                if exchange.status is not None:
                    raise RuntimeError("The app sent 'http.response.start' twice.")
                exchange.status = message["status"]
                exchange.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            elif kind == "http.response.body":
                if exchange.status is None:
                    raise RuntimeError("The app sent 'http.response.body' before 'http.response.start'.")
                if response_complete.is_set():
                    raise RuntimeError("The app sent 'http.response.body' after the response was complete.")
                if not drop_body:
                    exchange.chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    response_complete.set()

        try:
            await self.client.app(scope, receive, send)
        except Exception as exc:
            exchange.error = exc
        finally:
            response_complete.set()
        return exchange


class _LifespanSession:
    """Drives the lifespan protocol from the test thread: startup now, shutdown later."""

    def __init__(self, app: ASGIApp, portal: BlockingPortal, state: dict[str, Any]) -> None:
        self.portal = portal
        self.to_app, self.app_inbox = anyio.create_memory_object_stream[Message](math.inf)
        self.app_outbox, self.from_app = anyio.create_memory_object_stream[Message | None](math.inf)
        scope = {"type": "lifespan", "asgi": ASGI_VERSION, "state": state}
        self.future = portal.start_task_soon(self._run, app, scope)
        self.supported = True

    async def _run(self, app: ASGIApp, scope: Scope) -> None:
        try:
            await app(scope, self.app_inbox.receive, self.app_outbox.send)
        finally:
            self.app_outbox.send_nowait(None)  # tell the test thread the app has returned

    def _exchange(self, event: str) -> Message | None:
        self.portal.call(self.to_app.send, {"type": f"lifespan.{event}"})
        return self.portal.call(self.from_app.receive)

    def startup(self) -> None:
        message = self._exchange("startup")
        if message is None:
            self.future.result()  # raises if the app crashed; a clean return means "no lifespan"
            self.supported = False
        elif message["type"] == "lifespan.startup.failed":
            self._fail(message)

    def shutdown(self) -> None:
        if not self.supported:
            return
        message = self._exchange("shutdown")
        if message is not None and message["type"] == "lifespan.shutdown.failed":
            self._fail(message)
        self.future.result()

    def _fail(self, message: Message) -> None:
        self.future.result()  # re-raise the app's own exception when it raised one
        raise RuntimeError(message.get("message", "lifespan failed"))


class TestClient(httpx.Client):
    """An httpx.Client wired straight into an ASGI app. Use it as a context manager to run
    the lifespan; use it bare for quick one-off requests (each gets a fresh event loop)."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        headers: Mapping[str, str] | None = None,
        cookies: httpx._types.CookieTypes | None = None,
        follow_redirects: bool = True,
    ) -> None:
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.app_state: dict[str, Any] = {}
        self._portal: BlockingPortal | None = None
        self._exit_stack: contextlib.ExitStack | None = None
        super().__init__(
            base_url=base_url,
            headers={"user-agent": "testclient", **(headers or {})},
            cookies=cookies,
            transport=_ASGITransport(self),
            follow_redirects=follow_redirects,
        )

    @contextlib.contextmanager
    def portal(self) -> Iterator[BlockingPortal]:
        """The event loop to run the app in: the lifespan's if we are inside `with`, else a new one."""
        if self._portal is not None:
            yield self._portal
        else:
            with anyio.from_thread.start_blocking_portal() as portal:
                yield portal

    def build_scope(self, url: httpx.URL, kind: str, headers: list[tuple[bytes, bytes]]) -> Scope:
        """The parts of an HTTP or WebSocket scope that come from the URL and headers."""
        default_port = {"http": 80, "https": 443, "ws": 80, "wss": 443}[url.scheme]
        raw_path, _, query = url.raw_path.partition(b"?")
        return {
            "type": kind,
            "asgi": ASGI_VERSION,
            "http_version": "1.1",
            "scheme": url.scheme,
            "path": unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "root_path": "",
            "query_string": query,
            "headers": [(name.lower(), value) for name, value in headers],
            "client": ("testclient", 50000),
            "server": (url.host, url.port or default_port),
            "state": dict(self.app_state),  # each request gets a shallow copy, as servers do
            "extensions": {},
        }

    def websocket_connect(
        self,
        url: str,
        subprotocols: list[str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> WebSocketTestSession:
        """Open a WebSocket to `url` (use it with `with`); raises WebSocketDisconnect if refused."""
        full_url = self.base_url.join(url)
        full_url = full_url.copy_with(scheme="wss" if full_url.scheme == "https" else "ws")
        request_headers = httpx.Headers({"host": full_url.netloc.decode("ascii"), **(headers or {})})
        request_headers.setdefault("sec-websocket-version", "13")
        if subprotocols:
            request_headers["sec-websocket-protocol"] = ", ".join(subprotocols)
        scope = self.build_scope(full_url, "websocket", request_headers.raw)
        scope["subprotocols"] = list(subprotocols or [])
        return WebSocketTestSession(self.app, scope, self.portal, self.raise_server_exceptions)

    def __enter__(self) -> Self:
        with contextlib.ExitStack() as stack:
            self._portal = portal = stack.enter_context(anyio.from_thread.start_blocking_portal())
            stack.callback(setattr, self, "_portal", None)
            lifespan = _LifespanSession(self.app, portal, self.app_state)
            lifespan.startup()
            stack.callback(lifespan.shutdown)
            self._exit_stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        if self._exit_stack is not None:
            stack, self._exit_stack = self._exit_stack, None
            stack.close()
