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
        self.model = HTTPBaseModel(scheme=scheme, description=description)
        self.scheme_name = scheme_name or type(self).__name__
        self.auto_error = auto_error

    def make_authenticate_headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": self.model.scheme.title()}

    def make_not_authenticated_error(self) -> HTTPException:
        return HTTPException(401, "Not authenticated", headers=self.make_authenticate_headers())

    async def __call__(self, request: Request) -> HTTPAuthorizationCredentials | None:
        return self._credentials(request, None)

    def _credentials(self, request: Request, expected: str | None) -> HTTPAuthorizationCredentials | None:
        """The header's scheme and credentials: both present, and the scheme `expected`
        (in any case) when one is."""
        authorization = request.headers.get("Authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        if not (scheme and credentials) or (expected is not None and scheme.lower() != expected):
            if self.auto_error:
                raise self.make_not_authenticated_error()
            return None
        return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)


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
        super().__init__(
            scheme="basic", scheme_name=scheme_name, description=description, auto_error=auto_error
        )
        self.realm = realm

    def make_authenticate_headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": f'Basic realm="{self.realm}"' if self.realm else "Basic"}

    async def __call__(self, request: Request) -> HTTPBasicCredentials | None:  # type: ignore[override]
        scheme, param = get_authorization_scheme_param(request.headers.get("Authorization"))
        if scheme.lower() != "basic":
            if self.auto_error:
                raise self.make_not_authenticated_error()
            return None
        # A header that claims Basic but is not base64 of "user:password" is always a 401,
        # even with auto_error=False: it is a malformed attempt, not an anonymous request.
        try:
            data = b64decode(param).decode("ascii")
        except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
            raise self.make_not_authenticated_error() from exc
        username, separator, password = data.partition(":")
        if not separator:
            raise self.make_not_authenticated_error()
        return HTTPBasicCredentials(username=username, password=password)


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
        self.model = HTTPBearerModel(bearerFormat=bearerFormat, description=description)
        self.scheme_name = scheme_name or type(self).__name__
        self.auto_error = auto_error

    async def __call__(self, request: Request) -> HTTPAuthorizationCredentials | None:
        return self._credentials(request, "bearer")


class HTTPDigest(HTTPBase):
    """`Authorization: Digest ...`: returns the digest response as sent, to be verified."""

    def __init__(
        self, *, scheme_name: str | None = None, description: str | None = None, auto_error: bool = True
    ) -> None:
        super().__init__(
            scheme="digest", scheme_name=scheme_name, description=description, auto_error=auto_error
        )

    async def __call__(self, request: Request) -> HTTPAuthorizationCredentials | None:
        return self._credentials(request, "digest")


__all__ = [
    "HTTPAuthorizationCredentials",
    "HTTPBase",
    "HTTPBasic",
    "HTTPBasicCredentials",
    "HTTPBearer",
    "HTTPDigest",
]
