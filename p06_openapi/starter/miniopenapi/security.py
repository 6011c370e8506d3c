"""Security schemes, read from the dependency graph as FastAPI reads them.

A dependency that is a `SecurityBase` (p07's `OAuth2PasswordBearer`, `HTTPBasic`,
`APIKeyHeader`...) both checks a request and *is* a security scheme. So the document needs no
declaration of its own: wherever an operation's graph uses such a dependency, at any depth,
the scheme goes to `components/securitySchemes` and the operation requires it, with the
scopes `Security(..., scopes=[...])` accumulated on the way to it (minidi's `node.scopes`).
"""

from __future__ import annotations

from typing import Any

from minidi import Node

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
    operation: one per scheme, with the scopes of every use merged, in the order met."""
    raise NotImplementedError(
        "find every dependency below root (each before its own dependencies, in declaration "
        "order) that is a SecurityBase instance; return {scheme_name: its model as JSON} and "
        "[{scheme_name: the node.scopes of all its uses, each once}] in the order met"
    )


__all__ = ["Requirements", "SecurityBase", "security_requirements"]
