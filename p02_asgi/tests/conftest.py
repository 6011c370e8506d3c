"""Shared helpers: drive an ASGI app by hand, without a client, to see the raw messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import pytest

Messages = list[dict[str, Any]]


class Sent(list[dict[str, Any]]):
    """The messages an app sent, with shortcuts for the parts tests look at."""

    @property
    def start(self) -> dict[str, Any]:
        starts = [m for m in self if m["type"] == "http.response.start"]
        assert len(starts) == 1, f"expected exactly one http.response.start, got {list(self)!r}"
        return starts[0]

    @property
    def status(self) -> int:
        return int(self.start["status"])

    @property
    def headers(self) -> dict[str, str]:
        return {k.decode("latin-1"): v.decode("latin-1") for k, v in self.start["headers"]}

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self if m["type"] == "http.response.body")


def http_scope(
    path: str = "/",
    method: str = "GET",
    headers: list[tuple[bytes, bytes]] | None = None,
    query_string: bytes = b"",
) -> dict[str, Any]:
    """A minimal, valid ASGI HTTP scope, as a server would build it."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},  # send() raises OSError once the client left
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query_string,
        "headers": headers if headers is not None else [(b"host", b"testserver")],
        "client": ("127.0.0.1", 12345),
        "server": ("testserver", 80),
        "state": {},
    }


async def call_app(app: Any, scope: dict[str, Any], incoming: Messages | None = None) -> Sent:
    """Run `app` with `incoming` as the client's messages; return everything it sent.

    Once the incoming messages run out, receive() reports a disconnect, like a real server
    whose client has gone.
    """
    queue = list(incoming or [{"type": "http.request", "body": b"", "more_body": False}])
    sent = Sent()

    async def receive() -> dict[str, Any]:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


@pytest.fixture
def scope() -> Callable[..., dict[str, Any]]:
    """`scope(path, method=..., headers=..., query_string=...)`: a fresh HTTP scope."""
    return http_scope


@pytest.fixture
def drive() -> Callable[..., Sent]:
    """`drive(app, scope, incoming)`: call_app in a fresh event loop, from sync test code."""

    def run(app: Any, scope: dict[str, Any], incoming: Messages | None = None) -> Sent:
        async def main() -> Sent:
            return await call_app(app, scope, incoming)

        return anyio.run(main)

    return run
