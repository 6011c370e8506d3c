"""Security schemes, read from the dependency graph as FastAPI reads them.

A dependency that is a `SecurityBase` (p07's `OAuth2PasswordBearer`, `HTTPBasic`,
`APIKeyHeader`...) both checks a request and *is* a security scheme. So the document needs no
declaration of its own: wherever an operation's graph uses such a dependency, at any depth,
the scheme goes to `components/securitySchemes` and the operation requires it, with the
scopes `Security(..., scopes=[...])` accumulated on the way to it (minidi's `node.scopes`).
The code that checks a token is the code that documents it.
"""

from __future__ import annotations

import functools
from typing import Any

from minidi import Node

from miniopenapi.encoders import jsonable_encoder

Requirements = list[dict[str, list[str]]]
"""An operation's `security`: `[{"OAuth2PasswordBearer": ["items", "me"]}]`."""


class SecurityBase:
    """A dependency that is also a security scheme. Subclasses set `model`, the scheme's
    OpenAPI object (a dict, or a model: it is written by alias, without nulls), and
    `scheme_name`, its key in `components/securitySchemes`; calling an instance checks the
    request (and answers 401 when it may not pass)."""

    model: Any
    scheme_name: str


def security_requirements(root: Node) -> tuple[dict[str, Any], Requirements]:
    """The security schemes below `root` (name -> scheme object) and the requirements of its
    operation: one per scheme, with the scopes of every use merged, in the order met.

    The walk is FastAPI's: each dependency before its own dependencies, in declaration
    order; the endpoint itself is never a scheme."""
    schemes: dict[str, Any] = {}
    requirements: dict[str, list[str]] = {}
    todo = list(reversed(root.dependencies))
    while todo:
        node = todo.pop()
        todo.extend(reversed(node.dependencies))
        call: Any = node.call  # a scheme instance, maybe inside a partial
        while isinstance(call, functools.partial):
            call = call.func
        if isinstance(call, SecurityBase):
            name = call.scheme_name
            schemes[name] = jsonable_encoder(call.model, by_alias=True, exclude_none=True)
            scopes = requirements.setdefault(name, [])
            scopes += [scope for scope in node.scopes if scope not in scopes]
    return schemes, [{name: scopes} for name, scopes in requirements.items()]


__all__ = ["Requirements", "SecurityBase", "security_requirements"]
