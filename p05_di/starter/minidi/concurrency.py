"""Adapting sync code and generators to one async executor.

Sync callables run in AnyIO's thread pool so a blocking dependency cannot stall the event
loop. A `yield` dependency is a generator driven by hand, in two steps: `enter` runs it up
to its `yield` and returns the value it yields; `exit` resumes it after the `yield`,
normally or by raising there the exception that is leaving the request, and says whether
the generator swallowed that exception. Sync generators take both steps in a worker thread.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


async def run_in_thread(call: Callable[..., T], kwargs: Mapping[str, Any]) -> T:
    """Call a sync callable in a worker thread and await its result."""
    raise NotImplementedError(
        "Return call(**kwargs), computed in a worker thread so the event loop keeps running."
    )


async def enter_async_generator(generator: AsyncGenerator[Any, None]) -> Any:
    """Run an async generator up to its `yield`; return the value it yields."""
    raise NotImplementedError(
        "Run the generator to its first `yield` and return the value; a generator that ends "
        'without yielding is a RuntimeError ("generator didn\'t yield").'
    )


async def exit_async_generator(generator: AsyncGenerator[Any, None], exc: BaseException | None) -> bool:
    """Resume an async generator after its `yield` (raising `exc` there, if not None) and
    return True if it swallowed `exc`."""
    raise NotImplementedError(
        "Resume the generator after its `yield`. With no exception it must end (a second "
        '`yield` is RuntimeError("generator didn\'t stop")): return False. Otherwise raise '
        "`exc` at the `yield`: if the generator ends, it swallowed it (return True); if `exc` "
        "comes back out (see `lets_out`), return False; any other exception propagates."
    )


async def enter_generator(generator: Generator[Any, None, None]) -> Any:
    """Run a sync generator up to its `yield`, in a worker thread; return the value."""
    raise NotImplementedError(
        "As enter_async_generator, for a sync generator, with its step taken in a worker thread."
    )


async def exit_generator(generator: Generator[Any, None, None], exc: BaseException | None) -> bool:
    """Resume a sync generator after its `yield`, in a worker thread (raising `exc` there, if
    not None); return True if it swallowed `exc`."""
    raise NotImplementedError(
        "As exit_async_generator, for a sync generator, with its step taken in a worker thread "
        "that no other request can be waiting for."
    )


def lets_out(raised: BaseException, exc: BaseException) -> bool:
    """Did the generator let `exc` out? Python turns a StopIteration (or StopAsyncIteration)
    escaping a generator into a RuntimeError caused by it: that counts as letting it out."""
    if raised is exc:
        return True
    stop = isinstance(exc, StopIteration | StopAsyncIteration)
    return stop and isinstance(raised, RuntimeError) and raised.__cause__ is exc
