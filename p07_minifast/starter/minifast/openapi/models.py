"""The OpenAPI objects a security scheme is described by, as minipydantic models.

`minifast.security`'s classes keep one of these as their `model`; miniopenapi writes it into
`components/securitySchemes` by alias and without nulls (`{"type": "apiKey", "in": "header",
"name": "X-Key"}`). Models rather than dicts because FastAPI's are, and code written for it
reads them: `scheme.model.name`, `scheme.model.flows.password.tokenUrl`. Field names follow
the specification's camelCase; `type` and `in` are Python words, so they are aliases.
Extra keys (`x-...` extensions) are kept.
"""

from __future__ import annotations

import enum

from minipydantic import BaseModel, ConfigDict, Field


class SecuritySchemeType(enum.StrEnum):
    apiKey = "apiKey"
    http = "http"
    oauth2 = "oauth2"
    openIdConnect = "openIdConnect"


class SecurityBase(BaseModel):
    """Every security scheme object: its `type` and an optional description."""

    model_config = ConfigDict(extra="allow")

    type_: SecuritySchemeType = Field(alias="type")
    description: str | None = None


class APIKeyIn(enum.StrEnum):
    query = "query"
    header = "header"
    cookie = "cookie"


class APIKey(SecurityBase):
    """A key sent in a query parameter, a header or a cookie called `name`."""

    type_: SecuritySchemeType = Field(default=SecuritySchemeType.apiKey, alias="type")
    in_: APIKeyIn = Field(alias="in")
    name: str


class HTTPBase(SecurityBase):
    """An `Authorization: <scheme> ...` header (`basic`, `digest`, ...)."""

    type_: SecuritySchemeType = Field(default=SecuritySchemeType.http, alias="type")
    scheme: str


class HTTPBearer(HTTPBase):
    scheme: str = "bearer"
    bearerFormat: str | None = None


class OAuthFlow(BaseModel):
    model_config = ConfigDict(extra="allow")

    refreshUrl: str | None = None
    scopes: dict[str, str] = Field(default_factory=dict)


class OAuthFlowImplicit(OAuthFlow):
    authorizationUrl: str


class OAuthFlowPassword(OAuthFlow):
    tokenUrl: str


class OAuthFlowClientCredentials(OAuthFlow):
    tokenUrl: str


class OAuthFlowAuthorizationCode(OAuthFlow):
    authorizationUrl: str
    tokenUrl: str


class OAuthFlows(BaseModel):
    """The OAuth2 flows a scheme supports, by name; a dict of dicts is validated into these."""

    model_config = ConfigDict(extra="allow")

    implicit: OAuthFlowImplicit | None = None
    password: OAuthFlowPassword | None = None
    clientCredentials: OAuthFlowClientCredentials | None = None
    authorizationCode: OAuthFlowAuthorizationCode | None = None


class OAuth2(SecurityBase):
    type_: SecuritySchemeType = Field(default=SecuritySchemeType.oauth2, alias="type")
    flows: OAuthFlows


class OpenIdConnect(SecurityBase):
    type_: SecuritySchemeType = Field(default=SecuritySchemeType.openIdConnect, alias="type")
    openIdConnectUrl: str


__all__ = [
    "APIKey",
    "APIKeyIn",
    "HTTPBase",
    "HTTPBearer",
    "OAuth2",
    "OAuthFlow",
    "OAuthFlowAuthorizationCode",
    "OAuthFlowClientCredentials",
    "OAuthFlowImplicit",
    "OAuthFlowPassword",
    "OAuthFlows",
    "OpenIdConnect",
    "SecurityBase",
    "SecuritySchemeType",
]
