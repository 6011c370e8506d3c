"""Bridging blocking code into the event loop without blocking it, and running tasks side by side.

One event loop serves every connection, so a single `time.sleep` in a handler freezes them
all. Anything synchronous (a sync endpoint, a sync iterator feeding a stream, a sync
background task) is shipped to a worker thread and awaited.

When two things must run at once (a stream, and a watcher for the client leaving), they run
in an anyio task group. The helpers at the bottom give the two shapes the course needs: "the
first one to finish stops the others", and "a task group whose lone error comes out as
itself", not wrapped in an ExceptionGroup that nobody's `except` clause would match.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

import anyio
import anyio.abc
import anyio.to_thread

if sys.version_info >= (3, 13):
    from inspect import iscoroutinefunction
else:  # asyncio's version also sees functions *marked* as coroutine functions (unittest.mock's)
    from asyncio import iscoroutinefunction

T = TypeVar("T")

_EXHAUSTED = object()


async def run_in_threadpool(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking callable in a worker thread and await its result.

    anyio copies the caller's context variables into the thread, so a ContextVar set in a
    middleware is still visible to a sync endpoint.
    """
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

    Sees through `functools.partial` (nested too) and callable objects with an
    `async def __call__`.
    """
    raise NotImplementedError(
        "Milestone 2: whether calling `obj` gives a coroutine to await (also through "
        "functools.partial, and for objects whose __call__ is async)."
    )


async def run_until_first_complete(*calls: tuple[Callable[..., Awaitable[Any]], dict[str, Any]]) -> None:
    """Run `func(**kwargs)` for each `(func, kwargs)` side by side; when one returns, cancel the rest.

    The shape of "stream the response, but stop if the client leaves": one task streams,
    the other waits for `http.disconnect`, and whichever ends first ends both. (Starlette
    keeps this helper deprecated and writes the task group out in place; it is the same idea.)
    """
    async with anyio.create_task_group() as group:

        async def run_then_cancel(func: Callable[[], Awaitable[Any]]) -> None:
            await func()
            group.cancel_scope.cancel()

        for func, kwargs in calls:
            group.start_soon(run_then_cancel, functools.partial(func, **kwargs))


@asynccontextmanager
async def create_collapsing_task_group() -> AsyncIterator[anyio.abc.TaskGroup]:
    """An anyio task group whose single failure is raised as itself.

    A task group reports failures as an ExceptionGroup, even when only one task failed, so
    `except ClientDisconnect:` around it would never match. When exactly one exception comes
    out, re-raise that one (keeping its cause or context); several stay grouped, since
    choosing one would hide the others.
    """
    try:
        async with anyio.create_task_group() as group:
            yield group
    except BaseExceptionGroup as grouped:
        if len(grouped.exceptions) != 1:
            raise
        error = grouped.exceptions[0]
        context = None if error.__suppress_context__ else error.__context__
        raise error from error.__cause__ or context
