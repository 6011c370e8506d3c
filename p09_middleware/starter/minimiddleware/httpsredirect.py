"""`HTTPSRedirectMiddleware`: send every plain-text request to the same URL over TLS.

A request that arrived as `http` (or a websocket as `ws`) never reaches the app: it gets a
307 to the `https` (`wss`) URL, same host, path and query. 307 rather than 301/302 because a
client must repeat the *same* method with the same body (a browser turns a POST into a GET
after a 302). The explicit port goes when it is 80 or 443: `http://example.com:80/` becomes
`https://example.com/`, the default port of https; any other port is kept.

The URL is rebuilt from the scope by p02's `URL`, which only believes a well-formed `Host`
header and otherwise uses the server's own address; with neither there is nothing to
redirect to, and the answer is 400 "Invalid host header".

Starlette's `HTTPSRedirectMiddleware` does the same (`starlette/middleware/httpsredirect.py`)
with one difference: for an IPv6 literal on port 80 or 443 it drops the brackets
(`http://[::1]:80/` becomes `https://::1/`, which is not a URL); here they are kept.
"""

from __future__ import annotations

from miniasgi import URL, PlainTextResponse, RedirectResponse, Response
from miniasgi.types import ASGIApp, Receive, Scope, Send

SECURE_SCHEMES = {"http": "https", "ws": "wss"}


class HTTPSRedirectMiddleware:
    """Redirect (307) http and ws requests to https and wss; secure ones pass through."""

    def __init__(self, app: ASGIApp) -> None:
        raise NotImplementedError("Milestone 4: keep the app")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 4: answer an http or ws request with the redirect to TLS; anything else "
            "(https, wss, lifespan) reaches the app"
        )


def redirect_to_tls(scope: Scope) -> Response:
    """The 307 to this request's URL over TLS, or 400 when the request names no host."""
    raise NotImplementedError(
        "Milestone 4: rebuild the request's URL from the scope; with no host at all, 400 "
        "'Invalid host header'; else a 307 to it with the scheme made secure and a port 80 or "
        "443 removed (keep an IPv6 literal's brackets)"
    )


__all__ = ["SECURE_SCHEMES", "HTTPSRedirectMiddleware"]
