"""FastAPI's security dependencies: each one reads a credential from the request (or answers
401) and documents itself as a security scheme, so the OpenAPI document's
`securitySchemes` and each operation's `security` come from the code that checks them.

    oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")

    @app.get("/users/me")
    async def read_me(token: Annotated[str, Depends(oauth2_scheme)]): ...

`Security(dependency, scopes=[...])` and `SecurityScopes` are minidi's: scopes accumulate
along the dependency path, and miniopenapi writes them into the operation's requirements.
"""

from minifast.security.api_key import APIKeyCookie, APIKeyHeader, APIKeyQuery
from minifast.security.http import (
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
    HTTPDigest,
)
from minifast.security.oauth2 import (
    OAuth2,
    OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
    OAuth2PasswordRequestFormStrict,
    SecurityScopes,
)
from minifast.security.open_id_connect_url import OpenIdConnect

__all__ = [
    "APIKeyCookie",
    "APIKeyHeader",
    "APIKeyQuery",
    "HTTPAuthorizationCredentials",
    "HTTPBasic",
    "HTTPBasicCredentials",
    "HTTPBearer",
    "HTTPDigest",
    "OAuth2",
    "OAuth2AuthorizationCodeBearer",
    "OAuth2PasswordBearer",
    "OAuth2PasswordRequestForm",
    "OAuth2PasswordRequestFormStrict",
    "OpenIdConnect",
    "SecurityScopes",
]
