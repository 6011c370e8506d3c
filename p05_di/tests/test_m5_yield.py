"""Milestone 5: `yield` dependencies and their teardown.

The code before `yield` is setup, the yielded value is injected, the code after `yield` is
teardown. Teardowns run in reverse order of setup through the caller's AsyncExitStack, also
when the endpoint or a later dependency raises, and an exception from the endpoint is thrown
into each generator at its `yield`, so `except` and `finally` blocks see it, exactly as in
FastAPI.
"""

import inspect
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, suppress
from typing import Annotated, Any

import anyio
import minidi
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from minidi import Depends, Kind

from .scenarios import Built, outcome_fastapi, outcome_minidi, run_minidi


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


def test_a_graph_without_yield_needs_no_stack() -> None:
    """Whether a graph tears anything down is decided when it is solved: `graph.tears_down`.
    A graph without `yield` dependencies pushes nothing, so its caller may pass `stack=None`
    and skip the exit stack; one with a `yield` dependency needs a stack (a TypeError
    without one, before the generator has started)."""
    started: list[str] = []

    async def get_settings() -> str:
        return "settings"

    async def get_db(settings: Annotated[str, Depends(get_settings)]) -> AsyncIterator[str]:
        started.append("db")
        yield "db"

    async def plain(settings: Annotated[str, Depends(get_settings)]) -> str:
        return settings

    async def yielding(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    solver = minidi.Solver()
    plain_graph, yielding_graph = solver.solve(plain), solver.solve(yielding)
    assert (plain_graph.tears_down, yielding_graph.tears_down) == (False, True)
    assert anyio.run(lambda: plain_graph.run(leaf_values={}, specials={}, stack=None)) == "settings"
    with pytest.raises(TypeError, match="exit stack"):
        anyio.run(lambda: yielding_graph.run(leaf_values={}, specials={}, stack=None))
    assert started == [], "the generator started although nothing could tear it down"


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


def scope_holding_scenario(depends: Any, log: list[str]) -> Built:
    """Async generators that keep a cancel scope, and a task group, open across `yield`:
    a dependency that runs background work for the length of the request does this."""

    async def get_deadline() -> AsyncIterator[str]:
        with anyio.CancelScope():
            yield "deadline"
            log.append("deadline teardown")

    async def get_workers(deadline: Annotated[str, depends(get_deadline)]) -> AsyncIterator[str]:
        async with anyio.create_task_group() as workers:
            workers.start_soon(anyio.sleep, 0)
            yield f"workers under {deadline}"
        log.append("workers teardown")

    async def endpoint(workers: Annotated[str, depends(get_workers)]) -> str:
        return workers

    return Built(endpoint)


def test_a_dependency_may_hold_a_cancel_scope_across_its_yield(parity: Any) -> None:
    """A dependency may enter a cancel scope or a task group before its `yield` and leave it
    after. AnyIO requires scopes to be left in the reverse order they were entered, so the
    shield that protects teardowns must be entered *before* the first dependency starts
    (FastAPI opens one per request), not around each teardown: a shield entered at teardown
    time would be left after the dependency's own scope and fail with "Attempted to exit a
    cancel scope that isn't the current task's current cancel scope"."""
    outcome = parity(scope_holding_scenario)
    assert outcome["results"] == ["workers under deadline"]
    assert outcome["events"] == ["workers teardown", "deadline teardown"]


def swallowing_scenario(depends: Any, log: list[str]) -> Built:
    """The endpoint raises; `get_session` catches the error around its `yield` and does not
    raise it again (the bug); `get_db`, set up before it, logs what its teardown sees."""

    def get_db() -> Iterator[str]:
        log.append("db setup")
        try:
            yield "db"
        except Exception as exc:
            log.append(f"db saw {type(exc).__name__}")
            raise
        log.append("db closed normally")

    async def get_session(db: Annotated[str, depends(get_db)]) -> AsyncIterator[str]:
        try:
            yield db
        except ValueError:
            log.append("session swallowed ValueError")  # no `raise`: the exception is gone

    def endpoint(session: Annotated[str, depends(get_session)]) -> str:
        log.append("endpoint")
        raise ValueError("lost")

    return Built(endpoint)


def test_swallowed_exception_is_an_error_as_in_fastapi() -> None:
    """A `yield` dependency that catches the endpoint's exception and does not re-raise it
    leaves nothing to answer with. FastAPI raises `FastAPIError` ("Response not awaited...");
    minidi raises its own `SuppressedExceptionError` (a RuntimeError too). Both raise it after
    the remaining teardowns, which see a normal exit (the exception was suppressed): the
    event logs must be equal."""
    expected = outcome_fastapi(swallowing_scenario)
    got = outcome_minidi(swallowing_scenario)
    assert expected["results"][0].startswith("raised FastAPIError: Response not awaited"), expected
    assert got["results"][0].startswith("raised SuppressedExceptionError: "), (
        f"expected SuppressedExceptionError, got {got['results']}"
    )
    assert got["events"] == expected["events"] == [
        "db setup", "endpoint", "session swallowed ValueError", "db closed normally",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_suppressed_exception_error_says_who_and_what_to_do(kind: str) -> None:
    """`run` raises the endpoint's ValueError as usual; when the caller's stack closes,
    `get_db` swallows it, and the `async with` raises `SuppressedExceptionError` instead of
    exiting normally. Its message names the dependency (`get_db`), the exception
    (`ValueError('lost')`) and the fix ("re-raise"); `.dependency` is "get_db",
    `.exception` and `__cause__` are the swallowed exception."""
    seen: list[str] = []

    def sync_db() -> Iterator[None]:
        with suppress(ValueError):  # the bug: swallowed, not re-raised
            yield

    async def async_db() -> AsyncIterator[None]:
        with suppress(ValueError):  # the bug: swallowed, not re-raised
            yield

    get_db = sync_db if kind == "sync" else async_db
    get_db.__name__ = get_db.__qualname__ = "get_db"
    lost = ValueError("lost")

    def endpoint(db: Annotated[None, Depends(get_db)]) -> None:
        raise lost

    graph = minidi.Solver().solve(endpoint)

    async def go() -> None:
        async with AsyncExitStack() as stack:
            try:
                await graph.run(leaf_values={}, specials={}, stack=stack)
            except ValueError:
                seen.append("run raised ValueError")
                raise

    with pytest.raises(minidi.SuppressedExceptionError) as info:
        anyio.run(go)
    assert seen == ["run raised ValueError"]
    message = str(info.value)
    for part in ("get_db", "ValueError('lost')", "re-raise"):
        assert part in message, f"expected {part!r} in the message, got {message!r}"
    assert isinstance(info.value, RuntimeError)
    assert info.value.dependency == "get_db"
    assert info.value.exception is lost
    assert info.value.__cause__ is lost


def test_an_exception_the_caller_handles_is_not_suppression() -> None:
    """Only a dependency that swallows an exception is reported. A caller that catches
    `run`'s exception itself, inside its `async with` (to answer an error, say), closes the
    stack normally: the dependencies see no exception, and nothing else is raised."""
    log: list[str] = []

    def get_db() -> Iterator[None]:
        try:
            yield
        except ValueError:
            log.append("db swallowed ValueError")
        log.append("db closed")

    def endpoint(db: Annotated[None, Depends(get_db)]) -> None:
        raise ValueError("handled by the caller")

    graph = minidi.Solver().solve(endpoint)

    async def go() -> None:
        async with AsyncExitStack() as stack:
            try:
                await graph.run(leaf_values={}, specials={}, stack=stack)
            except ValueError:
                log.append("caller answered 500")

    anyio.run(go)
    assert log == ["caller answered 500", "db closed"]


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


# --- property: random graphs of `yield` dependencies, against FastAPI ---------------------

# Node i is a generator dependency (sync or async) that may depend on nodes j > i, each edge
# with its own use_cache flag. When an exception reaches its `yield`, a node re-raises it,
# swallows it, or raises a KeyError instead. The endpoint fails (ValueError) or returns.
YieldNode = tuple[list[tuple[int, bool]], bool, str]
YieldGraph = tuple[list[YieldNode], list[tuple[int, bool]], bool]


@st.composite
def yield_graphs(draw: st.DrawFn) -> YieldGraph:
    size = draw(st.integers(min_value=1, max_value=5))
    nodes: list[YieldNode] = []
    for i in range(size):
        edges = st.lists(st.tuples(st.integers(i + 1, size - 1), st.booleans()), max_size=2)
        children = draw(edges) if i < size - 1 else []
        nodes.append(
            (children, draw(st.booleans()), draw(st.sampled_from(["reraise", "swallow", "convert"])))
        )
    roots = draw(st.lists(st.tuples(st.integers(0, size - 1), st.booleans()), min_size=1, max_size=3))
    return nodes, roots, draw(st.booleans())


def yield_graph_scenario(nodes: list[YieldNode], roots: list[tuple[int, bool]], fails: bool) -> Any:
    """Build the generated graph out of real generator functions with real signatures."""

    def build(depends: Any, log: list[str]) -> Built:
        built: list[Any] = [None] * len(nodes)

        def on_error(index: str, behaviour: str, exc: Exception) -> None:
            log.append(f"{index} saw {type(exc).__name__}")
            if behaviour == "reraise":
                raise exc
            if behaviour == "convert":
                raise KeyError(index) from None

        def make(index: str, children: list[tuple[int, bool]], is_async: bool, behaviour: str) -> Any:
            async def async_node(**kwargs: Any) -> AsyncIterator[int]:
                log.append(f"{index} setup")
                try:
                    yield 1
                except Exception as exc:
                    on_error(index, behaviour, exc)
                    return
                log.append(f"{index} closed")

            def sync_node(**kwargs: Any) -> Iterator[int]:
                log.append(f"{index} setup")
                try:
                    yield 1
                except Exception as exc:
                    on_error(index, behaviour, exc)
                    return
                log.append(f"{index} closed")

            return signed(async_node if is_async else sync_node, f"node{index}", children)

        def signed(function: Any, name: str, children: list[tuple[int, bool]]) -> Any:
            annotations = {
                f"p{position}": Annotated[int, depends(built[child], use_cache=cached)]
                for position, (child, cached) in enumerate(children)
            }
            function.__name__ = name
            function.__annotations__ = annotations
            function.__signature__ = inspect.Signature(
                [
                    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)
                    for name, annotation in annotations.items()
                ]
            )
            return function

        for i in reversed(range(len(nodes))):
            built[i] = make(str(i), *nodes[i])

        def endpoint(**kwargs: Any) -> str:
            log.append("endpoint")
            if fails:
                raise ValueError("endpoint failed")
            return "ok"

        return Built(signed(endpoint, "endpoint", roots))

    return build


def verdict(result: Any) -> Any:
    """FastAPI's "Response not awaited" and minidi's SuppressedExceptionError are one verdict."""
    swallowed = ("raised FastAPIError: Response not awaited", "raised SuppressedExceptionError: ")
    return "a dependency swallowed the exception" if str(result).startswith(swallowed) else result


# node 0 (sync) swallows what node 1 (async, below it) turned into a KeyError.
SWALLOWED_CONVERSION: YieldGraph = (
    [([(1, True)], False, "swallow"), ([], True, "convert")],
    [(0, True)],
    True,
)


@given(yield_graphs())
@example(SWALLOWED_CONVERSION)
@example(([([], False, "reraise")], [(0, True), (0, False)], True))  # one generator, entered twice
def test_random_yield_graphs_tear_down_like_fastapi(graph: YieldGraph) -> None:
    """Any graph of `yield` dependencies, any mix of re-raising, swallowing and converting
    teardowns, with or without a failing endpoint: the same setups and teardowns in the same
    order as FastAPI, each seeing the same exception, and the same outcome (a swallowed
    exception is FastAPI's FastAPIError and minidi's SuppressedExceptionError)."""
    build = yield_graph_scenario(*graph)
    expected, got = outcome_fastapi(build), outcome_minidi(build)
    assert got["events"] == expected["events"], (
        f"events differ\nFastAPI: {expected['events']}\nminidi:  {got['events']}"
    )
    assert [verdict(r) for r in got["results"]] == [verdict(r) for r in expected["results"]]
