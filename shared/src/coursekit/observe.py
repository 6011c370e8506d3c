"""Send the same requests to any WSGI or ASGI app and record what a client would see.

Projects' `compare.py` files use these so that "what came back" is recorded the same way for
the learner's code, the reference and the real library. Requests go through httpx's own
in-process transports: the ecosystem's client, no sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

INTERESTING_HEADERS = ("content-type", "content-length", "allow", "location", "set-cookie")


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    content: bytes = b""


def _record(response: httpx.Response, headers: tuple[str, ...]) -> dict[str, Any]:
    """JSON bodies are kept as values: two serializers may space or order them differently."""
    body: Any = response.text
    if response.headers.get("content-type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):  # claimed JSON but is not: the text shows that
            body = response.json()
    return {
        "status": response.status_code,
        "headers": {name: response.headers.get(name) for name in headers if name in response.headers},
        "body": body,
    }


def wsgi_observe(
    app: Any, calls: Mapping[str, Call], headers: tuple[str, ...] = INTERESTING_HEADERS
) -> dict[str, Any]:
    """Each call's status, interesting headers and body; an exception is recorded, not raised."""
    observed: dict[str, Any] = {}
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as client:
        for name, call in calls.items():
            try:
                response = client.request(
                    call.method, call.path, headers=dict(call.headers), content=call.content
                )
                observed[name] = _record(response, headers)
            except Exception as exc:  # the point is to show it, not to stop
                observed[name] = {"error": f"{type(exc).__name__}: {exc}"}
    return observed


def asgi_observe(
    app: Any, calls: Mapping[str, Call], headers: tuple[str, ...] = INTERESTING_HEADERS
) -> dict[str, Any]:
    """The ASGI twin of `wsgi_observe` (no lifespan: scenarios must not need start-up state)."""

    async def main() -> dict[str, Any]:
        observed: dict[str, Any] = {}
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            for name, call in calls.items():
                try:
                    response = await client.request(
                        call.method, call.path, headers=dict(call.headers), content=call.content
                    )
                    observed[name] = _record(response, headers)
                except Exception as exc:
                    observed[name] = {"error": f"{type(exc).__name__}: {exc}"}
        return observed

    return asyncio.run(main())
