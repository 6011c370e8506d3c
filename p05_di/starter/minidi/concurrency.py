"""Adapting sync code and generators to one async executor.

Sync callables run in AnyIO's thread pool so a blocking dependency cannot stall the event
loop. `yield` dependencies become async context managers; their teardown is shielded from
cancellation, because a client that disconnects must not leave a session open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")


async def run_in_thread(call: Callable[..., T], kwargs: Mapping[str, Any]) -> T:
    """Call a sync callable in a worker thread and await its result."""
    raise NotImplementedError(
        "Return call(**kwargs), computed in a worker thread so the event loop keeps running."
    )


class ThreadedContext(AbstractAsyncContextManager[T]):
    """A sync context manager (from a `def ... yield` dependency) entered and exited in a
    worker thread, so the code before and after `yield` may block."""

    def __init__(self, manager: AbstractContextManager[T]) -> None:
        self._manager = manager

    async def __aenter__(self) -> T:
        raise NotImplementedError("Enter the sync context manager in a worker thread; return its value.")

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        raise NotImplementedError(
            "Exit the sync context manager in a worker thread, even if this request is being "
            "cancelled, and return its answer (True suppresses the exception)."
        )


class ShieldedContext(AbstractAsyncContextManager[T]):
    """An async context manager whose exit runs to the end even if the request is cancelled."""

    def __init__(self, manager: AbstractAsyncContextManager[T]) -> None:
        self._manager = manager

    async def __aenter__(self) -> T:
        raise NotImplementedError("Enter the async context manager and return its value.")

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        raise NotImplementedError(
            "Exit the async context manager, to the end even if this request is being "
            "cancelled, and return its answer (True suppresses the exception)."
        )
