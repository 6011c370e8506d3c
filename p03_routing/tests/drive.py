"""Helpers shared by the milestone tests: drive any ASGI app in-process and see what it did.

`call(app, path)` builds an HTTP scope, runs the app to completion and returns the status,
headers and body it sent, plus the scope after the router had its say (path_params,
root_path, endpoint...). It works the same for minirouter and for Starlette's router, which
is what the parity tests need. `Probe` is an ASGI endpoint that answers with its own name,
so a test can see which route won.
"""

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Result:
    status: int
    headers: dict[str, str]
    body: bytes
    scope: dict[str, Any] = field(repr=False)

    @property
    def text(self) -> str:
        return self.body.decode()


def http_scope(
    path: str,
    method: str = "GET",
    *,
    root_path: str = "",
    host: str = "testserver",
    query: bytes = b"",
) -> dict[str, Any]:
    """An ASGI HTTP scope as a server builds it (`path` includes `root_path`)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "http",
        "method": method,
        "path": root_path + path,
        "raw_path": (root_path + path).encode(),
        "root_path": root_path,
        "query_string": query,
        "headers": [(b"host", host.encode())],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }


async def _drive(app: Any, scope: dict[str, Any]) -> Result:
    sent: list[dict[str, Any]] = []
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Result(start["status"], headers, body, scope)


def call(app: Any, path: str, method: str = "GET", **scope_args: Any) -> Result:
    """Send one HTTP request to `app` in-process and return what it answered."""
    return asyncio.run(_drive(app, http_scope(path, method, **scope_args)))


class Probe:
    """An ASGI endpoint that answers 200 with its name: which route won is the body."""

    def __init__(self, name: str) -> None:
        self.__name__ = name

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": self.__name__.encode()})


def allow(result: Result) -> set[str]:
    """The methods in an `Allow` header, as a set (Starlette's order is not fixed)."""
    return {method.strip() for method in result.headers.get("allow", "").split(",") if method.strip()}


def names(routes: Iterable[Any]) -> list[str]:
    return [route.name for route in routes]
