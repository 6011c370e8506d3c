"""Running a solved graph for one request.

For each node: first its dependencies (depth first, in declaration order), then the node.
Nothing is inspected here; the solver already decided everything. Keep FastAPI's order:
sequential (never concurrent), and a node's own dependencies are resolved *before* its cache
entry is checked.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from contextlib import AsyncExitStack
from typing import Any

from minidi.nodes import Node


async def execute(
    root: Node,
    *,
    leaf_values: Mapping[Hashable, Any],
    specials: Mapping[type, Any],
    stack: AsyncExitStack,
    cache: dict[Hashable, Any] | None,
) -> Any:
    """Resolve `root`'s dependencies and call it. Function-scoped teardowns run before this
    returns (or raises); request-scoped ones are left on `stack` for the caller. A `yield`
    dependency that swallows an exception is a `SuppressedExceptionError`, raised once the
    stack that held it has closed (milestone 5)."""
    raise NotImplementedError(
        "Call `root.call` with its keyword arguments and return what it returns: each "
        "dependency's value (found the same way, depth first, in declaration order), each "
        "leaf's value from `leaf_values`, each special's object from `specials`."
    )
