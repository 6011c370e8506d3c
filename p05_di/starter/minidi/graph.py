"""Solving: from an endpoint's signature to a validated graph, once, at definition time.

Sort every parameter into one of three bins, in this order:

1. a dependency (`Depends` in `Annotated` or as the default)  -> a child `Node`;
2. a special type the framework supplies per request (Request, BackgroundTasks ...);
3. whatever the framework's *leaf classifier* claims.

A parameter nobody claims, a cycle, or a scope mix-up is a `DependencyDefinitionError` here,
with the chain of callables in the message, so a broken graph never reaches a request.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from contextlib import AsyncExitStack
from typing import Any

from minidi.nodes import Node, Param
from minidi.overrides import Overrides
from minidi.params import Scope

LeafClassifier = Callable[[Param], Hashable | None]
"""The framework's hook: describe a parameter it will supply (any hashable object, used as
the key of its value), or return None for "not mine"."""


class Solver:
    """Turns callables into solved graphs for one framework configuration. Remember what you
    solved (keyed by the callable), so each signature is read once."""

    def __init__(self, classify: LeafClassifier | None = None, special_types: Iterable[type] = ()) -> None:
        raise NotImplementedError(
            "Store the classifier (None claims nothing), the special types and a cache."
        )

    def solve(self, endpoint: Callable[..., Any]) -> Graph:
        """Solve and validate the graph below `endpoint`."""
        raise NotImplementedError('Return Graph(self.node(endpoint, name="", ...), self).')

    def node(
        self,
        call: Callable[..., Any],
        *,
        name: str,
        use_cache: bool,
        scope: Scope | None,
        path: tuple[Callable[..., Any], ...],
        cache_key: Hashable | None = None,
    ) -> Node:
        """One use of `call`, below the callables in `path` (innermost first). `cache_key`
        defaults to `(call, scope or "request" for generators)`."""
        raise NotImplementedError(
            "Detect cycles with `path`, sort each parameter into dependency / special / leaf, "
            "raise UnsuppliedParameterError with the chain of names, and build the Node. A "
            "signature that cannot be read, or a dependency whose cache key is unhashable, is a "
            "DependencyDefinitionError too, raised now rather than on every request."
        )


class Graph:
    """A solved endpoint: `root` (the tree), `leaves` (every leaf once, in run order) and
    `special_types`, plus how to apply overrides and run it for one request."""

    root: Node
    leaves: tuple[Hashable, ...]
    special_types: frozenset[type]

    def __init__(self, root: Node, solver: Solver) -> None:
        raise NotImplementedError("Keep root and solver; compute leaves and special_types once.")

    def with_overrides(self, overrides: Overrides) -> Graph:
        """The graph with overrides applied (self if none); reuse it while they are unchanged."""
        raise NotImplementedError(
            "Return self for no overrides; else cache apply_overrides(...) by the items."
        )

    async def run(
        self,
        *,
        leaf_values: Mapping[Hashable, Any],
        specials: Mapping[type, Any],
        stack: AsyncExitStack,
        cache: dict[Hashable, Any] | None = None,
    ) -> Any:
        """Run every dependency, then the endpoint, and return what the endpoint returned."""
        raise NotImplementedError("Delegate to execute.execute(self.root, ...).")
