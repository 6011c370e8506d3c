"""Helpers for milestones 3 and 4: a WebSocket client played at the ASGI level, in-process.

- `Peer(path)`: the client's end of one socket, as a server would present it to an app:
  `peer.scope`, `peer.receive`, `peer.send` (pass them to an ASGI app, or ask for
  `peer.websocket()` / `peer.starlette_websocket()`). The test makes the client act with
  `say(text)`, `say_bytes(data)`, `leave(code)`, and reads what the app did in `frames` (every
  text or binary message sent to the client, in order), `accepted`, `close_code`.
  `stall()` makes every data frame the app sends wait until `release()`: a client that stopped
  reading. Waiting is event-driven: `await peer.wait_frames(n)`, `await peer.wait_closed()`.
- `run(main)`: run an async test body in a fresh event loop (asyncio, like uvicorn).
- `await tasks_end()`: wait until every task but the caller has ended; fail naming the others.
- `await serve(app, peer)`: run an ASGI app for one peer in a task, as a server does; returns
  the task once the app accepted (or raises what the app raised before accepting).
- `load_example(name)`: import examples/<name> afresh (a new module, so a new manager).
- `await Client.start(manager, room, ...)`: a peer plus the endpoint serving it, in a task of
  its own (the server's task for that socket); returns once `connect()` has returned, or
  raises what `connect()` raised.
- `await eventually(check, what)`: for effects that take a few event-loop turns (a failed
  send being noticed): gives the loop a bounded number of turns, never wall-clock time.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from miniasgi import WebSocket, WebSocketDisconnect

T = TypeVar("T")
Message = dict[str, Any]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class Peer:
    """The client side of one WebSocket, as an ASGI server shows it to the application."""

    def __init__(
        self,
        path: str = "/ws",
        *,
        headers: list[tuple[bytes, bytes]] | None = None,
        query_string: bytes = b"",
        subprotocols: list[str] | None = None,
    ) -> None:
        self.scope: dict[str, Any] = {
            "type": "websocket",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "scheme": "ws",
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 50000),
            "root_path": "",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query_string,
            "headers": [(b"host", b"testserver"), *(headers or [])],
            "subprotocols": subprotocols or [],
            "state": {},
            "extensions": {"websocket.http.response": {}},
        }
        self.frames: list[str | bytes] = []
        self.accepted = False
        self.close_code: int | None = None
        self.gone = False
        self._incoming: asyncio.Queue[Message] = asyncio.Queue()
        self._incoming.put_nowait({"type": "websocket.connect"})
        self._gate: asyncio.Event | None = None
        self._progress = asyncio.Event()
        self.stuck = asyncio.Event()  # set once a send is waiting on the stall

    # -- the ASGI side -------------------------------------------------------------------

    async def receive(self) -> Message:
        return await self._incoming.get()

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if self.gone:
            raise OSError("the client is gone")  # what an ASGI 2.4 server raises
        if kind == "websocket.accept":
            self.accepted = True
        elif kind == "websocket.send":
            if self._gate is not None:
                self.stuck.set()
                await self._gate.wait()
            text = message.get("text")
            self.frames.append(text if text is not None else bytes(message["bytes"]))
        elif kind == "websocket.close":
            self.close_code = message.get("code", 1000)
            self.gone = True
            self._incoming.put_nowait({"type": "websocket.disconnect", "code": self.close_code})
        elif kind == "websocket.http.response.start":
            self.close_code = 403
            self.gone = True
        self._notify()

    def websocket(self) -> WebSocket:
        return WebSocket(self.scope, self.receive, self.send)

    def starlette_websocket(self) -> Any:
        from starlette.websockets import WebSocket as StarletteWebSocket

        return StarletteWebSocket(self.scope, self.receive, self.send)

    # -- what the client does ------------------------------------------------------------

    def say(self, text: str) -> None:
        self._incoming.put_nowait({"type": "websocket.receive", "text": text})

    def say_bytes(self, data: bytes) -> None:
        self._incoming.put_nowait({"type": "websocket.receive", "bytes": data})

    def leave(self, code: int = 1001) -> None:
        self.gone = True
        self._incoming.put_nowait({"type": "websocket.disconnect", "code": code})

    def stall(self) -> None:
        self._gate = asyncio.Event()

    def release(self) -> None:
        if self._gate is not None:
            self._gate.set()
        self._gate = None

    # -- waiting, without sleeping -------------------------------------------------------

    def _notify(self) -> None:
        progress, self._progress = self._progress, asyncio.Event()
        progress.set()

    async def wait_frames(self, count: int) -> list[str | bytes]:
        while len(self.frames) < count:
            await self._progress.wait()
        return self.frames

    async def wait_accepted(self) -> None:
        while not self.accepted:
            await self._progress.wait()

    async def wait_closed(self) -> int:
        while self.close_code is None:
            await self._progress.wait()
        return self.close_code


def run(main: Callable[[], Awaitable[T]]) -> T:
    """Run `main()` in a fresh asyncio event loop (uvicorn's loop, and the manager's)."""

    async def wrapper() -> T:
        return await main()

    return asyncio.run(wrapper())


async def tasks_end(timeout: float = 5.0) -> None:
    """Wait for every task but the caller to end. A task still running after `timeout`
    seconds is a leak: the assertion names it (`miniws-sender`: a connection's sender that
    never stopped; `miniws-heartbeat`: the manager's heartbeat, still beating for nobody)."""
    me = asyncio.current_task()
    while others := {task for task in asyncio.all_tasks() if task is not me}:
        _, pending = await asyncio.wait(others, timeout=timeout)
        names = sorted(task.get_name() for task in pending)
        assert not pending, f"expected every task to end by itself, still running after {timeout}s: {names}"


async def serve(app: Callable[..., Awaitable[None]], peer: Peer) -> asyncio.Task[None]:
    """Run the ASGI app for one client in a task of its own, as a server does; return the task
    once the app has accepted the socket, or raise what the app raised before accepting.
    The task ends quietly when the app ends with WebSocketDisconnect (the seed's endpoint
    does; uvicorn would log it)."""

    async def session() -> None:
        with contextlib.suppress(WebSocketDisconnect):
            await app(peer.scope, peer.receive, peer.send)

    task = asyncio.create_task(session(), name="test-server-session")
    accepted = asyncio.create_task(peer.wait_accepted())
    await asyncio.wait({task, accepted}, return_when=asyncio.FIRST_COMPLETED)
    if not accepted.done():
        accepted.cancel()
        task.result()
        raise AssertionError("expected the app to accept the websocket, it returned without accepting")
    return task


def load_example(name: str) -> ModuleType:
    """Import examples/<name> as a brand-new module (its own manager, its own state)."""
    module_name = f"example_{name.removesuffix('.py')}_{id(object())}"
    spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / name)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


