"""Overrides: swap a dependency for a replacement without re-reading any signature per request.

`overrides[get_db] = fake_db` replaces every use of `get_db` in a graph, and inside
replacements too, as FastAPI does. Rebuild only the path from the root to each replaced node.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, Protocol

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
    ) -> Node: ...


def apply_overrides(root: Node, overrides: Overrides, solve: NodeFactory) -> Node:
    """`root` with every dependency found in `overrides` replaced (never the root itself)."""
    raise NotImplementedError(
        "Walk the tree; for a child whose call is overridden, solve(replacement, ...) keeping the "
        "child's name, use_cache, scope and cache_key; dataclasses.replace the nodes that changed."
    )
