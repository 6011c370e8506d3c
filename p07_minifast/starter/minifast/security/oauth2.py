"""OAuth2: the token endpoint's form, the bearer token, and the scopes a route requires.

The password flow in three pieces. A client posts `username` and `password` as a form to
the token URL; `OAuth2PasswordRequestForm` is a class dependency that reads that form (its
parameters are `Form()` fields, so the document shows the form). The endpoint answers with a
token, and the client sends it back as `Authorization: Bearer <token>`; `OAuth2PasswordBearer`
is the dependency that takes it out of the header (or answers 401), and that documents the
flow, with its `tokenUrl`, so Swagger UI can log in. `Security(get_user, scopes=["items"])`
requires scopes, which a dependency reads as `SecurityScopes` (minidi's) to check the token.
"""

from __future__ import annotations

from typing import Annotated, Any

from miniasgi import Request
from minidi import SecurityScopes
from miniopenapi.params import Form

from minifast.exceptions import HTTPException
from minifast.openapi.models import OAuth2 as OAuth2Model
from minifast.openapi.models import OAuthFlows
from minifast.security.base import SecurityBase
from minifast.security.utils import get_authorization_scheme_param

_SECRET = {"format": "password"}  # Swagger UI masks the field


class OAuth2PasswordRequestForm:
    """The token request of the password flow, as a form: `username`, `password`, and
    optionally `scope` (space-separated, split into `scopes`), `grant_type` (if sent, it must
    be "password"), `client_id` and `client_secret`. Use it as `Depends()`."""

    def __init__(
        self,
        *,
        grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
        username: Annotated[str, Form()],
        password: Annotated[str, Form(json_schema_extra=_SECRET)],
        scope: Annotated[str, Form()] = "",
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form(json_schema_extra=_SECRET)] = None,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: keep each form field as an attribute of the same name, except `scope`: "
            "keep the list of its space-separated words as `scopes`"
        )


class OAuth2PasswordRequestFormStrict(OAuth2PasswordRequestForm):
    """The same form, where the specification's `grant_type=password` is required."""

    def __init__(
        self,
        grant_type: Annotated[str, Form(pattern="^password$")],
        username: Annotated[str, Form()],
        password: Annotated[str, Form()],
        scope: Annotated[str, Form()] = "",
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form()] = None,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: the same form (OAuth2PasswordRequestForm's attributes), with grant_type "
            "now required"
        )


class OAuth2(SecurityBase):
    """An OAuth2 scheme with any `flows`; returns the whole `Authorization` header. Its
    subclasses are the ones to use."""

    model: OAuth2Model

    def __init__(
        self,
        *,
        flows: OAuthFlows | dict[str, dict[str, Any]] = OAuthFlows(),  # noqa: B008 - never mutated
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: keep the scheme's model (an openapi.models.OAuth2 with the flows and the "
            "description), the scheme_name (the class's name unless given) and auto_error"
        )

    def make_not_authenticated_error(self) -> HTTPException:
        raise NotImplementedError(
            'Milestone 5: return the 401 "Not authenticated" HTTPException with the '
            '"WWW-Authenticate: Bearer" header'
        )

    async def __call__(self, request: Request) -> str | None:
        raise NotImplementedError(
            "Milestone 5: return the Authorization header as sent; without one, raise the 401 (or "
            "return None when auto_error is off)"
        )

    async def bearer_token(self, request: Request) -> str | None:
        """The token of `Authorization: Bearer <token>` (the scheme in any case); without
        one, a 401 with a Bearer challenge, or None with `auto_error=False`."""
        raise NotImplementedError(
            "Milestone 5: return the token of a Bearer Authorization header (the scheme in any "
            "case); another scheme or none is the 401 (or None when auto_error is off)"
        )


class OAuth2PasswordBearer(OAuth2):
    """The bearer token of the password flow: clients get it by posting the form to
    `tokenUrl` (relative to the API: `"token"`); `scopes` documents what may be asked for,
    `{"items": "Read items."}`."""

    def __init__(
        self,
        tokenUrl: str,
        scheme_name: str | None = None,
        scopes: dict[str, str] | None = None,
        description: str | None = None,
        auto_error: bool = True,
        refreshUrl: str | None = None,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: an OAuth2 scheme whose flows are one password flow (tokenUrl, "
            "refreshUrl, the scopes it documents: {} by default)"
        )

    async def __call__(self, request: Request) -> str | None:
        raise NotImplementedError("Milestone 5: return the bearer token (bearer_token)")


class OAuth2AuthorizationCodeBearer(OAuth2):
    """The bearer token of the authorization code flow (a login page at
    `authorizationUrl`, then the code exchanged at `tokenUrl`)."""

    def __init__(
        self,
        authorizationUrl: str,
        tokenUrl: str,
        refreshUrl: str | None = None,
        scheme_name: str | None = None,
        scopes: dict[str, str] | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: an OAuth2 scheme whose flows are one authorizationCode flow "
            "(authorizationUrl, tokenUrl, refreshUrl, the scopes it documents: {} by default)"
        )

    async def __call__(self, request: Request) -> str | None:
        raise NotImplementedError("Milestone 5: return the bearer token (bearer_token)")


__all__ = [
    "OAuth2",
    "OAuth2AuthorizationCodeBearer",
    "OAuth2PasswordBearer",
    "OAuth2PasswordRequestForm",
    "OAuth2PasswordRequestFormStrict",
    "SecurityScopes",
]
