"""Rate limiting: the GCRA decision (`gcra`, `Rate`, `Decision`), where its state lives
(`MemoryBackend` in one process, `RedisBackend` shared by all of them) and the middleware
that asks it about every request (`RateLimitMiddleware`)."""

from minimiddleware.ratelimit.backends import Backend, BackendUnavailable, MemoryBackend
from minimiddleware.ratelimit.gcra import Decision, Rate, gcra
from minimiddleware.ratelimit.middleware import RateLimitMiddleware, client_ip
from minimiddleware.ratelimit.redis import RedisBackend

__all__ = [
    "Backend",
    "BackendUnavailable",
    "Decision",
    "MemoryBackend",
    "Rate",
    "RateLimitMiddleware",
    "RedisBackend",
    "client_ip",
    "gcra",
]
