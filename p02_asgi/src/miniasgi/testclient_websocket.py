"""The test client's WebSocket session: the client's side of a WebSocket, driven from a test.

The app runs as a task in the client's event loop; two in-memory queues carry ASGI messages
each way. Every call from the test thread (`send_text`, `receive_json`, ...) crosses into the
loop through the portal and waits for the answer.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import anyio
import anyio.abc
import httpx
from anyio.from_thread import BlockingPortal

from miniasgi.exceptions import WebSocketDisconnect
from miniasgi.types import ASGIApp, Message, Scope

#: How long the app gets to notice the disconnect and return before it is cancelled.
SHUTDOWN_GRACE_SECONDS = 1.0


class WebSocketDenialResponse(httpx.Response, WebSocketDisconnect):  # type: ignore[misc]
    """The app refused the handshake with an HTTP response (`websocket.send_denial_response`).

    It is both: an `httpx.Response` (`status_code`, `headers`, `content`) and a
    `WebSocketDisconnect`, so code that only expects "refused" still catches it. The close code
    is 1006, what a browser reports when a handshake fails.
    """

    def __init__(self, status_code: int, headers: list[tuple[bytes, bytes]], content: bytes) -> None:
        httpx.Response.__init__(self, status_code, headers=headers, content=content)
        WebSocketDisconnect.__init__(self, 1006, f"The handshake was denied with HTTP {status_code}.")


class WebSocketTestSession:
    """`with client.websocket_connect("/ws") as ws:` then `ws.send_text(...)`, `ws.receive_text()`."""

    def __init__(
        self,
        app: ASGIApp,
        scope: Scope,
        portal_factory: Callable[[], contextlib.AbstractContextManager[BlockingPortal]],
        raise_server_exceptions: bool = True,
    ) -> None:
        self.app = app
        self.scope = scope
        self.portal_factory = portal_factory
        self.raise_server_exceptions = raise_server_exceptions
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] = []
        self._to_app, self._app_inbox = anyio.create_memory_object_stream[Message](math.inf)
        self._app_outbox, self._from_app = anyio.create_memory_object_stream[Message | None](math.inf)
        self._app_error: Exception | None = None
        self._app_exited = False
        self._closed_by_client = False
        self._stack = contextlib.ExitStack()

    # -- lifecycle -----------------------------------------------------------------------------

    def __enter__(self) -> Self:
        with self._stack:
            self._portal = self._stack.enter_context(self.portal_factory())
            self._stack.callback(self._portal.call, self._close_streams)
            _, self._cancel_scope = self._portal.start_task(self._run)
            self._stack.callback(self._portal.call, self._finish)
            self.send({"type": "websocket.connect"})
            message = self.receive()
            if message["type"] == "websocket.http.response.start":
                raise self._denial(message)
            if message["type"] == "websocket.close":
                raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
            if message["type"] != "websocket.accept":
                raise RuntimeError(
                    f"Expected 'websocket.accept' or 'websocket.close', got {message['type']!r}."
                )
            self.accepted_subprotocol = message.get("subprotocol")
            self.extra_headers = list(message.get("headers", []))
            self._stack = self._stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._stack:
            if not self._closed_by_client and not self._app_exited:
                self.close(1000)
        if exc_type is None and self._app_error is not None and self.raise_server_exceptions:
            raise self._app_error

    async def _run(self, *, task_status: anyio.abc.TaskStatus[anyio.CancelScope]) -> None:
        self._app_returned = anyio.Event()
        with anyio.CancelScope() as scope:
            task_status.started(scope)
            try:
                await self.app(self.scope, self._app_inbox.receive, self._app_outbox.send)
            except Exception as exc:
                self._app_error = exc
            finally:
                self._app_returned.set()
                self._app_outbox.send_nowait(None)  # wakes a test blocked in receive()

    async def _finish(self) -> None:
        """Give the app a moment to see the disconnect and return; then cancel it, and wait
        for it to unwind (its queues are closed next)."""
        with anyio.move_on_after(SHUTDOWN_GRACE_SECONDS):
            await self._app_returned.wait()
        self._cancel_scope.cancel()
        await self._app_returned.wait()

    def _close_streams(self) -> None:
        for end in (self._to_app, self._app_inbox, self._app_outbox, self._from_app):
            end.close()

    def _denial(self, start: Message) -> WebSocketDenialResponse:
        """Read the rest of a denial response (its body messages) into one exception."""
        body = []
        while True:
            message = self.receive()
            if message["type"] != "websocket.http.response.body":
                raise RuntimeError(f"Expected 'websocket.http.response.body', got {message['type']!r}.")
            body.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                break
        return WebSocketDenialResponse(start["status"], list(start.get("headers", [])), b"".join(body))

    # -- raw messages ------------------------------------------------------------------------

    def send(self, message: Message) -> None:
        self._portal.call(self._to_app.send, message)

    def receive(self) -> Message:
        """The next message the app sent; if the app has returned, report it as a close."""
        message = None if self._app_exited else self._portal.call(self._from_app.receive)
        if message is None:
            self._app_exited = True
            if self._app_error is not None and self.raise_server_exceptions:
                error, self._app_error = self._app_error, None  # raise it once, here
                raise error
            code = 1011 if self._app_error is not None else 1000
            return {"type": "websocket.close", "code": code, "reason": ""}
        return message

    # -- the friendly API --------------------------------------------------------------------

    def send_text(self, data: str) -> None:
        self.send({"type": "websocket.receive", "text": data})

    def send_bytes(self, data: bytes) -> None:
        self.send({"type": "websocket.receive", "bytes": data})

    def send_json(self, data: Any, mode: str = "text") -> None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            self.send_text(text)
        else:
            self.send_bytes(text.encode("utf-8"))

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        self._closed_by_client = True
        self.send({"type": "websocket.disconnect", "code": code, "reason": reason or ""})

    def _receive_frame(self) -> Message:
        message = self.receive()
        if message["type"] == "websocket.close":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
        return message

    def receive_text(self) -> str:
        return str(self._receive_frame()["text"])

    def receive_bytes(self) -> bytes:
        return bytes(self._receive_frame()["bytes"])

    def receive_json(self, mode: str = "text") -> Any:
        message = self._receive_frame()
        return json.loads(message["text"] if mode == "text" else message["bytes"].decode("utf-8"))
