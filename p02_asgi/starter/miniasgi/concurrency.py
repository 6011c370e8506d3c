"""Bridging blocking code into the event loop without blocking it.

One event loop serves every connection, so a single `time.sleep` in a handler freezes them
all. Anything synchronous (a sync endpoint, a sync iterator feeding a stream, a sync
background task) is shipped to a worker thread and awaited.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any, TypeVar, cast

import anyio.to_thread

T = TypeVar("T")

_EXHAUSTED = object()


async def run_in_threadpool(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking callable in a worker thread and await its result."""
    raise NotImplementedError(
        "Milestone 2: run func(*args, **kwargs) in a worker thread, so it cannot block the event "
        "loop, and return its result."
    )


async def iterate_in_threadpool(iterable: Iterable[T]) -> AsyncIterator[T]:
    """Turn a blocking iterator into an async one, one `next()` per thread hop."""
    raise NotImplementedError(
        "Milestone 6: yield the items of a blocking iterable, each next() done in a worker thread."
    )


def is_async_callable(obj: object) -> bool:
    """Is calling `obj` going to give us a coroutine? Decided once, at registration time.

    Sees through `functools.partial` and callable objects with an `async def __call__`.
    """
    raise NotImplementedError(
        "Milestone 2: whether calling `obj` gives a coroutine to await (also through "
        "functools.partial, and for objects whose __call__ is async)."
    )
