"""Running a solved graph for one request.

For each node: first its dependencies (depth first, in declaration order), then the node.
Nothing is inspected here; the solver already decided everything, and `Plan` (given) says
what this graph's requests need. Keep FastAPI's order: sequential (never concurrent), and a
node's own dependencies are resolved *before* its cache entry is checked.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

from minidi.nodes import Node


@dataclass(frozen=True, slots=True)
class Plan:
    """What running a graph takes, decided once when the graph is solved, so that a request
    pays only for what its graph uses."""

    root: Node
    tears_down: bool  # does a dependency yield? Then the caller's stack gets its teardowns.
    function_stack: bool  # does a `scope="function"` one? Then `run` opens a stack of its own.

    @classmethod
    def of(cls, root: Node) -> Plan:
        yielding, todo = [], list(root.dependencies)  # never the endpoint: it is not entered
        while todo:
            node = todo.pop()
            todo.extend(node.dependencies)
            if node.kind.yields:
                yielding.append(node)
        return cls(root, bool(yielding), any(node.scope == "function" for node in yielding))


async def execute(
    plan: Plan,
    *,
    leaf_values: Mapping[Hashable, Any],
    specials: Mapping[type, Any],
    stack: AsyncExitStack | None,
    cache: dict[Hashable, Any] | None,
) -> Any:
    """Resolve the dependencies of `plan.root` and call it. Function-scoped teardowns run
    before this returns (or raises); request-scoped ones are left on `stack` for the caller.
    A `yield` dependency that swallows an exception is a `SuppressedExceptionError`, raised
    once the stack that held it has closed (milestone 5)."""
    raise NotImplementedError(
        "Call `plan.root.call` with its keyword arguments and return what it returns: each "
        "dependency's value (found the same way, depth first, in declaration order), each "
        "leaf's value from `leaf_values`, each special's object from `specials`. A dependency "
        'of the root named "" (from `solve(..., dependencies=...)`) runs for its effect: its '
        "value is not passed."
    )


async def execute_available(
    plan: Plan,
    *,
    leaf_values: Mapping[Hashable, Any],
    specials: Mapping[type, Any],
    stack: AsyncExitStack | None,
    cache: dict[Hashable, Any] | None,
) -> None:
    """Resolve, in run order, every dependency whose leaves (its own and those below it) all
    have a value in `leaf_values`; skip the others, and never call the endpoint."""
    raise NotImplementedError(
        "Walk the root's dependencies in order: one whose whole subtree has a value for every "
        "leaf is resolved exactly as `execute` resolves it (its dependencies first, then it, "
        "through the cache); one with a leaf missing is not called, but the same walk goes on "
        "among its own dependencies. The endpoint is never called."
    )
