"""Scenarios for `nox -s compare -- p09`: the same requests through minimiddleware's layers
and through Starlette's, around the same small Starlette app.

`observe("mini")` wraps the app in minimiddleware's GZip, CORS, TrustedHost and
HTTPSRedirect middleware (learner's or reference copy, whichever PYTHONPATH selects);
`observe("real")` in Starlette's classes of the same names, with the same options. Timing,
request ids, rate limits and authentication have no Starlette twin with the same options:
their tests say what they must do. One known difference, on purpose: a redirect to https
keeps the brackets of an IPv6 host, where Starlette drops them (see the README).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx

INTERESTING_HEADERS = (
    "content-encoding",
    "content-length",
    "vary",
    "location",
    "access-control-allow-origin",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-allow-credentials",
    "access-control-expose-headers",
    "access-control-max-age",
)
ORIGIN = "https://page.example"
# (name, middleware, method, path, request headers)
SCENARIOS: list[tuple[str, str, str, str, dict[str, str]]] = [
    ("gzip: large body", "gzip", "GET", "/large", {"accept-encoding": "gzip"}),
    ("gzip: small body stays plain", "gzip", "GET", "/small", {"accept-encoding": "gzip"}),
    ("gzip: client without gzip", "gzip", "GET", "/large", {"accept-encoding": "br"}),
    ("gzip: a stream", "gzip", "GET", "/stream", {"accept-encoding": "gzip, deflate"}),
    ("cors: simple request", "cors", "GET", "/small", {"origin": ORIGIN}),
    ("cors: refused origin", "cors", "GET", "/small", {"origin": "https://evil.example"}),
    (
        "cors: preflight",
        "cors",
        "OPTIONS",
        "/small",
        {
            "origin": ORIGIN,
            "access-control-request-method": "PUT",
            "access-control-request-headers": "X-Token",
        },
    ),
    (
        "cors: preflight, method refused",
        "cors",
        "OPTIONS",
        "/small",
        {"origin": ORIGIN, "access-control-request-method": "DELETE"},
    ),
    ("trusted host: listed", "hosts", "GET", "/small", {"host": "api.example.com"}),
    ("trusted host: wildcard", "hosts", "GET", "/small", {"host": "eu.api.example.com"}),
    ("trusted host: refused", "hosts", "GET", "/small", {"host": "evil.example"}),
    ("trusted host: www redirect", "hosts", "GET", "/small", {"host": "example.com"}),
    ("https: redirect", "https", "GET", "/small?q=1", {"host": "api.example.com"}),
    ("https: redirect drops port 80", "https", "GET", "/small", {"host": "api.example.com:80"}),
]


async def _words() -> AsyncIterator[bytes]:
    for word in (b"streamed ", b"in ", b"pieces ") * 200:
        yield word


def _inner_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, StreamingResponse
    from starlette.routing import Route

    async def large(request: Request) -> PlainTextResponse:
        return PlainTextResponse("all work and no play " * 100)

    async def small(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    async def stream(request: Request) -> StreamingResponse:
        return StreamingResponse(_words(), media_type="text/plain")

    methods = ["GET", "PUT", "OPTIONS"]
    return Starlette(
        routes=[
            Route("/large", large, methods=methods),
            Route("/small", small, methods=methods),
            Route("/stream", stream, methods=methods),
        ]
    )


def _layers(impl: str) -> dict[str, Any]:
    """Each middleware under test around its own copy of the inner app, by scenario kind."""
    if impl == "mini":
        from minimiddleware import (
            CORSMiddleware,
            GZipMiddleware,
            HTTPSRedirectMiddleware,
            TrustedHostMiddleware,
        )
    else:
        from starlette.middleware.cors import CORSMiddleware
        from starlette.middleware.gzip import GZipMiddleware
        from starlette.middleware.httpsredirect import HTTPSRedirectMiddleware
        from starlette.middleware.trustedhost import TrustedHostMiddleware
    return {
        "gzip": GZipMiddleware(_inner_app(), minimum_size=500),
        "cors": CORSMiddleware(
            _inner_app(),
            allow_origins=[ORIGIN],
            allow_methods=["GET", "PUT"],
            allow_headers=["X-Token"],
            expose_headers=["X-Total"],
            allow_credentials=True,
        ),
        "hosts": TrustedHostMiddleware(
            _inner_app(), allowed_hosts=["www.example.com", "api.example.com", "*.api.example.com"]
        ),
        "https": HTTPSRedirectMiddleware(_inner_app()),
    }


def observe(impl: str) -> dict[str, object]:
    """Run every scenario against impl "mini" (minimiddleware) or "real" (Starlette)."""
    return anyio.run(_observe, impl)


async def _observe(impl: str) -> dict[str, object]:
    layers = _layers(impl)
    observations: dict[str, object] = {}
    for name, kind, method, path, headers in SCENARIOS:
        transport = httpx.ASGITransport(app=layers[kind])
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.request(method, path, headers=headers)
        observations[name] = {
            "status": response.status_code,
            "headers": {h: response.headers[h] for h in INTERESTING_HEADERS if h in response.headers},
            "body": response.text[:80],  # decompressed by httpx: content-encoding says how it came
        }
    return observations
