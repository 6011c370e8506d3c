"""Work that runs after the response has been sent.

The client already has its answer when a background task starts, so slow follow-up work
(an email, a cache warm-up) does not add to its latency. The task still runs inside the same
request, which is why a crash in it is still reported by the server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from miniasgi.concurrency import is_async_callable, run_in_threadpool


class BackgroundTask:
    """One call to make later: `BackgroundTask(send_email, to, subject="Hi")`."""

    __slots__ = ("args", "func", "is_async", "kwargs")

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self.is_async = is_async_callable(func)

    async def __call__(self) -> None:
        raise NotImplementedError(
            "Milestone 7: call the function with its arguments: awaited if it is async, in a worker "
            "thread if it is sync."
        )


class BackgroundTasks:
    """Several background calls, run one after another in the order they were added."""

    __slots__ = ("tasks",)

    def __init__(self, tasks: Sequence[BackgroundTask] | None = None) -> None:
        self.tasks = list(tasks or ())

    def add_task(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Milestone 7: queue one more call, to run after the ones already queued.")

    async def __call__(self) -> None:
        raise NotImplementedError("Milestone 7: run every queued task, one after another, in order.")
