"""HTTP authentication schemes: the `Authorization: <scheme> <credentials>` header.

`HTTPBasic()` decodes `Basic base64(user:password)` into `HTTPBasicCredentials`; `HTTPBearer()`
and `HTTPDigest()` hand over the scheme and the credentials as sent. Each answers 401 with
a `WWW-Authenticate` challenge when the header is missing or of another scheme (or returns
None with `auto_error=False`). Comparing the password is the application's part: use
`secrets.compare_digest`, which takes as long for a wrong first letter as for a wrong last.
"""

from __future__ import annotations

import binascii
from base64 import b64decode

from miniasgi import Request
from minipydantic import BaseModel

from minifast.exceptions import HTTPException
from minifast.openapi.models import HTTPBase as HTTPBaseModel
from minifast.openapi.models import HTTPBearer as HTTPBearerModel
from minifast.security.base import SecurityBase
from minifast.security.utils import get_authorization_scheme_param


class HTTPBasicCredentials(BaseModel):
    """What `HTTPBasic` returns."""

    username: str
    password: str


class HTTPAuthorizationCredentials(BaseModel):
    """What `HTTPBearer` and `HTTPDigest` return: `Bearer abc` is `scheme="Bearer"`,
    `credentials="abc"`."""

    scheme: str
    credentials: str


class HTTPBase(SecurityBase):
    """Any HTTP authentication scheme, documented as `{"type": "http", "scheme": ...}`."""

    model: HTTPBaseModel

    def __init__(
        self,
        *,
        scheme: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: keep the scheme's model (an openapi.models.HTTPBase with the scheme and "
            "the description), the scheme_name (the class's name unless given) and auto_error"
        )

    def make_authenticate_headers(self) -> dict[str, str]:
        raise NotImplementedError(
            "Milestone 5: the challenge for a 401: WWW-Authenticate with the scheme's name, "
            'capitalised ("Bearer", "Digest")'
        )

    def make_not_authenticated_error(self) -> HTTPException:
        raise NotImplementedError(
            'Milestone 5: return the 401 "Not authenticated" HTTPException with the challenge headers'
        )

    async def __call__(self, request: Request) -> HTTPAuthorizationCredentials | None:
        raise NotImplementedError(
            "Milestone 5: return the Authorization header's scheme and credentials (any scheme); "
            "when either is missing, raise the 401 (or return None when auto_error is off)"
        )


class HTTPBasic(HTTPBase):
    """`Authorization: Basic base64(username:password)`; `realm` names the protected area
    in the challenge, which makes browsers show their login dialog."""

    def __init__(
        self,
        *,
        scheme_name: str | None = None,
        realm: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError('Milestone 5: an HTTPBase for the "basic" scheme that also keeps the realm')

    def make_authenticate_headers(self) -> dict[str, str]:
        raise NotImplementedError(
            'Milestone 5: WWW-Authenticate: Basic realm="<realm>" with a realm, plain Basic '
            "without (the realm makes a browser show its login dialog)"
        )

    async def __call__(self, request: Request) -> HTTPBasicCredentials | None:  # type: ignore[override]
        raise NotImplementedError(
            "Milestone 5: decode `Authorization: Basic base64(username:password)` into "
            "HTTPBasicCredentials. Another scheme or none: the 401 (or None when auto_error is "
            "off); a Basic header that is not base64 of ASCII text with a ':' is always the 401"
        )


class HTTPBearer(HTTPBase):
    """`Authorization: Bearer <token>`: returns the token as credentials."""

    model: HTTPBearerModel

    def __init__(
        self,
        *,
        bearerFormat: str | None = None,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        raise NotImplementedError(
            "Milestone 5: keep the scheme's model (an openapi.models.HTTPBearer with the "
            "bearerFormat and the description), the scheme_name (the class's name unless given) "
            "and auto_error"
        )

    async def __call__(self, request: Request) -> HTTPAuthorizationCredentials | None:
        raise NotImplementedError(
            "Milestone 5: as HTTPBase, but only for the Bearer scheme (in any case): another "
            "scheme is the 401 too (or None when auto_error is off)"
        )


class HTTPDigest(HTTPBase):
    """`Authorization: Digest ...`: returns the digest response as sent, to be verified."""

    def __init__(
        self, *, scheme_name: str | None = None, description: str | None = None, auto_error: bool = True
    ) -> None:
        raise NotImplementedError('Milestone 5: an HTTPBase for the "digest" scheme')

    async def __call__(self, request: Request) -> HTTPAuthorizationCredentials | None:
        raise NotImplementedError(
            "Milestone 5: as HTTPBase, but only for the Digest scheme (in any case): another "
            "scheme is the 401 too (or None when auto_error is off)"
        )


__all__ = [
    "HTTPAuthorizationCredentials",
    "HTTPBase",
    "HTTPBasic",
    "HTTPBasicCredentials",
    "HTTPBearer",
    "HTTPDigest",
]
