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


class TrustedHostMiddleware:
    """Refuse (400) http and websocket requests whose `Host` is not one of `allowed_hosts`."""

    def __init__(
        self, app: ASGIApp, allowed_hosts: Sequence[str] = ("*",), www_redirect: bool = True
    ) -> None:
        raise NotImplementedError(
            "Milestone 4: refuse a malformed pattern with ValueError (a '*' anywhere but alone or "
            "at the start of '*.example.com'), then sort the patterns once, lower-cased: allow "
            "anything, exact names, wildcard suffixes"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 4: pass lifespan (and everything when any host is allowed) through; for "
            "http and websocket, let the request reach the app only if its Host header, parsed by "
            "miniasgi.urls.parse_host and lower-cased, is an allowed name or ends with an allowed "
            "'.suffix'; otherwise send the refusal"
        )

    def refusal(self, scope: Scope, host: str | None) -> Response:
        """The answer to a request for a host that is not allowed: a redirect to its `www.`
        twin when that one is listed (and `www_redirect` is on), else 400."""
        raise NotImplementedError(
            "Milestone 4: a redirect to the request's URL with 'www.' put before its netloc when "
            "www_redirect is on and 'www.' + host is allowed; else 400 'Invalid host header'"
        )


__all__ = ["WILDCARD_RULE", "TrustedHostMiddleware"]
