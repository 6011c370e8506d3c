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
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from typing import Any

from minidi.concurrency import ShieldedContext, ThreadedContext, run_in_thread
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
    async with AsyncExitStack() as function_stack:
        run = _Run(leaf_values, specials, stack, function_stack, {} if cache is None else cache)
        kwargs = await run.arguments(root)
        if root.kind is Kind.ASYNC:
            return await root.call(**kwargs)
        if root.kind is Kind.SYNC:
            return await run_in_thread(root.call, kwargs)
        return root.call(**kwargs)  # a generator endpoint: hand the iterator to the caller


class _Run:
    """One request's state: its values, its cache, and where teardowns go."""

    __slots__ = ("cache", "function_stack", "leaf_values", "request_stack", "specials")

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
        stack = self.function_stack if node.scope == "function" else self.request_stack
        if kind is Kind.ASYNC_GENERATOR:
            return await stack.enter_async_context(ShieldedContext(asynccontextmanager(node.call)(**kwargs)))
        return await stack.enter_async_context(ThreadedContext(contextmanager(node.call)(**kwargs)))
