"""minimiddleware: pure-ASGI middleware that wraps any ASGI app, the course's or a real one.

Every class here is an ASGI app that holds the next one (`cls(app, **options)`), so the
same class wraps p02's `MiniASGI`, p07's `MiniAPI` (through `add_middleware`), and a real
Starlette or FastAPI application. Nothing buffers a response body unless compressing it.
"""

from minimiddleware.access_log import AccessLogMiddleware, JSONFormatter
from minimiddleware.authentication import (
    AnonymousUser,
    AuthenticationFailed,
    AuthenticationMiddleware,
    AuthScheme,
    BasicAuth,
    BearerAuth,
    Credentials,
    User,
)
from minimiddleware.cors import CORSMiddleware
from minimiddleware.errors import ErrorMiddleware
from minimiddleware.gzip import GZipMiddleware
from minimiddleware.httpsredirect import HTTPSRedirectMiddleware
from minimiddleware.onion import PassThroughMiddleware, ResponseHeadersMiddleware, with_response_headers
from minimiddleware.ratelimit import (
    Backend,
    BackendUnavailable,
    Decision,
    MemoryBackend,
    Rate,
    RateLimitMiddleware,
    RedisBackend,
    client_ip,
    gcra,
)
from minimiddleware.request_id import RequestIdFilter, RequestIdMiddleware, current_request_id
from minimiddleware.timing import TimingMiddleware
from minimiddleware.trustedhost import TrustedHostMiddleware

__all__ = [
    "AccessLogMiddleware",
    "AnonymousUser",
    "AuthScheme",
    "AuthenticationFailed",
    "AuthenticationMiddleware",
    "Backend",
    "BackendUnavailable",
    "BasicAuth",
    "BearerAuth",
    "CORSMiddleware",
    "Credentials",
    "Decision",
    "ErrorMiddleware",
    "GZipMiddleware",
    "HTTPSRedirectMiddleware",
    "JSONFormatter",
    "MemoryBackend",
    "PassThroughMiddleware",
    "Rate",
    "RateLimitMiddleware",
    "RedisBackend",
    "RequestIdFilter",
    "RequestIdMiddleware",
    "ResponseHeadersMiddleware",
    "TimingMiddleware",
    "TrustedHostMiddleware",
    "User",
    "client_ip",
    "current_request_id",
    "gcra",
    "with_response_headers",
]
