"""Solving: from an endpoint's signature to a validated graph, once, at definition time.

Sort every parameter into one of three bins, in this order:

1. a dependency (`Depends` in `Annotated` or as the default)  -> a child `Node`;
2. a special type the framework supplies per request (Request, BackgroundTasks ...), or
   `SecurityScopes`, which minidi supplies itself (milestone 9);
3. whatever the framework's *leaf classifier* claims.

A parameter nobody claims, a cycle, or a scope mix-up is a `DependencyDefinitionError` here,
with the chain of callables in the message, so a broken graph never reaches a request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from contextlib import AsyncExitStack
from functools import cached_property
from typing import Any

from minidi.errors import DependencyDefinitionError
from minidi.execute import Plan, execute, execute_available
from minidi.introspect import describe
from minidi.nodes import Node, Param
from minidi.overrides import Overrides
from minidi.params import Depends, Scope, Security

LeafClassifier = Callable[[Param], Hashable | None]
"""The framework's hook: describe a parameter it will supply (any hashable object, used as
the key of its value), or return None for "not mine"."""


def _claim_nothing(param: Param) -> None:
    return None


class Solver:
    """Turns callables into solved graphs for one framework configuration."""

    def __init__(self, classify: LeafClassifier | None = None, special_types: Iterable[type] = ()) -> None:
        self._classify: LeafClassifier = classify or _claim_nothing
        self._special_types = tuple(special_types)

    def solve(self, endpoint: Callable[..., Any], dependencies: Sequence[Depends] = ()) -> Graph:
        """Solve and validate the graph below `endpoint`: its root is the endpoint's node.

        `dependencies` (FastAPI's `dependencies=[Depends(check)]`) become extra children of
        the root, named "": they run first, for their effect only (`execute` does not pass
        their values to the endpoint)."""
        root = self.node(endpoint, name="", use_cache=False, scope=None, path=())
        if not dependencies:
            return Graph(root, self)
        extra = []
        for depends in dependencies:
            if depends.dependency is None:
                raise DependencyDefinitionError(
                    "a Depends() in dependencies=[...] needs a callable: there is no annotation to call",
                    (describe(endpoint),),
                )
            call, use_cache, scope = depends.dependency, depends.use_cache, depends.scope
            own = depends.scopes if isinstance(depends, Security) else ()
            extra.append(
                self.node(call, name="", use_cache=use_cache, scope=scope, path=(endpoint,), own_scopes=own)
            )
        return Graph(dataclasses.replace(root, dependencies=(*extra, *root.dependencies)), self)

    def node(
        self,
        call: Callable[..., Any],
        *,
        name: str,
        use_cache: bool,
        scope: Scope | None,
        path: tuple[Callable[..., Any], ...],
        cache_key: Hashable | None = None,
        scopes: tuple[str, ...] = (),
        own_scopes: Sequence[str] = (),
    ) -> Node:
        """One use of `call`: the parameter `name` it fills in its caller, the `use_cache` and
        `scope` its `Depends` declared, and `path`, the callables above it (innermost first,
        empty for the endpoint). `cache_key` is None unless an override passes the key of the
        dependency it replaces. `scopes` are the security scopes required above this use and
        `own_scopes` those its `Security` adds (milestone 9)."""
        raise NotImplementedError(
            "Return the Node for one use of `call`: each parameter that declares a Depends "
            "becomes a child Node (in declaration order), every other parameter a LeafParam "
            "holding the classifier's answer; a parameter the classifier refuses (None) "
            "raises UnsuppliedParameterError."
        )


class Graph:
    """A solved endpoint: `root` (the tree), `leaves` (every leaf once, in run order) and
    `special_types`, plus how to apply overrides and run it for one request."""

    root: Node

    def __init__(self, root: Node, solver: Solver) -> None:
        self.root = root
        self._solver = solver
        self._plan = Plan.of(root)

    @cached_property
    def leaves(self) -> tuple[Hashable, ...]:
        """Every leaf of the whole graph once, in the order the graph runs (computed on first
        use, then kept)."""
        raise NotImplementedError(
            "Return the `leaf` of every LeafParam in the whole tree, deepest first (the order "
            "the nodes run), each value once."
        )

    @cached_property
    def special_types(self) -> frozenset[type]:
        """The special types the graph asks for, so a framework builds only those per request."""
        raise NotImplementedError("Return the registered type of every SpecialParam in the whole tree.")

    @property
    def tears_down(self) -> bool:
        """Whether a dependency yields, leaving a teardown on `run`'s `stack`. When false, a
        framework need not open an exit stack for the request at all (pass `stack=None`)."""
        return self._plan.tears_down

    def with_overrides(self, overrides: Overrides) -> Graph:
        """The graph with `overrides[dependency] = replacement` applied (self if none)."""
        raise NotImplementedError(
            "Return a Graph in which every use of a dependency found in `overrides` calls its "
            "replacement instead: this graph itself when `overrides` is empty, and the same "
            "Graph object again while the overrides stay the same."
        )

    async def run(
        self,
        *,
        leaf_values: Mapping[Hashable, Any],
        specials: Mapping[type, Any],
        stack: AsyncExitStack | None,
        cache: dict[Hashable, Any] | None = None,
    ) -> Any:
        """Run every dependency, then the endpoint, and return what the endpoint returned.

        `leaf_values` maps each of `leaves` to its validated value, `specials` each of
        `special_types` to this request's object. Request-scoped `yield` teardowns go on
        `stack`, which the caller closes when it chooses; it may be None when `tears_down` is
        false. `cache` is this request's result cache (a fresh one if None).
        """
        return await execute(self._plan, leaf_values=leaf_values, specials=specials, stack=stack, cache=cache)

    async def run_available(
        self,
        *,
        leaf_values: Mapping[Hashable, Any],
        specials: Mapping[type, Any],
        stack: AsyncExitStack | None,
        cache: dict[Hashable, Any] | None = None,
    ) -> None:
        """Run, in run order, only the dependencies whose leaves (their own and those of
        every dependency below them) all have a value in `leaf_values`; never the endpoint.

        For a request whose inputs failed validation: leave the failed leaves out of
        `leaf_values`. FastAPI still runs every dependency it can, so their effects happen and
        an exception one raises (a 401) wins over the validation error. Teardowns go where
        `run` puts them.
        """
        await execute_available(
            self._plan, leaf_values=leaf_values, specials=specials, stack=stack, cache=cache
        )
