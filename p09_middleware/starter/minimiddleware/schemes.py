"""The schemes `AuthenticationMiddleware` speaks: how one kind of credentials is checked.

A scheme is named by the word that starts the Authorization header. `BearerAuth` checks
`Bearer <token>` (RFC 6750): a JWT verified with PyJWT, or an opaque token your own function
looks up. `BasicAuth` checks `Basic <base64 of user:password>` (RFC 7617) with your function.
Each also writes its `WWW-Authenticate` challenge, the header that tells a client refused
with a 401 what to send instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from minimiddleware.users import User

Verify = Callable[[str], Awaitable[User | None] | User | None]
Check = Callable[[str, str], Awaitable[User | None] | User | None]

# One key cannot serve both families: a server verifying RS256 with a public key and also
# accepting HS256 would check an HMAC made with that *public* key, which anyone can forge.
_HMAC = frozenset({"HS256", "HS384", "HS512"})


class AuthenticationFailed(Exception):
    """Credentials in a scheme's format that prove nothing: wrong password, expired or forged
    token. The reason goes back to the client (the 401's detail, the challenge), so it must
    say what is wrong and never contain a secret."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AuthScheme(Protocol):
    """What the middleware needs from a scheme, `BearerAuth`, `BasicAuth` or your own.

    `authenticate` gets what follows the scheme word and returns the `User`, or raises
    `AuthenticationFailed`. It never answers None: the middleware only hands a scheme the
    credentials that carry its own word, so "these are not mine" cannot happen, and a None
    meaning "bad" is one forgotten `if` away from letting a forged token in as anonymous.
    `challenge(error)` is the `WWW-Authenticate` value: without an error for "send me
    credentials", with one for "those were wrong".
    """

    scheme: str

    async def authenticate(self, value: str) -> User: ...

    def challenge(self, error: str | None = None) -> str: ...


class BearerAuth:
    """`Authorization: Bearer <token>`, the token a JWT (`key=`) or opaque (`verify=`).

    A JWT must be signed with `key` by one of `algorithms`, unexpired (`exp` is required;
    `leeway` seconds forgive clock skew) and name its subject (`sub`, the user's name); with
    `audience` / `issuer`, its `aud` / `iss` must match. Its `scope` claim, space-separated
    as OAuth 2 writes it (RFC 8693), gives the user's scopes. `verify(token)` (sync or async)
    instead returns the `User` for an opaque token (one only its issuer can look up), or
    None to refuse it; it may also raise `AuthenticationFailed` to say why.
    """

    scheme = "Bearer"

    def __init__(
        self,
        *,
        key: str | bytes | None = None,
        algorithms: Sequence[str] = ("HS256",),
        audience: str | None = None,
        issuer: str | None = None,
        leeway: float = 0.0,
        verify: Verify | None = None,
        realm: str = "api",
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: remember how tokens are checked, either as JWTs signed with `key` by one of "
            "the fixed `algorithms` or by your `verify` function (exactly one of the two); refuse "
            "'none' and HMAC mixed with public-key algorithms with a ValueError."
        )

    async def authenticate(self, value: str) -> User:
        raise NotImplementedError(
            "Milestone 5: return the User this token stands for (a JWT's `sub`, its space-separated "
            "`scope` claim; `exp` and `sub` required), or raise AuthenticationFailed saying why. "
            "The algorithm is the server's choice, never the one the token's header names."
        )

    def challenge(self, error: str | None = None) -> str:
        raise NotImplementedError(
            'Milestone 5: the WWW-Authenticate value of RFC 6750: `Bearer realm="api"`, followed by '
            '`, error="invalid_token", error_description="..."` when an error is given.'
        )


class BasicAuth:
    """`Authorization: Basic <base64 of user:password>`, checked by `check(user, password)`
    (sync or async), which returns the `User` or None to refuse.

    Compare secrets in `check` with `hmac.compare_digest`: `==` stops at the first differing
    character, and the time it takes tells an attacker how much of a guess was right.
    """

    scheme = "Basic"

    def __init__(self, check: Check, *, realm: str = "api") -> None:
        raise NotImplementedError(
            'Milestone 5: remember `check` and the challenge `Basic realm="api", charset="UTF-8"` '
            "(with the realm given)."
        )

    async def authenticate(self, value: str) -> User:
        raise NotImplementedError(
            "Milestone 5: decode the base64 of `user:password` (the password may hold colons), ask "
            "`check` and return its User; anything malformed or refused raises AuthenticationFailed "
            "(a 401, never a 500)."
        )

    def challenge(self, error: str | None = None) -> str:
        raise NotImplementedError(
            "Milestone 5: the Basic challenge, the same whatever the error (RFC 7617 defines no error "
            "parameter)."
        )


def _checked_realm(realm: str) -> str:
    """A realm is written once into every challenge: refuse, at startup, one that would
    break the quoted string or the header."""
    if not realm.isprintable() or not realm.isascii() or '"' in realm or "\\" in realm:
        raise ValueError(f"a realm must be printable ASCII without quotes or backslashes, got {realm!r}")
    return realm


def _description(reason: str) -> str:
    """RFC 6750 allows printable ASCII except `"` and `\\` in error_description; PyJWT's
    messages quote claim names, so quotes become apostrophes and the rest becomes `?`."""
    text = reason.replace('"', "'").replace("\\", "/")
    return "".join(c if " " <= c <= "~" else "?" for c in text)
