"""Milestone 5: `yield` dependencies and their teardown.

The code before `yield` is setup, the yielded value is injected, the code after `yield` is
teardown. Teardowns run in reverse order of setup through the caller's AsyncExitStack, also
when the endpoint or a later dependency raises, and an exception from the endpoint is thrown
into each generator at its `yield`, so `except` and `finally` blocks see it, exactly as in
FastAPI.
"""

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, suppress
from typing import Annotated, Any

import anyio
import minidi
import pytest
from minidi import Depends, Kind

from .scenarios import Built, run_minidi


def test_solving_recognises_generator_functions() -> None:
    """A `def ... yield` dependency is `Kind.GENERATOR`, an `async def ... yield` one
    `Kind.ASYNC_GENERATOR` (also as a callable instance's `__call__`): their value comes with
    a teardown."""

    def generator() -> Iterator[None]:
        yield

    async def async_generator() -> AsyncIterator[None]:
        yield

    class Session:
        def __call__(self) -> Iterator[None]:
            yield

    def endpoint(
        a: Annotated[None, Depends(generator)],
        b: Annotated[None, Depends(async_generator)],
        c: Annotated[None, Depends(Session())],
    ) -> None: ...

    kinds = [node.kind for node in minidi.Solver().solve(endpoint).root.dependencies]
    expected = [Kind.GENERATOR, Kind.ASYNC_GENERATOR, Kind.GENERATOR]
    assert kinds == expected, f"expected {expected}, got {kinds}"


def test_yield_dependency_injects_the_yielded_value_and_tears_down_after() -> None:
    """The endpoint gets the yielded value; the code after `yield` runs once the caller
    closes its exit stack. If teardown never runs: enter the generator as a context manager
    on the stack you were given."""
    log: list[str] = []

    def get_db() -> Iterator[str]:
        log.append("open")
        yield "db"
        log.append("close")

    def endpoint(db: Annotated[str, Depends(get_db)]) -> str:
        log.append(f"endpoint got {db}")
        return db

    assert run_minidi(endpoint) == "db"
    assert log == ["open", "endpoint got db", "close"]


