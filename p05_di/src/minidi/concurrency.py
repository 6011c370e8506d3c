"""Adapting sync code and generators to one async executor.

Sync callables run in AnyIO's thread pool so a blocking dependency (a database driver, a
file read) cannot stall the event loop.

A `yield` dependency is a generator driven by hand, in two steps: `enter` runs it up to its
`yield` and returns the value it yields; `exit` resumes it after the `yield`, either
normally or by raising there the exception that is leaving the request, and says whether the
generator *swallowed* that exception (finished instead of letting it out). These are the
rules `contextlib.contextmanager` applies, written out, with nothing wrapped per request;
sync generators take both steps in a worker thread, so the code around `yield` may block.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import Any, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


async def run_in_thread(call: Callable[..., T], kwargs: Mapping[str, Any]) -> T:
    """Call a sync callable in a worker thread and await its result."""
    return await anyio.to_thread.run_sync(functools.partial(call, **kwargs))


async def enter_async_generator(generator: AsyncGenerator[Any, None]) -> Any:
    """Run an async generator up to its `yield`; return the value it yields."""
    try:
        return await generator.asend(None)
    except StopAsyncIteration:
        raise RuntimeError("generator didn't yield") from None


async def exit_async_generator(generator: AsyncGenerator[Any, None], exc: BaseException | None) -> bool:
    """Resume an async generator after its `yield` (raising `exc` there, if not None) and
    return True if it swallowed `exc`."""
    if exc is None:
        try:
            await generator.asend(None)
        except StopAsyncIteration:
            return False
        raise RuntimeError("generator didn't stop")
    traceback = exc.__traceback__
    try:
        await generator.athrow(exc)
    except StopAsyncIteration as stop:
        return stop is not exc  # it finished: the exception went no further
    except BaseException as raised:
        if not lets_out(raised, exc):
            raise  # the generator raised an exception of its own (say, an HTTP error)
        exc.__traceback__ = traceback  # it let `exc` out again: the caller re-raises it
        return False
    raise RuntimeError("generator didn't stop after athrow()")


async def enter_generator(generator: Generator[Any, None, None]) -> Any:
    """Run a sync generator up to its `yield`, in a worker thread; return the value."""
    return await anyio.to_thread.run_sync(_enter, generator)


async def exit_generator(generator: Generator[Any, None, None], exc: BaseException | None) -> bool:
    """Resume a sync generator after its `yield`, in a worker thread (raising `exc` there, if
    not None); return True if it swallowed `exc`."""
    # A private limiter: if every pool thread is busy with requests that wait for this
    # teardown, sharing the pool's limiter would deadlock.
    return await anyio.to_thread.run_sync(_exit, generator, exc, limiter=anyio.CapacityLimiter(1))


def _enter(generator: Generator[Any, None, None]) -> Any:
    try:
        return next(generator)
    except StopIteration:
        raise RuntimeError("generator didn't yield") from None


def _exit(generator: Generator[Any, None, None], exc: BaseException | None) -> bool:
    if exc is None:
        try:
            next(generator)
        except StopIteration:
            return False
        raise RuntimeError("generator didn't stop")
    traceback = exc.__traceback__
    try:
        generator.throw(exc)
    except StopIteration as stop:
        return stop is not exc
    except BaseException as raised:
        if not lets_out(raised, exc):
            raise
        exc.__traceback__ = traceback
        return False
    raise RuntimeError("generator didn't stop after throw()")


def lets_out(raised: BaseException, exc: BaseException) -> bool:
    """Did the generator let `exc` out? Python turns a StopIteration (or StopAsyncIteration)
    escaping a generator into a RuntimeError caused by it: that counts as letting it out."""
    if raised is exc:
        return True
    stop = isinstance(exc, StopIteration | StopAsyncIteration)
    return stop and isinstance(raised, RuntimeError) and raised.__cause__ is exc
