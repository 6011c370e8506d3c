"""The solved graph as plain data: what the solver produces and the executor walks.

Everything here is decided once, from signatures. A `Node` already knows how to call its
callable (`kind`), which of its parameters are other nodes, which are leaves the framework
supplies, and which are special per-request objects; running it needs no `inspect`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from minidi.params import Scope


class Kind(enum.Enum):
    """How a callable is invoked, decided once from its definition."""

    SYNC = "sync"  # plain function, class, or sync callable instance: run in a thread
    ASYNC = "async"  # coroutine function: awaited on the event loop
    GENERATOR = "generator"  # `def ... yield`: a context manager, entered in a thread
    ASYNC_GENERATOR = "async generator"  # `async def ... yield`: an async context manager

    @property
    def yields(self) -> bool:
        """Whether a value comes with a teardown (code after the `yield`)."""
        return self in (Kind.GENERATOR, Kind.ASYNC_GENERATOR)


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter minidi cannot supply itself, as shown to the framework's classifier.

    `annotation` has `Annotated` stripped; its extras are in `metadata` (p07 finds its
    `Query(...)` markers there). `default` is `inspect.Parameter.empty` when there is none.
    `owner` is the callable the parameter belongs to.
    """

    name: str
    annotation: Any
    default: Any
    metadata: tuple[Any, ...]
    owner: Callable[..., Any]


@dataclass(frozen=True, slots=True)
class LeafParam:
    """Parameter `name` takes the framework's value for `leaf` (the classifier's answer)."""

    name: str
    leaf: Hashable


@dataclass(frozen=True, slots=True)
class SpecialParam:
    """Parameter `name` takes the per-request object registered for `type` (e.g. Request)."""

    name: str
    type: type


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """One use of a callable in the graph.

    `name` is the parameter it fills in its parent ("" for the endpoint). `use_cache` and
    `scope` come from the `Depends` at that use site. `cache_key` identifies the result in
    the per-request cache: the *declared* callable, so an override still shares one result
    per request exactly where the original would have.

    `scopes` are the security scopes required on the path from the endpoint to this use
    (`Security(..., scopes=[...])`, accumulated); `scopes_params` names the parameters that
    receive them as a `SecurityScopes`. When the subtree reads its scopes, they are part of
    `cache_key`: the same dependency under other scopes is another value.
    """

    call: Callable[..., Any]
    name: str
    use_cache: bool
    scope: Scope | None
    cache_key: Hashable
    kind: Kind
    dependencies: tuple[Node, ...]
    leaves: tuple[LeafParam, ...]
    specials: tuple[SpecialParam, ...]
    scopes: tuple[str, ...] = ()
    scopes_params: tuple[str, ...] = ()

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first, in declaration order (the order
        in which they run)."""
        for child in self.dependencies:
            yield from child.walk()
        yield self
