"""`CORSMiddleware`: let pages from other origins call the API, on the API's terms.

A browser running a page from `https://app.example` only lets it read a response from
`https://api.example` if the response says so (`Access-Control-Allow-Origin`). For requests
that could change something (other methods, custom headers, credentials) it first asks with a
*preflight*: an `OPTIONS` request carrying `Origin` and `Access-Control-Request-Method`. This
middleware answers preflights itself (200 "OK", or 400 naming what is not allowed) and adds
the allow headers to every other response of a request that carries an `Origin`. Every
response, with an `Origin` or without, says `Vary: Origin`: what it would have said depends
on that header, and a shared cache must not hand one origin's answer to another.

The policy is decided once, in the constructor (the header values included); a request only
compares strings. It is Starlette's policy (p09 checks the two side by side), except that a
private-network preflight (`Access-Control-Request-Private-Network`) is always refused, as
Starlette does unless told otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from miniasgi import Headers, MutableHeaders, PlainTextResponse, Response
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY")
SAFELISTED_HEADERS = {"Accept", "Accept-Language", "Content-Language", "Content-Type"}
# Every request header a preflight's answer depends on: a cache has to key on all of them.
PREFLIGHT_VARY = (
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
    "Access-Control-Request-Private-Network"
)


class CORSMiddleware:
    """Starlette's and FastAPI's CORS policy: origins, methods and headers allowed ("*" for
    any), credentials, headers the page may read, and how long a preflight answer is cached."""

    def __init__(
        self,
        app: ASGIApp,
        allow_origins: Sequence[str] = (),
        allow_methods: Sequence[str] = ("GET",),
        allow_headers: Sequence[str] = (),
        allow_credentials: bool = False,
        allow_origin_regex: str | None = None,
        expose_headers: Sequence[str] = (),
        max_age: int = 600,
    ) -> None:
        # With credentials, or a list of origins, the request's own origin is echoed instead of "*".
        raise NotImplementedError(
            "Milestone 4: keep the app and decide the whole policy once, here: the allowed "
            'origins, methods and headers ("*" for any; the safelisted headers always are), and '
            "the headers a simple response and a preflight answer get"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 4: pass through anything but HTTP; answer a preflight (OPTIONS with Origin "
            "and Access-Control-Request-Method) yourself; to any other request with an Origin, add "
            "the allow headers to the app's http.response.start, and Vary: Origin to every response"
        )

    def allows(self, origin: str) -> bool:
        raise NotImplementedError(
            "Milestone 4: whether this origin may read responses: any origin, one of the list, or "
            "a full match of the regex"
        )

    def preflight(self, origin: str, request: Headers) -> Response:
        """The answer to a preflight: 200 with the policy, or 400 naming every refusal."""
        raise NotImplementedError(
            'Milestone 4: 200 "OK" with the preflight headers when the origin, the requested '
            "method and every requested header are allowed (and no private network was asked "
            'for); else 400 "Disallowed CORS origin, method, headers, private-network" naming '
            "only what was refused, with the same headers"
        )


__all__ = ["CORSMiddleware"]
