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
        raise NotImplementedError(
            "Milestone 5: keep the app and the options, find each scheme by its scheme word whatever "
            "its case (no scheme, or two with one word, is a ValueError), and prepare the challenges "
            "a request without credentials is answered with, one per scheme."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError(
            "Milestone 5: give every http and websocket connection a scope with 'user' and 'auth' "
            "(anonymous without credentials, else what the scheme named by the Authorization header "
            "returns); refuse bad credentials, or missing ones when required, with a 401 JSON "
            "detail and WWW-Authenticate (a websocket: close 1008). Other scopes pass untouched."
        )