class Client:
    """A peer and the endpoint serving it. The endpoint is the seed's loop (read a text,
    broadcast it to the room); `tidy=True` wraps it in `try/finally: disconnect()`;
    `via_manager=True` reads with `manager.receive()` (pongs absorbed, activity noted)."""

    def __init__(self, manager: Any, room: str, peer: Peer, websocket: Any, tidy: bool, via_manager: bool):
        self.manager, self.room, self.peer, self.websocket = manager, room, peer, websocket
        self.tidy, self.via_manager = tidy, via_manager
        self.connected = asyncio.Event()
        self.task = asyncio.create_task(self._endpoint(), name="test-endpoint")

    @classmethod
    async def start(
        cls,
        manager: Any,
        room: str,
        *,
        starlette: bool = False,
        tidy: bool = False,
        via_manager: bool = False,
    ) -> Client:
        peer = Peer(f"/chat/{room}")
        websocket = peer.starlette_websocket() if starlette else peer.websocket()
        client = cls(manager, room, peer, websocket, tidy, via_manager)
        connected = asyncio.create_task(client.connected.wait())
        await asyncio.wait({client.task, connected}, return_when=asyncio.FIRST_COMPLETED)
        if not connected.done():
            connected.cancel()
            client.task.result()  # connect() failed: raise what it raised
        return client

    async def _endpoint(self) -> None:
        manager, websocket = self.manager, self.websocket
        await manager.connect(self.room, websocket)
        self.connected.set()
        try:
            if self.tidy:
                try:
                    await self._loop()
                finally:
                    await manager.disconnect(websocket)
            else:
                await self._loop()
        except Exception:
            pass  # the client left (WebSocketDisconnect): the server's task ends here

    async def _loop(self) -> None:
        manager, websocket = self.manager, self.websocket
        while True:
            if self.via_manager:
                message = await manager.receive(websocket)
            else:
                message = await websocket.receive_text()
            await manager.broadcast(self.room, message)


async def eventually(check: Callable[[], bool], what: str, turns: int = 1000) -> None:
    """Let the event loop run until `check()` holds, at most `turns` times round."""
    for _ in range(turns):
        if check():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"expected {what} within {turns} event-loop turns, it did not happen")
