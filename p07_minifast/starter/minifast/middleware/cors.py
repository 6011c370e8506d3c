"""`CORSMiddleware`: let pages from other origins call the API, on the API's terms.

A browser running a page from `https://app.example` only lets it read a response from
`https://api.example` if the response says so (`Access-Control-Allow-Origin`). For requests
that could change something (other methods, custom headers, credentials) it first asks with a
*preflight*: an `OPTIONS` request carrying `Origin` and `Access-Control-Request-Method`. This
middleware answers preflights itself (200 "OK", or 400 naming what is not allowed) and adds
the allow headers to every other response of a request that carries an `Origin`. A request
without `Origin` is not a cross-origin request: it passes untouched.

The policy is decided once, in the constructor (the header values included); a request only
compares strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from miniasgi import Headers, MutableHeaders, PlainTextResponse, Response
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send

ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
SAFELISTED_HEADERS = {"accept", "accept-language", "content-language", "content-type"}


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
        # With credentials, or an origin regex, or a list of origins, the request's own origin is
        # echoed (with Vary: Origin) instead of "*".
        raise NotImplementedError(
            "Milestone 4: keep the app and decide the whole policy once, here: the allowed "
            'origins, methods and headers ("*" for any; the safelisted headers always are), and '
            "the headers a simple response and a preflight answer get"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 4: pass through anything but HTTP and requests without an Origin; answer a "
            "preflight (OPTIONS with Access-Control-Request-Method) yourself; to any other request "
            "with an Origin, add the allow headers to the app's http.response.start"
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
            'method and every requested header are allowed; else 400 "Disallowed CORS origin, '
            'method, headers" naming only what was refused, with the same headers'
        )


__all__ = ["CORSMiddleware"]
