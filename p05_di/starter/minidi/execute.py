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
    returns (or raises); request-scoped ones are left on `stack` for the caller."""
    raise NotImplementedError(
        "Open a function-scope AsyncExitStack, resolve each dependency recursively (cache, then "
        "call by kind: await / thread / enter_async_context), then call the endpoint."
    )
