"""Running a solved graph for one request.

The walk is the graph itself: for each node, first its dependencies (depth first, in
declaration order), then the node. Nothing is inspected here; every decision (how to call,
where the value comes from, whether `run` needs a stack of its own) was made by the solver.
A request pays only for what its graph uses: no `yield` dependency, no teardown machinery.

Two FastAPI behaviours are kept on purpose, because they are observable:

* Dependencies run one after another in declaration order, never concurrently. Setup order
  is visible (logs, side effects) and decides teardown order; running independent async
  dependencies concurrently would make both depend on timing.
* A node's own dependencies are resolved *before* its cache is checked. So a cached node
  reached twice runs once, but an uncached (`use_cache=False`) dependency below it runs each
  time the cached node is reached.

When some of a request's inputs fail validation, the endpoint cannot run, but FastAPI still
runs every dependency whose own inputs (and its dependencies') are valid, in the usual order:
their effects happen, and an exception one raises (an authentication dependency's 401)
answers before the validation error. `execute_available` is that walk: the framework leaves
the failed leaves out of `leaf_values`.

Teardowns (the code after each `yield`) go on an exit stack and are shielded from
cancellation: a client that disconnects must not leave a session open. The shield is one
AnyIO cancel scope per request, opened on the caller's stack before the first `yield`
dependency starts (so it encloses any scope the dependency itself opens around its `yield`)
and switched to shielded while teardowns run.

One FastAPI behaviour is made clearer: a `yield` dependency that swallows an exception (its
`except` around `yield` does not re-raise) leaves the request with no result. Each teardown
notes a suppression; once the stack that held it is closed, `SuppressedExceptionError` says
which dependency did it, where FastAPI raises "Response not awaited".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Hashable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import anyio

from minidi.concurrency import (
    enter_async_generator,
    enter_generator,
    exit_async_generator,
    exit_generator,
    run_in_thread,
)
from minidi.errors import SuppressedExceptionError
from minidi.introspect import describe
from minidi.nodes import Kind, Node
from minidi.params import SecurityScopes


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


def execute(
    plan: Plan,
    *,
    leaf_values: Mapping[Hashable, Any],
    specials: Mapping[type, Any],
    stack: AsyncExitStack | None,
    cache: dict[Hashable, Any] | None,
) -> Coroutine[Any, Any, Any]:
    """Resolve the plan's dependencies and call its endpoint. Function-scoped teardowns run
    before the coroutine returns (or raises); request-scoped ones are left on `stack` for the
    caller. (A plain function handing back the run's coroutine: one coroutine fewer per
    request than an `async def` awaiting it.)"""
    run = _Run(leaf_values, specials, stack, {} if cache is None else cache)
    if not plan.function_stack:
        return run.endpoint(plan.root)
    return run.in_function_scope(run.endpoint, plan.root)


def execute_available(
    plan: Plan,
    *,
    leaf_values: Mapping[Hashable, Any],
    specials: Mapping[type, Any],
    stack: AsyncExitStack | None,
    cache: dict[Hashable, Any] | None,
) -> Coroutine[Any, Any, None]:
    """Resolve, in run order, every dependency whose leaves (its own and those below it) all
    have a value in `leaf_values`; skip the others, and never call the endpoint. Teardowns
    go where `execute` puts them."""
    run = _Run(leaf_values, specials, stack, {} if cache is None else cache)
    if not plan.function_stack:
        return run.available(plan.root)
    return run.in_function_scope(run.available, plan.root)


# Module globals: looking a member up on its Enum class each time costs more than the lookup.
_ASYNC, _SYNC, _ASYNC_GENERATOR = Kind.ASYNC, Kind.SYNC, Kind.ASYNC_GENERATOR


class _Run:
    """One request's state: its values, its cache, and where teardowns go."""

    __slots__ = (
        "cache", "cleanup", "function_stack", "leaf_values", "request_stack", "specials", "suppressed",
    )  # fmt: skip

    def __init__(
        self,
        leaf_values: Mapping[Hashable, Any],
        specials: Mapping[type, Any],
        request_stack: AsyncExitStack | None,
        cache: dict[Hashable, Any],
    ) -> None:
        self.leaf_values = leaf_values
        self.specials = specials
        self.request_stack = request_stack
        self.function_stack: AsyncExitStack | None = None  # only if the plan asks for one
        self.cache = cache
        self.cleanup: anyio.CancelScope | None = None  # opened by the first `yield` dependency
        self.suppressed: tuple[Node, BaseException] | None = None  # the last swallow seen

    async def in_function_scope(self, step: Callable[[Node], Awaitable[Any]], root: Node) -> Any:
        """`step(root)` inside a stack of its own for the function-scoped teardowns, which
        run as soon as it returns (or raises)."""
        self.function_stack = AsyncExitStack()
        try:
            async with self.function_stack:
                return await step(root)
        finally:
            self.unshield()  # the function-scoped teardowns are over: the request may be cancelled again
        # Only reached when a function-scoped teardown swallowed the exception leaving the block.
        raise self.suppressed_error()

    async def endpoint(self, root: Node) -> Any:
        """Call the endpoint with its arguments (a dependency named "" runs for its effect
        only, see `Solver.solve`). A generator endpoint is not entered: its iterator is
        handed to the caller, which streams it."""
        kwargs = {}
        for child in root.dependencies:
            value = await self.resolve(child)
            if child.name:
                kwargs[child.name] = value
        for leaf in root.leaves:
            kwargs[leaf.name] = self.leaf_values[leaf.leaf]
        for special in root.specials:
            kwargs[special.name] = self.specials[special.type]
        for name in root.scopes_params:
            kwargs[name] = SecurityScopes(list(root.scopes))
        if root.kind is _ASYNC:
            return await root.call(**kwargs)
        if root.kind is _SYNC:
            return await run_in_thread(root.call, kwargs)
        return root.call(**kwargs)

    async def resolve(self, node: Node) -> Any:
        """The value of one dependency, from the cache or by calling it. (Its arguments are
        gathered as `endpoint` gathers them, written out in both: a helper coroutine would
        cost one more coroutine per node and request.)"""
        kwargs = {}
        for child in node.dependencies:
            kwargs[child.name] = await self.resolve(child)
        for leaf in node.leaves:
            kwargs[leaf.name] = self.leaf_values[leaf.leaf]
        for special in node.specials:
            kwargs[special.name] = self.specials[special.type]
        for name in node.scopes_params:
            kwargs[name] = SecurityScopes(list(node.scopes))
        cache = self.cache
        if node.use_cache and node.cache_key in cache:
            return cache[node.cache_key]
        kind = node.kind
        if kind is _ASYNC:
            value = await node.call(**kwargs)
        elif kind is _SYNC:
            value = await run_in_thread(node.call, kwargs)
        else:
            value = await self.enter(node, kwargs)
        cache.setdefault(node.cache_key, value)
        return value

    async def available(self, node: Node) -> None:
        """Resolve each dependency below `node` that has all its leaves; go around one that
        lacks some, into its own dependencies (FastAPI still runs those)."""
        for child in node.dependencies:
            if self.has_leaves(child):
                await self.resolve(child)
            else:
                await self.available(child)

    def has_leaves(self, node: Node) -> bool:
        """Whether every leaf of `node`'s subtree has a value."""
        values = self.leaf_values
        return all(param.leaf in values for each in node.walk() for param in each.leaves)

    async def enter(self, node: Node, kwargs: dict[str, Any]) -> Any:
        """Run a `yield` dependency's setup; its teardown goes on the stack of its scope."""
        if self.cleanup is None:  # the request's first: open the shield, under every teardown
            if self.request_stack is None:
                raise TypeError("this graph has `yield` dependencies: run it with an exit stack")
            self.cleanup = anyio.CancelScope()
            self.cleanup.__enter__()
            self.request_stack.push(self)  # `__exit__` runs after every request-scoped teardown
        generator = node.call(**kwargs)
        if node.kind is _ASYNC_GENERATOR:
            value = await enter_async_generator(generator)
        else:
            value = await enter_generator(generator)
        stack = self.function_stack if node.scope == "function" else self.request_stack
        assert stack is not None, "the plan has a function-scoped `yield` but no function stack"
        stack.push_async_exit(_Teardown(self, node, generator))
        return value

    def unshield(self) -> None:
        if self.cleanup is not None:
            self.cleanup.shield = False

    def suppressed_error(self) -> SuppressedExceptionError:
        """The error for the last swallowed exception, which is then forgotten: a caller that
        catches this error inside its `async with` must not get it a second time."""
        assert self.suppressed is not None, "a teardown swallowed an exception without noting it"
        node, exc = self.suppressed
        self.suppressed = None
        error = SuppressedExceptionError(describe(node.call), exc)
        error.__cause__ = exc
        return error

    def __enter__(self) -> _Run:  # the stack only calls __exit__; this makes a context manager
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Runs once the request-scoped teardowns are done: closes the shield, then, if one of
        them swallowed an exception and nothing else is on its way out, fails instead of
        ending normally."""
        assert self.cleanup is not None, "the request's cancel scope was never opened"
        self.cleanup.__exit__(exc_type, exc, tb)  # never cancelled itself: it lets `exc` pass
        if exc is None and self.suppressed is not None:
            raise self.suppressed_error()


class _Teardown:
    """The code after one dependency's `yield`: run, shielded, when its stack closes; a
    swallowed exception is noted."""

    __slots__ = ("generator", "node", "run")

    def __init__(self, run: _Run, node: Node, generator: Any) -> None:
        self.run = run
        self.node = node
        self.generator = generator

    async def __aenter__(self) -> _Teardown:  # never called: the dependency was entered already
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        """What the stack calls on closing: the generator's end, then the note."""
        assert self.run.cleanup is not None, "a teardown without the request's cancel scope"
        self.run.cleanup.shield = True  # from here on, cancelling the request waits for us
        if self.node.kind is _ASYNC_GENERATOR:
            suppressed = await exit_async_generator(self.generator, exc)
        else:
            suppressed = await exit_generator(self.generator, exc)
        if suppressed and exc is not None:
            self.run.suppressed = (self.node, exc)
        return suppressed
