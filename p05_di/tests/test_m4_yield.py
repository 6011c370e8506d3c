"""Milestone 4: `yield` dependencies and their cleanup.

The code before `yield` is setup, the yielded value is injected, the code after `yield` is
teardown. Teardowns run in reverse order of setup through an AsyncExitStack, also when the
endpoint or a later dependency raises, and an exception from the endpoint is thrown into each
generator at its `yield`, so `except` and `finally` blocks see it, exactly as in FastAPI.
"""

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, suppress
from typing import Annotated, Any

import anyio
import fastapi
import httpx
import minidi
import pytest
from minidi import Depends

from .scenarios import Built, run_minidi


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


def scoped_scenario(depends: Any, log: list[str]) -> Built:
    """One request-scoped and one function-scoped generator (FastAPI >= 0.121's `scope`)."""

    def per_request() -> Iterator[str]:
        log.append("request setup")
        yield "r"
        log.append("request teardown")

    async def per_function() -> AsyncIterator[str]:
        log.append("function setup")
        yield "f"
        log.append("function teardown")

    def endpoint(
        r: Annotated[str, depends(per_request)], f: Annotated[str, depends(per_function, scope="function")]
    ) -> str:
        log.append("endpoint")
        return r + f

    return Built(endpoint)


def test_function_scope_tears_down_when_the_endpoint_returns(parity: Any) -> None:
    """`scope="function"` teardown runs as soon as the endpoint returns (inside `run`), while
    the request-scoped one waits for the caller's stack."""
    outcome = parity(scoped_scenario)
    assert outcome["events"] == [
        "request setup", "function setup", "endpoint", "function teardown", "request teardown",
    ]  # fmt: skip


# --- when teardown runs, relative to the response and background tasks -----------------


def timing_scenario(depends: Any, background_type: type, log: list[str]) -> Any:
    def per_request() -> Iterator[None]:
        log.append("request setup")
        yield
        log.append("request teardown")

    def per_function() -> Iterator[None]:
        log.append("function setup")
        yield
        log.append("function teardown")

    def endpoint(
        tasks: background_type,  # type: ignore[valid-type]
        r: Annotated[None, depends(per_request)],
        f: Annotated[None, depends(per_function, scope="function")],
    ) -> dict[str, bool]:
        log.append("endpoint")
        tasks.add_task(lambda: log.append("background task"))
        return {"ok": True}

    return endpoint


def recording_sends(app: Any, log: list[str]) -> Any:
    """Wrap an ASGI app so the log shows the moment the last body chunk is sent."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        async def record(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                log.append("response sent")

        await app(scope, receive, record)

    return wrapped


def events_of(app: Any) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            assert (await client.get("/")).status_code == 200

    anyio.run(go)


def test_teardown_order_relative_to_response_matches_fastapi(example: Any) -> None:
    """FastAPI (installed version): function-scoped teardown, then the response is sent,
    then background tasks run, then request-scoped teardown. The example's adapter (and
    p07) must close its exit stack after sending and after the background tasks."""
    fastapi_log: list[str] = []
    real = fastapi.FastAPI()
    real.add_api_route("/", timing_scenario(fastapi.Depends, fastapi.BackgroundTasks, fastapi_log))
    events_of(recording_sends(real, fastapi_log))

    minidi_log: list[str] = []
    mini = example.route(timing_scenario(Depends, example.BackgroundTasks, minidi_log))
    events_of(recording_sends(mini, minidi_log))

    assert fastapi_log == [
        "request setup", "function setup", "endpoint", "function teardown",
        "response sent", "background task", "request teardown",
    ]  # fmt: skip
    assert minidi_log == fastapi_log


def test_teardown_is_not_cancelled_with_the_request() -> None:
    """If the request is cancelled (client gone, timeout) while a teardown is running, the
    teardown still finishes: a session must never be left open."""
    log: list[str] = []

    async def get_db() -> AsyncIterator[None]:
        yield
        await anyio.sleep(0.05)
        log.append("closed")

    def endpoint(db: Annotated[None, Depends(get_db)]) -> None:
        return None

    graph = minidi.Solver().solve(endpoint)

    async def go() -> None:
        with anyio.move_on_after(0.01):
            async with AsyncExitStack() as stack:
                await graph.run(leaf_values={}, specials={}, stack=stack)

    anyio.run(go)
    assert log == ["closed"]


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
