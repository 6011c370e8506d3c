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
        scopes: tuple[str, ...] = (),
    ) -> Node: ...


def apply_overrides(root: Node, overrides: Overrides, solve: NodeFactory) -> Node:
    """`root` with every dependency found in `overrides` replaced (never the root itself)."""
    raise NotImplementedError(
        "Return `root` with every dependency (at any depth, inside replacements too) whose "
        "call is a key of `overrides` replaced by a node of its replacement, which keeps the "
        "original's name, use_cache, scope and cache_key. Leave `root` itself unchanged and "
        "raise DependencyCycleError if a replacement leads back to itself."
    )
