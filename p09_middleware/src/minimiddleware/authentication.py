"""`AuthenticationMiddleware`: who is calling, decided once, before the app runs.

An `Authorization` header is a scheme word and that scheme's credentials (`Bearer <token>`,
`Basic <base64>`; RFC 9110, section 11.6.2). The middleware picks the scheme by its word, lets
it check the credentials, and hands the app a scope with `scope["user"]` (a `User`, or
`AnonymousUser`) and `scope["auth"]` (`Credentials`: the scheme and the scopes granted).
`request.user` and `request.auth` read those two keys, in miniasgi as in Starlette, so an
endpoint of either learns who called without parsing a header.

Three outcomes, kept apart on purpose:

- no credentials (no header, or a scheme word nobody here speaks): anonymous, unless
  `required`, then a 401 carrying every scheme's challenge, so the client learns what to send;
- bad credentials: a 401 even when authentication is optional. An expired token silently
  treated as anonymous would hide the one thing the client must do: get a new token;
- good credentials: the scheme's `User`.

The schemes themselves (`BearerAuth`, `BasicAuth`, or your own `AuthScheme`) are in schemes.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from miniasgi import JSONResponse
from miniasgi.types import ASGIApp, Receive, Scope, Send

from minimiddleware.schemes import AuthenticationFailed, AuthScheme, BasicAuth, BearerAuth
from minimiddleware.users import ANONYMOUS, NO_CREDENTIALS, AnonymousUser, Credentials, User

__all__ = [
    "AnonymousUser",
    "AuthScheme",
    "AuthenticationFailed",
    "AuthenticationMiddleware",
    "BasicAuth",
    "BearerAuth",
    "Credentials",
    "User",
]


# RFC 6455: 1008 is "policy violation", the code for "you may not". Sent before the
# handshake is accepted, it makes the server refuse the upgrade with a 403.
POLICY_VIOLATION = 1008
_MAX_CLOSE_REASON = 123  # bytes: a close frame's payload is 125, two of them the code


class AuthenticationMiddleware:
    """Authenticate every http and websocket connection with one of `schemes`.

    `required`: refuse a connection that brings no credentials (401, or a websocket closed
    with 1008). `exempt(scope)`: True for connections authentication does not apply to (a
    login page, a health check); their credentials are not even read, so a stale token
    cannot lock anyone out of the login page.
    """

    def __init__(
        self,
        app: ASGIApp,
        schemes: Sequence[AuthScheme],
        *,
        required: bool = False,
        exempt: Callable[[Scope], bool] | None = None,
    ) -> None:
        if not schemes:
            raise ValueError("AuthenticationMiddleware needs at least one scheme")
        self.app = app
        self.schemes = {scheme.scheme.lower(): scheme for scheme in schemes}
        if len(self.schemes) != len(schemes):
            raise ValueError("two schemes answer to the same scheme word")
        self.required = required
        self.exempt = exempt
        # Asked for credentials, the client learns every scheme it may use, one header each:
        # a challenge holds commas, so several in one header would be hard to split.
        self.missing_challenges = tuple(scheme.challenge().encode("latin-1") for scheme in schemes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self.exempt is not None and self.exempt(scope):
            await self.app({**scope, "user": ANONYMOUS, "auth": NO_CREDENTIALS}, receive, send)
            return
        scheme, value = self._scheme_and_value(scope)
        user: User | AnonymousUser = ANONYMOUS
        auth = NO_CREDENTIALS
        if scheme is not None:
            try:
                user = await scheme.authenticate(value)
            except AuthenticationFailed as failure:
                challenge = scheme.challenge(failure.reason).encode("latin-1")
                await _refuse(scope, receive, send, failure.reason, (challenge,))
                return
            auth = Credentials(scheme.scheme, user.scopes)
        elif self.required:
            await _refuse(scope, receive, send, "Not authenticated", self.missing_challenges)
            return
        # A copy, as the ASGI spec asks of a middleware that changes the scope: what the
        # server (and any middleware outside this one) holds stays as it was.
        await self.app({**scope, "user": user, "auth": auth}, receive, send)

    def _scheme_and_value(self, scope: Scope) -> tuple[AuthScheme | None, str]:
        """The scheme named by the Authorization header and the credentials after its word;
        (None, "") without the header or for a word no scheme here answers to."""
        for name, raw in scope["headers"]:
            if name == b"authorization":
                word, _, value = raw.decode("latin-1").strip().partition(" ")
                return self.schemes.get(word.lower()), value.strip()
        return None, ""


async def _refuse(
    scope: Scope, receive: Receive, send: Send, reason: str, challenges: Sequence[bytes]
) -> None:
    """A 401 for http (RFC 9110 makes its WWW-Authenticate mandatory); for a websocket, which
    has no status before the handshake, a close with 1008 and the reason."""
    if scope["type"] == "websocket":
        short = reason.encode()[:_MAX_CLOSE_REASON].decode("utf-8", "ignore")
        await send({"type": "websocket.close", "code": POLICY_VIOLATION, "reason": short})
        return
    response = JSONResponse({"detail": reason}, status_code=401)
    response.raw_headers.extend((b"www-authenticate", challenge) for challenge in challenges)
    await response(scope, receive, send)
