"""The schemes `AuthenticationMiddleware` speaks: how one kind of credentials is checked.

A scheme is named by the word that starts the Authorization header. `BearerAuth` checks
`Bearer <token>` (RFC 6750): a JWT verified with PyJWT, or an opaque token your own function
looks up. `BasicAuth` checks `Basic <base64 of user:password>` (RFC 7617) with your function.
Each also writes its `WWW-Authenticate` challenge, the header that tells a client refused
with a 401 what to send instead.
"""

from __future__ import annotations

import base64
import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

import jwt

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
        if verify is None:
            if key is None:
                raise ValueError("BearerAuth needs key= (the tokens are JWTs) or verify= (they are not)")
            # A JWT check is one more verify function, built once from the configuration.
            verify = _JWTVerifier(key, algorithms, audience, issuer, leeway)
        elif key is not None:
            raise ValueError("BearerAuth takes key= or verify=, not both: which one would decide?")
        self.verify = verify
        self.realm_challenge = f'Bearer realm="{_checked_realm(realm)}"'

    async def authenticate(self, value: str) -> User:
        user = await _maybe_await(self.verify(value))
        if user is None:
            raise AuthenticationFailed("Invalid token")
        return user

    def challenge(self, error: str | None = None) -> str:
        """RFC 6750: a request without a token gets the bare challenge (no error code: the
        client did nothing wrong yet); a refused token gets `invalid_token` and why."""
        if error is None:
            return self.realm_challenge
        return f'{self.realm_challenge}, error="invalid_token", error_description="{_description(error)}"'


class _JWTVerifier:
    """A JWT's signature and claims checked by PyJWT, on terms fixed at startup."""

    def __init__(
        self,
        key: str | bytes,
        algorithms: Sequence[str],
        audience: str | None,
        issuer: str | None,
        leeway: float,
    ) -> None:
        # The algorithms are the server's decision, never the token's: a token's header says
        # what it claims to be, and an attacker writes that header. Hence no "none" (an
        # unsigned token proves nothing) and no mix of HMAC with public-key algorithms.
        allowed = list(algorithms)
        if not allowed or any(name.lower() == "none" for name in allowed):
            raise ValueError(f"algorithms must name signing algorithms, and not 'none'; got {allowed!r}")
        if any(name in _HMAC for name in allowed) and not all(name in _HMAC for name in allowed):
            raise ValueError(f"one key cannot serve HMAC and public-key algorithms alike: {allowed!r}")
        self.key = key
        self.algorithms = allowed
        self.audience = audience
        self.issuer = issuer
        self.leeway = leeway
        self.required = ["exp", "sub"] + (["aud"] if audience else []) + (["iss"] if issuer else [])

    def __call__(self, token: str) -> User:
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": self.required},
            )
        except jwt.InvalidTokenError as error:
            raise AuthenticationFailed(f"Invalid token: {error}") from error
        subject, scope = claims["sub"], claims.get("scope", "")
        if not isinstance(subject, str) or not subject:
            raise AuthenticationFailed("Invalid token: the sub claim must be a non-empty string")
        if not isinstance(scope, str):
            raise AuthenticationFailed("Invalid token: the scope claim must be a space-separated string")
        return User(subject, tuple(scope.split()), claims)


class BasicAuth:
    """`Authorization: Basic <base64 of user:password>`, checked by `check(user, password)`
    (sync or async), which returns the `User` or None to refuse.

    Compare secrets in `check` with `hmac.compare_digest`: `==` stops at the first differing
    character, and the time it takes tells an attacker how much of a guess was right.
    """

    scheme = "Basic"

    def __init__(self, check: Check, *, realm: str = "api") -> None:
        self.check = check
        # RFC 7617's charset parameter: the client should encode user and password as UTF-8.
        self.realm_challenge = f'Basic realm="{_checked_realm(realm)}", charset="UTF-8"'

    async def authenticate(self, value: str) -> User:
        # A client's garbage is the client's fault: every malformed value is a 401, not a 500.
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except ValueError as error:  # binascii.Error and UnicodeDecodeError are ValueErrors
            raise AuthenticationFailed("Malformed Basic credentials: not base64 of UTF-8 text") from error
        # The user name cannot hold a colon, the password can: split at the first one.
        username, colon, password = decoded.partition(":")
        if not colon:
            raise AuthenticationFailed("Malformed Basic credentials: expected user:password")
        user = await _maybe_await(self.check(username, password))
        if user is None:
            raise AuthenticationFailed("Invalid username or password")
        return user

    def challenge(self, error: str | None = None) -> str:
        """The same challenge whatever went wrong: RFC 7617 defines no error parameter (the
        reason is in the 401's body)."""
        return self.realm_challenge


async def _maybe_await(result: Awaitable[User | None] | User | None) -> User | None:
    """Run a user's function either way: a plain function's result, or an awaited one's."""
    if inspect.isawaitable(result):
        return await result
    return result


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