def test_request_scoped_teardown_waits_for_the_callers_stack() -> None:
    """`run` returns with the session still open: the framework decides when teardown runs
    (after sending the response) by closing its own stack."""
    log: list[str] = []

    async def get_db() -> AsyncIterator[str]:
        yield "db"
        log.append("closed")

    def endpoint(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    graph = minidi.Solver().solve(endpoint)

    async def go() -> None:
        async with AsyncExitStack() as stack:
            await graph.run(leaf_values={}, specials={}, stack=stack)
            log.append("response sent")

    anyio.run(go)
    assert log == ["response sent", "closed"]


def test_sync_generator_runs_in_a_worker_thread() -> None:
    """A `def ... yield` dependency may block (open a file, a database connection): its
    setup and teardown run in the thread pool, not on the event loop."""
    threads: list[int] = []

    def get_db() -> Iterator[None]:
        threads.append(threading.get_ident())
        yield
        threads.append(threading.get_ident())

    async def endpoint(db: Annotated[None, Depends(get_db)]) -> int:
        return threading.get_ident()

    loop_thread = run_minidi(endpoint)
    assert loop_thread not in threads, "generator setup/teardown ran on the event loop thread"


def yield_scenario(depends: Any, log: list[str]) -> Built:
    """Sync and async generators, nested, with `except`/`finally` that record what they see.
    The endpoint fails when the `fail` query parameter is "endpoint"."""

    def get_db() -> Iterator[str]:
        log.append("db setup")
        try:
            yield "db"
        except Exception as exc:
            log.append(f"db saw {type(exc).__name__}")
            raise
        finally:
            log.append("db teardown")

    async def get_user(db: Annotated[str, depends(get_db)]) -> AsyncIterator[str]:
        log.append("user setup")
        try:
            yield f"user@{db}"
        except Exception as exc:
            log.append(f"user saw {type(exc).__name__}")
            raise
        finally:
            log.append("user teardown")

    async def get_audit(fail: str) -> AsyncIterator[str]:
        log.append("audit setup")
        if fail == "dependency":
            raise LookupError("audit failed")
        yield "audit"
        log.append("audit teardown")

    def endpoint(
        user: Annotated[str, depends(get_user)], audit: Annotated[str, depends(get_audit)], fail: str
    ) -> dict[str, str]:
        log.append("endpoint")
        if fail == "endpoint":
            raise KeyError("boom")
        return {"user": user, "audit": audit}

    return Built(endpoint)


def test_teardown_runs_in_reverse_order_of_setup(parity: Any) -> None:
    """Setup db, user, audit; teardown audit, user, db: last in, first out."""
    outcome = parity(yield_scenario, query={"fail": "no"})
    assert outcome["events"] == [
        "db setup", "user setup", "audit setup", "endpoint",
        "audit teardown", "user teardown", "db teardown",
    ]  # fmt: skip


def test_endpoint_exception_is_thrown_into_every_generator(parity: Any) -> None:
    """The endpoint's exception reaches each generator at its `yield` (its `except` runs),
    teardown still runs in reverse order, and the exception still escapes."""
    outcome = parity(yield_scenario, query={"fail": "endpoint"})
    assert outcome["results"] == ["raised KeyError: 'boom'"]
    assert outcome["events"][-4:] == ["user saw KeyError", "user teardown", "db saw KeyError", "db teardown"]


def test_failing_later_dependency_still_tears_down_earlier_ones(parity: Any) -> None:
    """`get_audit` raises during setup: the endpoint never runs, but `get_user` and `get_db`,
    already set up, are torn down and see the error."""
    outcome = parity(yield_scenario, query={"fail": "dependency"})
    assert "endpoint" not in outcome["events"]
    assert outcome["events"][-4:] == [
        "user saw LookupError",
        "user teardown",
        "db saw LookupError",
        "db teardown",
    ]


def test_teardown_is_not_cancelled_with_the_request() -> None:
    """If the request is cancelled (client gone, timeout) while a teardown is running, the
    teardown still finishes: a session must never be left open. Here the request is
    cancelled while `get_db`'s teardown waits; unless the exit is shielded from cancellation
    (anyio.CancelScope(shield=True)), the wait is interrupted and "closed" is never logged."""
    log: list[str] = []
    phases: list[str] = []
    reached = anyio.Event()  # the teardown has started, or the request is over without one
    may_finish = anyio.Event()

    async def get_db() -> AsyncIterator[None]:
        yield
        phases.append("teardown started")
        reached.set()
        await may_finish.wait()
        log.append("closed")

    def endpoint(db: Annotated[None, Depends(get_db)]) -> None:
        return None

    graph = minidi.Solver().solve(endpoint)

    async def handle(request: anyio.CancelScope) -> None:
        with request:
            async with AsyncExitStack() as stack:
                await graph.run(leaf_values={}, specials={}, stack=stack)
        phases.append("request over")
        reached.set()

    async def go() -> None:
        with anyio.fail_after(10):  # a bound, should the teardown never end
            request = anyio.CancelScope()
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(handle, request)
                await reached.wait()
                request.cancel()  # the client is gone, in the middle of the teardown
                may_finish.set()

    anyio.run(go)
    assert phases[0] == "teardown started", "get_db's teardown never ran: is it entered on the stack?"
    assert log == ["closed"], "the teardown was interrupted by the request's cancellation"


def test_swallowed_exception_is_the_callers_to_notice() -> None:
    """A generator that catches the endpoint's error without re-raising suppresses it: the
    caller's `async with` exits normally, with no result. (A framework answers 500.)"""

    def get_db() -> Iterator[None]:
        with suppress(ValueError):
            yield

    def endpoint(db: Annotated[None, Depends(get_db)]) -> None:
        raise ValueError("lost")

    graph = minidi.Solver().solve(endpoint)
    results: list[Any] = []

    async def go() -> None:
        async with AsyncExitStack() as stack:
            results.append(await graph.run(leaf_values={}, specials={}, stack=stack))

    anyio.run(go)
    assert results == []


def test_generator_endpoint_is_returned_not_entered() -> None:
    """Only dependencies are entered as context managers. An endpoint that is a generator
    is called and its iterator handed back, so a framework can stream it."""

    def get_word() -> str:
        return "hi"

    def endpoint(word: Annotated[str, Depends(get_word)]) -> Iterator[str]:
        yield word
        yield word

    assert list(run_minidi(endpoint)) == ["hi", "hi"]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_generator_that_yields_twice_is_an_error(kind: str) -> None:
    """A dependency must yield exactly once; a second `yield` is reported at teardown."""

    def sync_gen() -> Iterator[int]:
        yield 1
        yield 2

    async def async_gen() -> AsyncIterator[int]:
        yield 1
        yield 2

    def endpoint(x: Annotated[int, Depends(sync_gen if kind == "sync" else async_gen)]) -> int:
        return x

    with pytest.raises(RuntimeError, match="didn't stop"):
        run_minidi(endpoint)
