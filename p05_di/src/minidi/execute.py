"""Running a solved graph for one request.

The walk is the graph itself: for each node, first its dependencies (depth first, in
declaration order), then the node. Nothing is inspected here; every decision (how to call,
where the value comes from) was made by the solver.

Two FastAPI behaviours are kept on purpose, because they are observable:

* Dependencies run one after another in declaration order, never concurrently. Setup order
  is visible (logs, side effects) and decides teardown order; running independent async
  dependencies concurrently would make both depend on timing.
* A node's own dependencies are resolved *before* its cache is checked. So a cached node
  reached twice runs once, but an uncached (`use_cache=False`) dependency below it runs each
  time the cached node is reached.

One FastAPI behaviour is made clearer: a `yield` dependency that swallows an exception (its
`except` around `yield` does not re-raise) leaves the request with no result. Each teardown
notes a suppression; once the stack that held it is closed, `SuppressedExceptionError` says
which dependency did it, where FastAPI raises "Response not awaited".
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from types import TracebackType
from typing import Any

from minidi.concurrency import ShieldedContext, ThreadedContext, run_in_thread
from minidi.errors import SuppressedExceptionError
from minidi.introspect import describe
from minidi.nodes import Kind, Node


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
    function_stack = AsyncExitStack()
    run = _Run(leaf_values, specials, stack, function_stack, {} if cache is None else cache)
    async with function_stack:
        kwargs = await run.arguments(root)
        if root.kind is Kind.ASYNC:
            return await root.call(**kwargs)
        if root.kind is Kind.SYNC:
            return await run_in_thread(root.call, kwargs)
        return root.call(**kwargs)  # a generator endpoint: hand the iterator to the caller
    # Only reached when a function-scoped teardown swallowed the exception leaving the block.
    raise run.suppressed_error()


class _Run:
    """One request's state: its values, its cache, and where teardowns go."""

    __slots__ = (
        "cache", "function_stack", "guarded", "leaf_values", "request_stack", "specials", "suppressed",
    )  # fmt: skip

    def __init__(
        self,
        leaf_values: Mapping[Hashable, Any],
        specials: Mapping[type, Any],
        request_stack: AsyncExitStack,
        function_stack: AsyncExitStack,
        cache: dict[Hashable, Any],
    ) -> None:
        self.leaf_values = leaf_values
        self.specials = specials
        self.request_stack = request_stack
        self.function_stack = function_stack
        self.cache = cache
        self.guarded = False  # is the check below the request-scoped teardowns on the stack yet?
        self.suppressed: tuple[Node, BaseException] | None = None  # the last swallow seen

    async def arguments(self, node: Node) -> dict[str, Any]:
        """The keyword arguments `node.call` receives."""
        kwargs = {child.name: await self.resolve(child) for child in node.dependencies}
        for leaf in node.leaves:
            kwargs[leaf.name] = self.leaf_values[leaf.leaf]
        for special in node.specials:
            kwargs[special.name] = self.specials[special.type]
        return kwargs

    async def resolve(self, node: Node) -> Any:
        """The value of one dependency, from the cache or by calling it."""
        kwargs = await self.arguments(node)
        if node.use_cache and node.cache_key in self.cache:
            return self.cache[node.cache_key]
        value = await self.call(node, kwargs)
        self.cache.setdefault(node.cache_key, value)
        return value

    async def call(self, node: Node, kwargs: dict[str, Any]) -> Any:
        kind = node.kind
        if kind is Kind.ASYNC:
            return await node.call(**kwargs)
        if kind is Kind.SYNC:
            return await run_in_thread(node.call, kwargs)
        if node.scope == "function":
            stack = self.function_stack
        else:
            stack = self.request_stack
            if not self.guarded:  # below every request-scoped teardown: `__exit__` runs after them
                stack.push(self)
                self.guarded = True
        context: ShieldedContext[Any] | ThreadedContext[Any]
        if kind is Kind.ASYNC_GENERATOR:
            context = ShieldedContext(asynccontextmanager(node.call)(**kwargs))
        else:
            context = ThreadedContext(contextmanager(node.call)(**kwargs))
        value = await context.__aenter__()
        stack.push_async_exit(_Teardown(self, node, context))  # its `__aexit__`
        return value

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
        """Runs once the request-scoped teardowns are done: if one of them swallowed an
        exception and nothing else is on its way out, fail instead of ending normally."""
        if exc is None and self.suppressed is not None:
            raise self.suppressed_error()


class _Teardown:
    """The exit of one `yield` dependency, which notes it if it swallowed an exception."""

    __slots__ = ("context", "node", "run")

    def __init__(self, run: _Run, node: Node, context: ShieldedContext[Any] | ThreadedContext[Any]) -> None:
        self.run = run
        self.node = node
        self.context = context

    async def __aenter__(self) -> _Teardown:  # never called: the dependency was entered already
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        """What the stack calls on closing: the dependency's exit, then the note."""
        suppressed = await self.context.__aexit__(exc_type, exc, tb)
        if suppressed and exc is not None:
            self.run.suppressed = (self.node, exc)
        return suppressed
