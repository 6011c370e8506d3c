"""Overrides: swap a dependency for a replacement without re-reading any signature per request.

`overrides[get_db] = fake_db` (what `app.dependency_overrides` is) replaces every use of
`get_db` in a graph, and inside replacements too, as FastAPI does. Only the path from the
root to each replaced node is rebuilt; untouched subtrees are shared with the original graph.
The replacement's own node comes from the solver, which reads its signature once and
remembers it; it stands where the original stood, so the security scopes that reached the
original reach it too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Protocol

from minidi.errors import DependencyCycleError
from minidi.introspect import describe
from minidi.nodes import Node
from minidi.params import Scope

Overrides = Mapping[Callable[..., Any], Callable[..., Any]]


class NodeFactory(Protocol):
    """How a replacement is solved (`Solver.node`)."""

    def __call__(
        self,
        call: Callable[..., Any],
        *,
        name: str,
        use_cache: bool,
        scope: Scope | None,
        path: tuple[Callable[..., Any], ...],
        cache_key: Hashable | None = None,
        scopes: tuple[str, ...] = (),
    ) -> Node: ...


def apply_overrides(root: Node, overrides: Overrides, solve: NodeFactory) -> Node:
    """`root` with every dependency found in `overrides` replaced. The root itself (the
    endpoint) is never replaced, as in FastAPI."""

    def visit(node: Node, path: tuple[Callable[..., Any], ...]) -> Node:
        if any(ancestor is node.call for ancestor in path):
            raise DependencyCycleError(tuple(describe(call) for call in (node.call, *path)))
        inner = (node.call, *path)
        children = tuple(visit(swap(child, inner), inner) for child in node.dependencies)
        if all(new is old for new, old in zip(children, node.dependencies, strict=True)):
            return node
        return dataclasses.replace(node, dependencies=children)

    def swap(node: Node, path: tuple[Callable[..., Any], ...]) -> Node:
        replacement = overrides.get(node.call)
        if replacement is None:
            return node
        return solve(
            replacement,
            name=node.name,
            use_cache=node.use_cache,
            scope=node.scope,
            path=path,
            cache_key=node.cache_key,
            scopes=node.scopes,
        )

    return visit(root, ())
