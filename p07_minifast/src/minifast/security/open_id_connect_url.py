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
        self.model = OpenIdConnectModel(openIdConnectUrl=openIdConnectUrl, description=description)
        self.scheme_name = scheme_name or type(self).__name__
        self.auto_error = auto_error

    def make_not_authenticated_error(self) -> HTTPException:
        return HTTPException(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})

    async def __call__(self, request: Request) -> str | None:
        authorization = request.headers.get("Authorization")
        if not authorization:
            if self.auto_error:
                raise self.make_not_authenticated_error()
            return None
        return authorization


__all__ = ["OpenIdConnect"]
