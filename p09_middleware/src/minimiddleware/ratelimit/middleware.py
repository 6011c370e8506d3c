"""The rate-limit middleware: one backend question per request, answered in the headers.

Every limited response says where the client stands, so a well-behaved client can slow down
before it is refused:

    X-RateLimit-Limit: 100        the burst size (requests per minute)
    X-RateLimit-Remaining: 99     requests that would still pass right now
    X-RateLimit-Reset: 1          seconds until the full burst is available again

`Reset` is a number of seconds from now (like `Retry-After`), not a Unix timestamp as some
APIs send: a delta means the same on every machine, while a timestamp is only right if the
client's clock agrees with the server's (and with Redis's, whose clock the shared limit
uses). Seconds are rounded up, so a client that waits that long is never refused early.

A refused request gets `429 Too Many Requests` with `Retry-After` (RFC 9110 §10.2.3, whole
seconds, at least 1) and never reaches the app. When the backend cannot decide, the
`on_backend_error` policy chooses: "open" serves the request unlimited (an outage of the
limiter is not an outage of the API), "closed" answers 503 (for an endpoint where abuse costs
more than downtime). Either way one warning per outage, not one per request: a Redis outage
under load would otherwise bury the logs it is meant to show up in.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Literal

from miniasgi import JSONResponse, MutableHeaders
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minimiddleware.onion import with_response_headers
from minimiddleware.ratelimit.backends import Backend, BackendUnavailable, MemoryBackend
from minimiddleware.ratelimit.gcra import Decision, Rate


def client_ip(scope: Scope) -> str | None:
    """The address of the peer that opened the connection, or None (a unix socket, a test
    harness without one): such requests are not limited.

    Behind a reverse proxy the peer is the proxy, and every client would share one budget.
    The fix belongs in the server, not here: `uvicorn --proxy-headers
    --forwarded-allow-ips=<the proxy's address>` puts the real client into `scope["client"]`,
    trusting X-Forwarded-For only from that proxy. Reading X-Forwarded-For here would let any
    client pick a fresh address, and a fresh budget, for every request.
    """
    client = scope.get("client")
    return str(client[0]) if client else None


class RateLimitMiddleware:
    """Allow `requests_per_minute` per key (the client's address by default), in bursts of
    up to as many, by GCRA.

    `key(scope)` names the budget a request spends: an API key, a user id, an address and a
    path... or None to exempt the request (no budget spent, no headers). The default backend
    is a `MemoryBackend`, which is per process: under several workers, pass a `RedisBackend`.
    """

    def __init__(
        self,
        app: ASGIApp,
        requests_per_minute: int = 60,
        *,
        key: Callable[[Scope], str | None] = client_ip,
        backend: Backend | None = None,
        on_backend_error: Literal["open", "closed"] = "open",
        logger: logging.Logger = logging.getLogger("minimiddleware.ratelimit"),  # noqa: B008
    ) -> None:
        if on_backend_error not in ("open", "closed"):
            raise ValueError(f'on_backend_error must be "open" or "closed", not {on_backend_error!r}.')
        self.app = app
        self.rate = Rate(requests_per_minute, 60.0)
        self.key = key
        self.backend: Backend = backend if backend is not None else MemoryBackend()
        self.fail_open = on_backend_error == "open"
        self.logger = logger
        self._limit = str(self.rate.limit)
        # Nothing in the 503 depends on the request: built once, sent as often as needed.
        self._unavailable = JSONResponse(
            {"detail": "Service Unavailable"}, status_code=503, headers={"Retry-After": "1"}
        )
        self._backend_down = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = self.key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        try:
            decision = await self.backend.hit(key, self.rate)
        except BackendUnavailable as error:
            self._backend_failed(error)
            if self.fail_open:
                await self.app(scope, receive, send)
            else:
                await self._unavailable(scope, receive, send)
            return
        if self._backend_down:
            self._backend_down = False
            self.logger.info("rate limit backend is back: limiting requests again")
        headers = self._headers(decision)
        if not decision.allowed:
            headers["Retry-After"] = str(max(1, math.ceil(decision.retry_after)))
            refusal = JSONResponse({"detail": "Too Many Requests"}, status_code=429, headers=headers)
            await refusal(scope, receive, send)
            return

        def add_headers(response_headers: MutableHeaders) -> None:
            response_headers.update(headers)

        await self.app(scope, receive, with_response_headers(send, add_headers))

    def _headers(self, decision: Decision) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": self._limit,
            "X-RateLimit-Remaining": str(decision.remaining),
            "X-RateLimit-Reset": str(math.ceil(decision.reset_after)),
        }

    def _backend_failed(self, error: BackendUnavailable) -> None:
        """Warn on the first failure of an outage only; a success in between ends the outage.
        No await here, so concurrent failing requests cannot both see `_backend_down` False."""
        if self._backend_down:
            return
        self._backend_down = True
        policy = "serving requests unlimited" if self.fail_open else "answering 503"
        self.logger.warning("rate limit backend unavailable, %s until it is back: %s", policy, error)
