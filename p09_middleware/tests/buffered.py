"""The anti-pattern the timing lesson contrasts with: a middleware that holds the response.

It collects every message the app sends and only passes them on once the app has finished,
as a `call_next`-style middleware does when it reads the whole response body (to log it,
to measure its total time, to rewrite it). Correct for small answers, fatal for a stream:
the client gets nothing until the last chunk exists, and an app that waits for the client
to see the first chunk never finishes.
"""

from __future__ import annotations

import time
from typing import Any


class BufferedTimingMiddleware:
    """Adds `X-Response-Time` after the WHOLE response, which forces it to buffer it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        messages: list[dict[str, Any]] = []

        async def collect(message: dict[str, Any]) -> None:
            messages.append(message)

        await self.app(scope, receive, collect)
        elapsed = f"{time.perf_counter() - started:.3f}s".encode()
        for message in messages:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message["headers"], (b"x-response-time", elapsed)]}
            await send(message)
