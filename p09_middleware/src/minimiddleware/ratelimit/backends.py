"""Where the limiter keeps each client's TAT: the `Backend` protocol and its in-memory twin.

The middleware asks a backend one question per request, `await hit(key, rate)`, and the
backend answers with a `Decision`, atomically: two concurrent requests from one client must
never both read the same old TAT, or a burst could pass twice. `MemoryBackend` gets that for
free from the event loop (no `await` between reading and writing); `RedisBackend` gets it
from Redis running a Lua script as one command.
"""

from __future__ import annotations

import itertools
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
    """TATs in a dict of this process: exact, fast, and PER PROCESS.

    Under `gunicorn -w 4` each worker has its own dict, so a client whose requests spread
    over the workers gets up to four times the limit; share the state with `RedisBackend`.
    Memory stays bounded: past `max_keys` keys, the ones whose TAT has passed are dropped
    (forgetting them changes nothing: a fresh key has a full budget too), and if that is not
    enough, the least recently seen ones, down to 90% of `max_keys` so that the sweep, which
    reads every key, runs once per tenth of `max_keys` new clients, not on every request.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        if max_keys < 1:
            raise ValueError(f"max_keys must be at least 1, not {max_keys!r}.")
        self._clock = clock
        self._max_keys = max_keys
        self._low_water = max_keys - max_keys // 10
        # Insertion order is recency order: every hit re-inserts its key at the end.
        self._tats: dict[str, float] = {}

    def __len__(self) -> int:
        """How many clients are remembered: what `max_keys` bounds."""
        return len(self._tats)

    async def hit(self, key: str, rate: Rate) -> Decision:
        """Read, decide and write with no `await` in between: atomic in one event loop."""
        now = self._clock()
        tat = self._tats.pop(key, None)
        new_tat, decision = gcra(tat, now, rate)
        if new_tat is not None:
            tat = new_tat
        if tat is not None:  # a refusal keeps the old TAT (but counts as "seen" for recency)
            self._tats[key] = tat
            if len(self._tats) > self._max_keys:
                self._evict(now)
        return decision

    def _evict(self, now: float) -> None:
        for key in [key for key, tat in self._tats.items() if tat <= now]:
            del self._tats[key]
        excess = len(self._tats) - self._low_water
        for key in list(itertools.islice(self._tats, max(excess, 0))):
            del self._tats[key]
