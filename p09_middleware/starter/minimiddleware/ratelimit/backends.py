"""Where the limiter keeps each client's TAT: the `Backend` protocol and its in-memory twin."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from minimiddleware.ratelimit.gcra import Decision, Rate, gcra


class BackendUnavailable(Exception):
    """The backend could not decide (Redis down, slow or refusing): the middleware's
    `on_backend_error` policy chooses what the request gets, never a 500."""


class Backend(Protocol):
    """Anything that can decide a request for a key at a rate, atomically."""

    async def hit(self, key: str, rate: Rate) -> Decision:
        """Count one request for `key` and return the verdict; raise `BackendUnavailable`
        when the decision cannot be made."""
        ...


class MemoryBackend:
    """TATs in a dict of this process: exact, fast, and per process."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        raise NotImplementedError(
            "Remember the clock to read and how many keys to keep at most, and start with no "
            "client known (one TAT per key)."
        )

    def __len__(self) -> int:
        raise NotImplementedError("Say how many clients are remembered right now.")

    async def hit(self, key: str, rate: Rate) -> Decision:
        raise NotImplementedError(
            "Decide the request for `key` with gcra() at the clock's time and remember the new TAT, "
            "with no await in between; past max_keys keys, forget the expired ones first, then the "
            "least recently seen."
        )
