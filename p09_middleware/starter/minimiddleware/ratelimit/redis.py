"""The limiter's state in Redis, so every worker and every machine shares one budget per client."""

from __future__ import annotations

from redis.asyncio import Redis

from minimiddleware.ratelimit.backends import BackendUnavailable
from minimiddleware.ratelimit.gcra import Decision, Rate


class RedisBackend:
    """GCRA in Redis: one key per client, `prefix + key`, shared by every process using `url`."""

    def __init__(
        self,
        url: str = "redis://localhost:6379/0",
        *,
        client: Redis | None = None,
        prefix: str = "ratelimit:",
        timeout: float = 0.25,
    ) -> None:
        raise NotImplementedError(
            "Connect to `url` (or use the `client` given) with short timeouts and register the Lua "
            "script that runs GCRA inside Redis, on Redis's own clock."
        )

    async def hit(self, key: str, rate: Rate) -> Decision:
        raise NotImplementedError(
            "Run the script for `prefix + key` and turn its numbers into a Decision; any Redis "
            "error, or no answer within `timeout`, is BackendUnavailable."
        )

    async def aclose(self) -> None:
        raise NotImplementedError("Close the connections this backend opened (not a client it was given).")
