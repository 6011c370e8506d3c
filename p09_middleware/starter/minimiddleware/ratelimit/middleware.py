"""The rate-limit middleware: one backend question per request, answered in the headers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from miniasgi.types import ASGIApp, Receive, Scope, Send

from minimiddleware.ratelimit.backends import Backend, BackendUnavailable, MemoryBackend
from minimiddleware.ratelimit.gcra import Decision, Rate


def client_ip(scope: Scope) -> str | None:
    raise NotImplementedError(
        "Return the address of the peer that opened the connection (scope['client']), or None "
        "when there is none; never trust X-Forwarded-For here."
    )


class RateLimitMiddleware:
    """Allow `requests_per_minute` per key (the client's address by default), by GCRA."""

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
        raise NotImplementedError(
            "Keep the app, the rate (requests_per_minute per 60 s), the key function, the backend "
            "(a MemoryBackend of your own by default) and the policy; refuse a bad policy now."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "For http requests with a key, ask the backend: add X-RateLimit-Limit, -Remaining and "
            "-Reset to the response, or answer 429 with Retry-After without calling the app; when "
            "the backend is unavailable, follow on_backend_error and warn once per outage."
        )
