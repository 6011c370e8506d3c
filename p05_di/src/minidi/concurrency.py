"""Adapting sync code and generators to one async executor.

Sync callables run in AnyIO's thread pool so a blocking dependency (a database driver, a
file read) cannot stall the event loop. `yield` dependencies become async context managers;
their teardown is shielded from cancellation, because a client that disconnects must not
leave a session open.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from types import TracebackType
from typing import Any, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


async def run_in_thread(call: Callable[..., T], kwargs: Mapping[str, Any]) -> T:
    """Call a sync callable in a worker thread and await its result."""
    return await anyio.to_thread.run_sync(functools.partial(call, **kwargs))


class ThreadedContext(AbstractAsyncContextManager[T]):
    """A sync context manager (from a `def ... yield` dependency) entered and exited in a
    worker thread, so the code before and after `yield` may block."""

    def __init__(self, manager: AbstractContextManager[T]) -> None:
        self._manager = manager

    async def __aenter__(self) -> T:
        return await anyio.to_thread.run_sync(self._manager.__enter__)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        # A private limiter: if every pool thread is busy with requests that wait for this
        # teardown, sharing the pool's limiter would deadlock.
        with anyio.CancelScope(shield=True):
            suppress = await anyio.to_thread.run_sync(
                self._manager.__exit__, exc_type, exc, tb, limiter=anyio.CapacityLimiter(1)
            )
        return suppress


class ShieldedContext(AbstractAsyncContextManager[T]):
    """An async context manager whose exit runs to the end even if the request is cancelled."""

    def __init__(self, manager: AbstractAsyncContextManager[T]) -> None:
        self._manager = manager

    async def __aenter__(self) -> T:
        return await self._manager.__aenter__()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        with anyio.CancelScope(shield=True):
            suppress = await self._manager.__aexit__(exc_type, exc, tb)
        return suppress
