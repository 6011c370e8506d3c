"""API keys: a secret sent in a query parameter, a header or a cookie of a given name.

`APIKeyHeader(name="X-API-Key")` is a dependency that returns the key (or answers 401
without one); checking that the key is a valid one is the application's part.
"""

from __future__ import annotations

from miniasgi import Request

from minifast.exceptions import HTTPException
from minifast.openapi.models import APIKey, APIKeyIn
from minifast.security.base import SecurityBase


class APIKeyBase(SecurityBase):
    """The key's location and name, documented as an `apiKey` scheme."""

    model: APIKey

    def __init__(
        self,
        location: APIKeyIn,
        name: str,
        description: str | None,
        scheme_name: str | None,
        auto_error: bool,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: keep the scheme's model (an openapi.models.APIKey: where the key is, its "
            "name, the description), the scheme_name (the class's name unless given) and "
            "auto_error"
        )

    def make_not_authenticated_error(self) -> HTTPException:
        raise NotImplementedError(
            'Milestone 5: return the 401 "Not authenticated" HTTPException with the '
            '"WWW-Authenticate: APIKey" header'
        )

    def check_api_key(self, api_key: str | None) -> str | None:
        """The key; a missing or empty one is a 401, or None with `auto_error=False` (the
        endpoint then decides, say to serve anonymous users less)."""
        raise NotImplementedError(
            "Milestone 5: return the key when there is one; without one, raise the 401 (or "
            "return None when auto_error is off)"
        )


class APIKeyQuery(APIKeyBase):
    """The key in the query string: `?api_key=...`."""

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError("Milestone 5: an APIKeyBase for a key in the query string")

    async def __call__(self, request: Request) -> str | None:
        raise NotImplementedError("Milestone 5: check the query parameter of the model's name")


class APIKeyHeader(APIKeyBase):
    """The key in a header: `X-API-Key: ...`."""

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError("Milestone 5: an APIKeyBase for a key in a header")

    async def __call__(self, request: Request) -> str | None:
        raise NotImplementedError("Milestone 5: check the header of the model's name")


class APIKeyCookie(APIKeyBase):
    """The key in a cookie: `Cookie: session=...`."""

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError("Milestone 5: an APIKeyBase for a key in a cookie")

    async def __call__(self, request: Request) -> str | None:
        raise NotImplementedError("Milestone 5: check the cookie of the model's name")


__all__ = ["APIKeyBase", "APIKeyCookie", "APIKeyHeader", "APIKeyQuery"]
