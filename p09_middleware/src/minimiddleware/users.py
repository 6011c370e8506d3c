"""Who is calling, as the app sees it: `scope["user"]` and `scope["auth"]`.

These are the only authentication types an endpoint touches, so they are shaped like
Starlette's (`request.user.is_authenticated`, `request.user.display_name`,
`request.auth.scopes`): code written for Starlette's authentication reads them unchanged.
They are frozen: set once by the middleware, a user cannot be edited by the app it serves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class User:
    """An authenticated caller: a name, the scopes it was granted, and what its credentials
    said (a JWT's claims). Shaped like Starlette's `SimpleUser` where code reads it
    (`is_authenticated`, `display_name`), so Starlette-style endpoints work unchanged."""

    name: str
    scopes: tuple[str, ...] = ()
    # Left out of the repr (a log line should not carry a token's contents) and the hash (a
    # dict cannot be hashed; equal users still hash alike by name and scopes).
    claims: Mapping[str, Any] = field(default_factory=dict, repr=False, hash=False)

    is_authenticated: ClassVar[bool] = True

    @property
    def display_name(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class AnonymousUser:
    """Nobody: what `scope["user"]` holds when no credentials came. An object rather than
    None, with every attribute a `User` has, so `request.user.is_authenticated` (or
    `.scopes`, `.claims`) is always a valid question."""

    name: ClassVar[str] = ""
    scopes: ClassVar[tuple[str, ...]] = ()
    claims: ClassVar[Mapping[str, Any]] = MappingProxyType({})
    is_authenticated: ClassVar[bool] = False

    @property
    def display_name(self) -> str:
        return ""


@dataclass(frozen=True, slots=True)
class Credentials:
    """`scope["auth"]`: the scheme that vouched for the caller ("" for nobody) and the scopes
    it granted. `"read" in request.auth.scopes` is the check Starlette's `requires` makes."""

    scheme: str
    scopes: tuple[str, ...]


ANONYMOUS = AnonymousUser()
NO_CREDENTIALS = Credentials("", ())
