"""OpenID Connect: documents where the provider's discovery URL is; passes the header on."""

from __future__ import annotations

from miniasgi import Request

from minifast.exceptions import HTTPException
from minifast.openapi.models import OpenIdConnect as OpenIdConnectModel
from minifast.security.base import SecurityBase


class OpenIdConnect(SecurityBase):
    """Returns the `Authorization` header as sent (verifying the token is the
    application's part), or answers 401 without one."""

    model: OpenIdConnectModel

    def __init__(
        self,
        *,
        openIdConnectUrl: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: keep the scheme's model (an openapi.models.OpenIdConnect with the URL "
            "and the description), the scheme_name (the class's name unless given) and auto_error"
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


__all__ = ["OpenIdConnect"]
