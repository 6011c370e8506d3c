"""`TrustedHostMiddleware`: answer only requests addressed to a host this app is meant to serve.

The `Host` header is written by the client, and an app trusts it more than it thinks: the
URLs it builds (redirects, password-reset links, `url_for`) start with it. An attacker who
can make the app answer `Host: evil.example` can make it hand out links to their own site
(host header injection, cache poisoning). So the host is checked before the app runs:

- allowed: a listed name (compared case-insensitively, without the port), or a wildcard
  `*.example.com` (any subdomain, not `example.com` itself), or `*` (anything: the default);
- a missing or malformed `Host` (p02's `parse_host` decides what a host may be), or one not
  allowed: 400 "Invalid host header";
- `www_redirect`: a request for `example.com` when only `www.example.com` is listed is
  redirected (307) to the same URL on `www.` instead of refused.

Starlette's `TrustedHostMiddleware` applies the same rules (`starlette/middleware/trustedhost.py`).
The patterns are sorted once, here, into a set of names and a tuple of suffixes; a request
costs a header lookup, a set lookup and a few `endswith`.
"""

from __future__ import annotations

from collections.abc import Sequence

from miniasgi import URL, Headers, PlainTextResponse, RedirectResponse, Response
from miniasgi.types import ASGIApp, Receive, Scope, Send
from miniasgi.urls import parse_host

WILDCARD_RULE = "a host pattern may hold one '*', only as '*' alone or at the start of '*.example.com'"


def _check_pattern(pattern: str) -> None:
    """Refuse a pattern that could never mean what its author hoped (`api.*.com`, `*example.com`).

    A ValueError rather than an assert: asserts vanish under `python -O`, and a host check
    that silently stops checking is worse than none."""
    if "*" in pattern[1:] or (pattern.startswith("*") and pattern != "*" and not pattern.startswith("*.")):
        raise ValueError(f"{WILDCARD_RULE}, got {pattern!r}")


class TrustedHostMiddleware:
    """Refuse (400) http and websocket requests whose `Host` is not one of `allowed_hosts`."""

    def __init__(
        self, app: ASGIApp, allowed_hosts: Sequence[str] = ("*",), www_redirect: bool = True
    ) -> None:
        for pattern in allowed_hosts:
            _check_pattern(pattern)
        self.app = app
        self.allow_any = "*" in allowed_hosts
        patterns = [pattern.lower() for pattern in allowed_hosts if pattern != "*"]
        self.names = frozenset(pattern for pattern in patterns if not pattern.startswith("*"))
        self.suffixes = tuple(pattern[1:] for pattern in patterns if pattern.startswith("*"))
        self.www_redirect = www_redirect

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allow_any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        parsed = parse_host(Headers(scope=scope).get("host"))
        host = parsed.host.lower() if parsed is not None else None
        if host is not None and (host in self.names or host.endswith(self.suffixes)):
            await self.app(scope, receive, send)
            return
        # A websocket handshake is refused the same way: the response becomes a denial.
        await self.refusal(scope, host)(scope, receive, send)

    def refusal(self, scope: Scope, host: str | None) -> Response:
        """The answer to a request for a host that is not allowed: a redirect to its `www.`
        twin when that one is listed (and `www_redirect` is on), else 400."""
        if self.www_redirect and host is not None and "www." + host in self.names:
            url = URL(scope=scope)
            return RedirectResponse(str(url.replace(netloc="www." + url.netloc)))
        return PlainTextResponse("Invalid host header", status_code=400)


__all__ = ["WILDCARD_RULE", "TrustedHostMiddleware"]
