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
        self.app = app
        self.any_origin = "*" in allow_origins
        self.origins = frozenset(allow_origins)
        self.origin_regex = re.compile(allow_origin_regex) if allow_origin_regex is not None else None
        self.any_method = "*" in allow_methods
        self.methods = ALL_METHODS if self.any_method else tuple(m.upper() for m in allow_methods)
        self.any_header = "*" in allow_headers
        self.headers = SAFELISTED_HEADERS | {h.lower() for h in allow_headers}
        self.credentials = allow_credentials
        # With credentials, "*" is not allowed by browsers: the request's own origin is echoed.
        self.echo_origin = not self.any_origin or allow_credentials or allow_origin_regex is not None

        simple = {} if self.echo_origin else {"Access-Control-Allow-Origin": "*"}
        if allow_credentials:
            simple["Access-Control-Allow-Credentials"] = "true"
        if expose_headers:
            simple["Access-Control-Expose-Headers"] = ", ".join(expose_headers)
        self.simple_headers = simple

        preflight = {} if self.echo_origin else {"Access-Control-Allow-Origin": "*"}
        preflight["Access-Control-Allow-Methods"] = ", ".join(self.methods)
        preflight["Access-Control-Max-Age"] = str(max_age)
        if self.headers and not self.any_header:
            preflight["Access-Control-Allow-Headers"] = ", ".join(sorted(self.headers))
        if allow_credentials:
            preflight["Access-Control-Allow-Credentials"] = "true"
        self.preflight_headers = preflight

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
        elif scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self.preflight(origin, headers)(scope, receive, send)
        else:
            await self.app(scope, receive, self._adding_headers(origin, headers, send))

    def allows(self, origin: str) -> bool:
        if self.any_origin or origin in self.origins:
            return True
        return self.origin_regex is not None and self.origin_regex.fullmatch(origin) is not None

    def preflight(self, origin: str, request: Headers) -> Response:
        """The answer to a preflight: 200 with the policy, or 400 naming every refusal."""
        headers = dict(self.preflight_headers)
        refused = []
        if self.allows(origin):
            if self.echo_origin:
                headers["Access-Control-Allow-Origin"] = origin
                headers["Vary"] = "Origin"
        else:
            refused.append("origin")
        if request["access-control-request-method"] not in self.methods:
            refused.append("method")
        asked = request.get("access-control-request-headers")
        if asked and self.any_header:
            headers["Access-Control-Allow-Headers"] = asked
        elif asked:
            wanted = {h.strip().lower() for h in asked.split(",") if h.strip()}
            if not wanted <= self.headers:
                refused.append("headers")
        if refused:
            return PlainTextResponse(
                f"Disallowed CORS {', '.join(refused)}", status_code=400, headers=headers
            )
        return PlainTextResponse("OK", status_code=200, headers=headers)

    def _adding_headers(self, origin: str, request: Headers, send: Send) -> Send:
        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.update(self.simple_headers)
                # A credentialed request (it has cookies) may not be answered with "*": echo.
                if (self.echo_origin and self.allows(origin)) or (self.any_origin and "cookie" in request):
                    headers["Access-Control-Allow-Origin"] = origin
                    vary = headers.get("vary")
                    headers["Vary"] = f"{vary}, Origin" if vary else "Origin"
            await send(message)

        return send_with_cors


__all__ = ["CORSMiddleware"]
