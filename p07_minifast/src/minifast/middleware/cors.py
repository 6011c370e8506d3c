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
        self.app = app
        self.any_origin = "*" in allow_origins
        self.origins = frozenset(allow_origins)
        self.origin_regex = re.compile(allow_origin_regex) if allow_origin_regex is not None else None
        # Methods are case-sensitive in HTTP: "get" allows a method called "get", not GET.
        self.methods = ALL_METHODS if "*" in allow_methods else tuple(allow_methods)
        self.any_header = "*" in allow_headers
        # Announced as configured (sorted, the safelisted ones included); compared lower-cased.
        listed = sorted(SAFELISTED_HEADERS | set(allow_headers))
        self.headers = frozenset(header.lower() for header in listed)
        self.credentials = allow_credentials
        # With credentials, browsers refuse "*": the request's own origin is echoed instead.
        self.echo_origin = not self.any_origin or allow_credentials

        simple = {} if self.echo_origin else {"Access-Control-Allow-Origin": "*"}
        if allow_credentials:
            simple["Access-Control-Allow-Credentials"] = "true"
        if expose_headers:
            simple["Access-Control-Expose-Headers"] = ", ".join(expose_headers)
        self.simple_headers = simple

        preflight = {"Vary": PREFLIGHT_VARY}
        if not self.echo_origin:
            preflight["Access-Control-Allow-Origin"] = "*"
        preflight["Access-Control-Allow-Methods"] = ", ".join(self.methods)
        preflight["Access-Control-Max-Age"] = str(max_age)
        if not self.any_header:
            preflight["Access-Control-Allow-Headers"] = ", ".join(listed)
        if allow_credentials:
            preflight["Access-Control-Allow-Credentials"] = "true"
        self.preflight_headers = preflight

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None and scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self.preflight(origin, headers)(scope, receive, send)
        else:
            await self.app(scope, receive, self._adding_headers(origin, send))

    def allows(self, origin: str) -> bool:
        if self.any_origin or origin in self.origins:
            return True
        return self.origin_regex is not None and self.origin_regex.fullmatch(origin) is not None

    def preflight(self, origin: str, request: Headers) -> Response:
        """The answer to a preflight: 200 with the policy, or 400 naming every refusal."""
        headers = dict(self.preflight_headers)
        refused = []
        if not self.allows(origin):
            refused.append("origin")
        elif self.echo_origin:
            headers["Access-Control-Allow-Origin"] = origin
        if request["access-control-request-method"] not in self.methods:
            refused.append("method")
        asked = request.get("access-control-request-headers")
        if asked is not None and self.any_header:
            headers["Access-Control-Allow-Headers"] = asked
        elif asked is not None and any(name.strip().lower() not in self.headers for name in asked.split(",")):
            refused.append("headers")  # an empty name (`x-a,`) is not an allowed one either
        if "access-control-request-private-network" in request:
            refused.append("private-network")
        if refused:
            return PlainTextResponse(
                f"Disallowed CORS {', '.join(refused)}", status_code=400, headers=headers
            )
        return PlainTextResponse("OK", status_code=200, headers=headers)

    def _adding_headers(self, origin: str | None, send: Send) -> Send:
        echoed = origin if origin is not None and self.echo_origin and self.allows(origin) else None

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A copy: an app may send the same header list with every response (a
                # response object kept and reused); one request's headers must not leak.
                message = {**message, "headers": list(message.get("headers", ()))}
                headers = MutableHeaders(scope=message)
                if origin is not None:
                    headers.update(self.simple_headers)
                if echoed is not None:
                    headers["Access-Control-Allow-Origin"] = echoed
                headers["Vary"] = ", ".join([*headers.getlist("vary"), "Origin"])
            await send(message)

        return send_with_cors


__all__ = ["CORSMiddleware"]
