"""The limiter's state in Redis, so every worker and every machine shares one budget per client.

The whole hit is one Lua script, the `gcra` function transcribed: Redis runs a script as one
command, so no other client's read can slip between this script's read and write (the
atomicity `MemoryBackend` gets from its event loop). The script reads the time from Redis
itself (`TIME`), not from the caller: four workers, or two machines, with clocks a few
milliseconds apart would otherwise each see a different "now" for the same TAT. Times are
microseconds, Redis's clock resolution, so every number the script returns is an integer
(Lua numbers returned to Redis are truncated to integers).

The key expires (`PX`) exactly when its TAT passes, which is when forgetting it changes
nothing, so Redis never holds a key for a client that stopped calling.

The script is sent once and then called by its SHA-1 (`EVALSHA`); redis-py's
`register_script` loads it again by itself when Redis answers NOSCRIPT (after a restart or a
`SCRIPT FLUSH`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from minimiddleware.ratelimit.backends import BackendUnavailable
from minimiddleware.ratelimit.gcra import Decision, Rate

# KEYS[1]: the client's key. ARGV[1]: limit. ARGV[2]: period in microseconds.
# Returns {allowed (0/1), remaining, reset_after_us, retry_after_us}. The 1 us of slack is
# gcra.py's tolerance for float drift.
_GCRA_SCRIPT = """
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local interval = period / limit
local clock = redis.call("TIME")
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tat = tonumber(redis.call("GET", KEYS[1]))
local start = now
if tat and tat > now then start = tat end
local new_tat = start + interval
if new_tat - period > now + 1 then
  return {0, 0, math.ceil(start - now), math.ceil(new_tat - period - now)}
end
local ttl_ms = math.ceil((new_tat - now) / 1000)
redis.call("SET", KEYS[1], string.format("%.17g", new_tat), "PX", string.format("%d", ttl_ms))
local remaining = math.floor((now + period - new_tat + 1) / interval)
return {1, remaining, math.ceil(new_tat - now), 0}
"""

_MICROSECONDS = 1_000_000


class RedisBackend:
    """GCRA in Redis: one key per client, `prefix + key`, shared by every process using `url`.

    Any Redis failure, including no answer within `timeout` seconds, raises
    `BackendUnavailable`. The timeout is short on purpose: the limiter sits in front of every
    request, and a Redis that answers in a second is, for a limiter, a Redis that is down.
    The client makes one immediate retry (a pooled connection may have died with a Redis
    restart) and no backed-off ones, which would outlast the timeout anyway.
    Pass `client` to share a connection pool you already have; then `aclose` leaves it open.
    """

    def __init__(
        self,
        url: str = "redis://localhost:6379/0",
        *,
        client: Redis | None = None,
        prefix: str = "ratelimit:",
        timeout: float = 0.25,
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}.")
        self._owns_client = client is None
        self._client = (
            client
            if client is not None
            else Redis.from_url(
                url,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry=Retry(NoBackoff(), retries=1),
            )
        )
        self._script = self._client.register_script(_GCRA_SCRIPT)
        self._prefix = prefix
        self._timeout = timeout

    async def hit(self, key: str, rate: Rate) -> Decision:
        """Run the script for `prefix + key`; a Redis error or a late answer is
        `BackendUnavailable`."""
        try:
            async with asyncio.timeout(self._timeout):
                reply: Any = await self._script(
                    keys=[self._prefix + key], args=[rate.limit, repr(rate.period * _MICROSECONDS)]
                )
        except (RedisError, OSError) as error:  # a missed deadline is a TimeoutError, an OSError
            raise BackendUnavailable(f"Redis did not decide the request: {error!r}") from error
        allowed, remaining, reset_us, retry_us = (int(number) for number in reply)
        return Decision(
            allowed=bool(allowed),
            limit=rate.limit,
            remaining=remaining,
            reset_after=reset_us / _MICROSECONDS,
            retry_after=retry_us / _MICROSECONDS,
        )

    async def aclose(self) -> None:
        """Close the connection pool this backend opened (not a `client` it was given)."""
        if self._owns_client:
            await self._client.aclose()
