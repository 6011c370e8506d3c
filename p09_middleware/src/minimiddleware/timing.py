"""How long did the app take to answer? Measured without holding the response back.

The clock starts when the request enters this layer and stops when the app sends
`http.response.start`: that is the last moment a header can still be added, and it is
also what a client feels as "time to first byte" minus the network. The body is never
waited for: a streaming response keeps streaming, chunk by chunk, and its total duration
belongs in the access log (which runs after the last chunk), not in a header that has
already left.

Two headers, both optional to read:

- `X-Response-Time: 0.023s`: seconds with three decimals, the de-facto convention.
- `Server-Timing: app;dur=23.1`: the W3C Server-Timing syntax (milliseconds), which browser
  devtools show in the network panel. It is appended, so metrics the app reported itself
  (`db;dur=4.2`) are kept beside ours.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from miniasgi import MutableHeaders
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minimiddleware.onion import with_response_headers


class TimingMiddleware:
    """Add the app's response time to every http response's headers.

    `clock` returns seconds as a float (default `time.perf_counter`, monotonic and
    high-resolution); tests inject a fake one to assert exact header values.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        header: str = "X-Response-Time",
        server_timing: bool = True,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.app = app
        self.header = header
        self.server_timing = server_timing
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = self.clock()

        def add_timing(headers: MutableHeaders) -> None:
            elapsed = self.clock() - started
            headers[self.header] = f"{elapsed:.3f}s"
            if self.server_timing:
                headers.append("Server-Timing", f"app;dur={elapsed * 1000:.1f}")

        await self.app(scope, receive, with_response_headers(send, add_timing))
