"""Milestone 6: security requirements, derived from the dependencies as FastAPI derives them.

A dependency that is a `SecurityBase` (p07's `OAuth2PasswordBearer`, `HTTPBasic`...) is a
security scheme: the document lists it under `components/securitySchemes`, and every
operation whose dependency graph uses it, at any depth, requires it in `security`, with the
scopes `Security(..., scopes=[...])` accumulated on the way to it. Nothing is declared twice.
"""

import functools
from types import SimpleNamespace
from typing import Annotated

import minidi
from miniasgi import Request
from miniopenapi import APIRoute, SecurityBase, get_openapi
from minipydantic import BaseModel, Field

from .openapi_corpus import RouteSpec, fastapi_document, mini_document, show_difference

SCOPES = {"me": "Read your own profile.", "items": "Read items."}


class PasswordBearer(SecurityBase):
    """What p07's OAuth2PasswordBearer is to the document: the same scheme object."""

    def __init__(self, token_url: str, scopes: dict[str, str]) -> None:
        self.model = {"type": "oauth2", "flows": {"password": {"scopes": scopes, "tokenUrl": token_url}}}
        self.scheme_name = "OAuth2PasswordBearer"

    async def __call__(self, request: Request) -> str | None:
        return request.headers.get("authorization")


def schemes(ns: SimpleNamespace) -> SimpleNamespace:
    """The framework's `Security`, an OAuth2 password scheme and an API key scheme."""
    if ns.Depends is minidi.Depends:
        api_key = PasswordBearer("unused", {})
        api_key.model = {"type": "apiKey", "in": "header", "name": "X-Key"}
        api_key.scheme_name = "APIKeyHeader"
        oauth2 = PasswordBearer("token", SCOPES)
        return SimpleNamespace(Security=minidi.Security, oauth2=oauth2, api_key=api_key)
    import fastapi
    import fastapi.security

    return SimpleNamespace(
        Security=fastapi.Security,
        oauth2=fastapi.security.OAuth2PasswordBearer(tokenUrl="token", scopes=SCOPES),
        api_key=fastapi.security.APIKeyHeader(name="X-Key"),
    )


def app_oauth2(ns: SimpleNamespace) -> list[RouteSpec]:
    """FastAPI's OAuth2-with-scopes tutorial, documented: the scheme sits two dependencies
    down; `/items` requires "items" of a user who requires "me"; `/status` no scope;
    `/both` uses the scheme twice (its scopes merge) and an API key from `dependencies`."""
    sec = schemes(ns)

    def get_user(token: Annotated[str, ns.Depends(sec.oauth2)]) -> str:
        return token

    def get_active(user: Annotated[str, sec.Security(get_user, scopes=["me"])]) -> str:
        return user

    def read_items(user: Annotated[str, sec.Security(get_active, scopes=["items"])]) -> list[str]:
        return [user]

    def read_status(user: Annotated[str, ns.Depends(get_user)]) -> dict[str, str]:
        return {"status": "ok"}

    def both(
        a: Annotated[str, sec.Security(get_user, scopes=["items"])],
        b: Annotated[str, sec.Security(get_active, scopes=["admin"])],
    ) -> str:
        return a + b

    def public() -> str:
        return "hello"

    return [
        ("/items", read_items, {}),
        ("/status", read_status, {}),
        ("/both", both, {"dependencies": [ns.Depends(sec.api_key)]}),
        ("/public", public, {}),
    ]


def test_security_is_derived_from_the_dependencies_like_fastapi() -> None:
    """The whole document equals FastAPI's: `securitySchemes` holds each scheme once, by
    `scheme_name`, and each operation lists, per scheme it uses (in the order met, each
    dependency before its own), the scopes accumulated on the way there, merged. An operation
    using no scheme has no `security`. If this fails, look at how `get_openapi` walks
    `route.signature.graph.root` and reads `node.scopes` (the message names the first JSON
    path that differs)."""
    expected, got = fastapi_document(app_oauth2), mini_document(app_oauth2)
    assert got == expected, show_difference(expected, got)
    paths = got["paths"]
    assert paths["/items"]["get"]["security"] == [{"OAuth2PasswordBearer": ["items", "me"]}]
    assert paths["/status"]["get"]["security"] == [{"OAuth2PasswordBearer": []}]
    assert paths["/both"]["get"]["security"] == [
        {"APIKeyHeader": []},
        {"OAuth2PasswordBearer": ["items", "admin", "me"]},
    ]
    assert "security" not in paths["/public"]["get"]


class APIKeyModel(BaseModel):
    """A scheme object written as a model (FastAPI's are): dumped by alias, without nulls."""

    type_: str = Field(default="apiKey", alias="type")
    in_: str = Field(alias="in")
    name: str
    description: str | None = None


def test_a_scheme_object_may_be_a_model_and_the_scheme_a_partial() -> None:
    """`model` may be a minipydantic model (written with its aliases, `None` fields left out),
    and the dependency may be a `functools.partial` of a scheme's method or the scheme
    wrapped in one: the scheme inside is found."""
    key = PasswordBearer("unused", {})
    key.model, key.scheme_name = APIKeyModel(**{"in": "query"}, name="k"), "Key"

    def read(token: Annotated[str, minidi.Depends(functools.partial(key))]) -> str:
        return token

    document = get_openapi(title="T", version="1", routes=[APIRoute("/read", read)])
    schemes = document["components"]["securitySchemes"]
    assert schemes == {"Key": {"type": "apiKey", "in": "query", "name": "k"}}, schemes
    assert document["paths"]["/read"]["get"]["security"] == [{"Key": []}]
