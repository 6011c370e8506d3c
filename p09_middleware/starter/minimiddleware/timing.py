"""How long did the app take to answer? Measured without holding the response back.

The clock starts when the request enters this layer and stops when the app sends
`http.response.start`: that is the last moment a header can still be added. The body is never
waited for: a streaming response keeps streaming, chunk by chunk.

- `X-Response-Time: 0.023s`: seconds with three decimals.
- `Server-Timing: app;dur=23.1`: the W3C Server-Timing syntax (milliseconds, one decimal),
  added beside any Server-Timing the app sent itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from miniasgi.types import ASGIApp, Receive, Scope, Send


class TimingMiddleware:
    """Add the app's response time to every http response's headers (`clock` is injectable)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        header: str = "X-Response-Time",
        server_timing: bool = True,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        raise NotImplementedError(
            "Milestone 2: TimingMiddleware puts the app's response time on each http response without "
            "holding it back. Start by keeping the app and the three options for __call__."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 2: for http, read the clock on entry and again when the response start goes "
            "out; write the elapsed time into that start message as `header` ('0.023s') and, if "
            "server_timing, as an added 'Server-Timing: app;dur=23.1' (ms). Other scopes pass through."
        )
