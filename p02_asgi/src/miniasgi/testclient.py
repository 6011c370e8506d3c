"""`TestClient`: call an ASGI app from ordinary synchronous test code, no server needed.

It is a real `httpx.Client` whose transport (testclient_transport.py), instead of opening a
socket, builds an ASGI scope and drives the app in an event loop running in a background
thread (an anyio "blocking portal"). Test code stays synchronous; the app runs exactly as it
would under uvicorn.

- `with TestClient(app) as client:` also runs the lifespan: startup on enter, shutdown on exit,
  and requests inside the block share that one event loop and the lifespan state.
- With `raise_server_exceptions=True` (the default) an exception the app did not handle is
  re-raised in the test, so you see the real traceback, not just a 500.
- `client.stream("GET", "/feed")` hands you the response as soon as its headers are sent and
  the body chunk by chunk; leaving the block early cancels an app still sending it.
- `client.websocket_connect("/ws")` opens a WebSocket session you can send to and receive from;
  a handshake the app denies with an HTTP response raises `WebSocketDenialResponse`.
"""

from __future__ import annotations

import contextlib
import inspect
import math
from collections.abc import Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Literal, Self, TypeGuard

import anyio
import anyio.from_thread
import httpx
from anyio.from_thread import BlockingPortal

from miniasgi.concurrency import is_async_callable
from miniasgi.testclient_transport import ASGI_VERSION, Transport, Upgrade
from miniasgi.testclient_websocket import WebSocketDenialResponse, WebSocketTestSession
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ASGIInstance", "TestClient", "WebSocketDenialResponse", "WebSocketTestSession"]

#: The older ASGI 2 shape: `app(scope)` returns the coroutine function `instance(receive, send)`.
ASGIInstance = Callable[[Receive, Send], Awaitable[None]]
ASGI2App = Callable[[Scope], ASGIInstance]


def _is_asgi3(app: ASGIApp | ASGI2App) -> TypeGuard[ASGIApp]:
    """ASGI 3 apps are async callables taking (scope, receive, send). A *class* is ASGI 2 (calling
    it with the scope makes the instance) unless its instances are awaitable."""
    if inspect.isclass(app):
        return hasattr(app, "__await__")
    return is_async_callable(app)


class _ASGI2Adapter:
    """An ASGI 2 app seen as an ASGI 3 one: make the instance for the scope, then run it."""

    def __init__(self, app: ASGI2App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope)(receive, send)


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

    def close(self) -> None:
        """Close the four ends of the two queues (an unclosed one warns when collected)."""
        for end in (self.to_app, self.app_inbox, self.app_outbox, self.from_app):
            self.portal.call(end.close)

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
        root_path: str = "",
        backend: Literal["asyncio", "trio"] = "asyncio",
        backend_options: dict[str, Any] | None = None,
        cookies: httpx._types.CookieTypes | None = None,
        headers: dict[str, str] | None = None,
        follow_redirects: bool = True,
        client: tuple[str, int] = ("testclient", 50000),
    ) -> None:
        self.app: ASGIApp = app if _is_asgi3(app) else _ASGI2Adapter(app)  # type: ignore[arg-type]
        self.backend, self.backend_options = backend, backend_options or {}
        self.app_state: dict[str, Any] = {}
        self._portal: BlockingPortal | None = None
        self._exit_stack: contextlib.ExitStack | None = None
        self._asgi = Transport(
            self.app, self.portal, raise_server_exceptions, root_path, client, self.app_state
        )
        default_headers = httpx.Headers(headers)
        default_headers.setdefault("user-agent", "testclient")
        super().__init__(
            base_url=base_url,
            headers=default_headers,
            cookies=cookies,
            transport=self._asgi,
            follow_redirects=follow_redirects,
            timeout=None,  # nothing to time out on; a timeout= you pass is warned about (transport)
        )

    @property
    def raise_server_exceptions(self) -> bool:
        """Re-raise the app's unhandled exceptions in the test (may be changed at any time)."""
        return self._asgi.raise_server_exceptions

    @raise_server_exceptions.setter
    def raise_server_exceptions(self, value: bool) -> None:
        self._asgi.raise_server_exceptions = value

    @contextlib.contextmanager
    def portal(self) -> Iterator[BlockingPortal]:
        """The event loop to run the app in: the lifespan's if we are inside `with`, else a new one."""
        if self._portal is not None:
            yield self._portal
        else:
            with anyio.from_thread.start_blocking_portal(self.backend, self.backend_options) as portal:
                yield portal

    def websocket_connect(
        self, url: str, subprotocols: list[str] | None = None, **kwargs: Any
    ) -> WebSocketTestSession:
        """Open a WebSocket to `url` (use it with `with`); raises WebSocketDisconnect if refused.

        `kwargs` are those of an httpx request (`headers=`, `params=`, `cookies=`...): the
        handshake is an HTTP GET that the transport turns into a WebSocket session.
        """
        full_url = self.base_url.join(url)
        full_url = full_url.copy_with(scheme="wss" if full_url.scheme in ("https", "wss") else "ws")
        headers = httpx.Headers(kwargs.pop("headers", None))
        headers.setdefault("connection", "upgrade")
        headers.setdefault("sec-websocket-key", "testserver==")
        headers.setdefault("sec-websocket-version", "13")
        if subprotocols is not None:
            headers.setdefault("sec-websocket-protocol", ", ".join(subprotocols))
        try:
            super().request("GET", full_url, headers=headers, **kwargs)
        except Upgrade as upgrade:
            return upgrade.session
        raise RuntimeError("Expected the transport to upgrade to a WebSocket.")  # pragma: no cover

    def __enter__(self) -> Self:
        with contextlib.ExitStack() as stack:
            self._portal = portal = stack.enter_context(
                anyio.from_thread.start_blocking_portal(self.backend, self.backend_options)
            )
            stack.callback(setattr, self, "_portal", None)
            lifespan = _LifespanSession(self.app, portal, self.app_state)
            stack.callback(lifespan.close)
            lifespan.startup()
            stack.callback(lifespan.shutdown)
            stack.callback(self._asgi.close)  # first on exit: stop responses nobody read
            self._exit_stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        # Not httpx's __exit__, which would close the client for good: a TestClient may be
        # entered again, for a new lifespan in a new event loop.
        if self._exit_stack is not None:
            stack, self._exit_stack = self._exit_stack, None
            stack.close()
