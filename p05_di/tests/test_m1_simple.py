"""Milestone 1: simple dependencies.

A parameter declared with `Depends(f)` receives the result of calling `f`, whether `f` is a
function, an async function, a class or a callable instance, and whether `Depends` sits in
`Annotated[...]` or is the parameter's default value.
"""

import threading
from typing import Annotated, Any

import minidi
from minidi import Depends, Kind

from .scenarios import Built, run_minidi


def test_annotated_depends_passes_the_function_result() -> None:
    """`x: Annotated[int, Depends(f)]` gets `f()`. If not: look at how you read `Annotated`
    metadata (typing.get_type_hints(..., include_extras=True))."""

    def forty_two() -> int:
        return 42

    def endpoint(x: Annotated[int, Depends(forty_two)]) -> int:
        return x

    assert run_minidi(endpoint) == 42


def test_default_value_depends_passes_the_function_result() -> None:
    """`x = Depends(f)` (the older style) works the same as the Annotated style."""

    def forty_two() -> int:
        return 42

    def endpoint(x: int = Depends(forty_two)) -> int:
        return x

    assert run_minidi(endpoint) == 42


def test_async_dependency_is_awaited() -> None:
    """An `async def` dependency is awaited: the endpoint gets its value, not a coroutine."""

    async def token() -> str:
        return "secret"

    async def endpoint(t: Annotated[str, Depends(token)]) -> str:
        return t

    assert run_minidi(endpoint) == "secret"


def test_class_dependency_is_instantiated() -> None:
    """A class is a callable: `Depends(Pagination)` gives a `Pagination(...)` instance."""

    class Pagination:
        def __init__(self) -> None:
            self.limit = 10

    def endpoint(page: Annotated[Pagination, Depends(Pagination)]) -> int:
        return page.limit

    assert run_minidi(endpoint) == 10


def test_empty_depends_calls_the_annotation() -> None:
    """`Depends()` with no argument uses the parameter's annotation as the callable."""

    class Settings:
        name = "minidi"

    def endpoint(settings: Annotated[Settings, Depends()]) -> str:
        return settings.name

    assert run_minidi(endpoint) == "minidi"


def test_callable_instance_dependency_is_called() -> None:
    """An object with `__call__` is called; its `__call__` parameters are its dependencies."""

    class Multiplier:
        def __init__(self, factor: int) -> None:
            self.factor = factor

        def __call__(self) -> int:
            return 7 * self.factor

    def endpoint(x: Annotated[int, Depends(Multiplier(6))]) -> int:
        return x

    assert run_minidi(endpoint) == 42


def test_async_callable_instance_is_awaited() -> None:
    """A callable instance with `async def __call__` is awaited, like an async function."""

    class Token:
        async def __call__(self) -> str:
            return "t"

    def endpoint(x: Annotated[str, Depends(Token())]) -> str:
        return x

    assert run_minidi(endpoint) == "t"


def test_sync_dependency_runs_in_a_worker_thread_and_async_on_the_loop() -> None:
    """Sync callables must not block the event loop: they run in a thread pool, while async
    ones run on the loop's own thread. If not: call sync code via anyio.to_thread.run_sync."""
    seen: dict[str, int] = {}

    def sync_dep() -> None:
        seen["sync"] = threading.get_ident()

    async def async_dep() -> None:
        seen["async"] = threading.get_ident()

    async def endpoint(a: Annotated[None, Depends(sync_dep)], b: Annotated[None, Depends(async_dep)]) -> int:
        return threading.get_ident()

    loop_thread = run_minidi(endpoint)
    assert seen["async"] == loop_thread, "async dependencies should run on the event loop thread"
    assert seen["sync"] != loop_thread, "sync dependencies should run in a worker thread"


def test_solving_classifies_how_each_callable_is_called() -> None:
    """The solver decides once how to call each callable (its `Kind`), so running the graph
    never has to inspect anything again."""

    def plain() -> None: ...
    async def coroutine() -> None: ...
    def generator() -> Any:
        yield

    async def async_generator() -> Any:
        yield

    def endpoint(
        a: Annotated[None, Depends(plain)],
        b: Annotated[None, Depends(coroutine)],
        c: Annotated[None, Depends(generator)],
        d: Annotated[None, Depends(async_generator)],
    ) -> None: ...

    graph = minidi.Solver().solve(endpoint)
    kinds = [node.kind for node in graph.root.dependencies]
    assert kinds == [Kind.SYNC, Kind.ASYNC, Kind.GENERATOR, Kind.ASYNC_GENERATOR]
    assert [node.name for node in graph.root.dependencies] == ["a", "b", "c", "d"]


def simple_scenario(depends: Any, log: list[str]) -> Built:
    """Every kind of plain callable, in both declaration styles."""

    def get_name() -> str:
        log.append("get_name")
        return "ada"

    async def get_age() -> int:
        log.append("get_age")
        return 36

    class Greeting:
        def __init__(self) -> None:
            log.append("Greeting")
            self.text = "hello"

    class Counter:
        def __call__(self) -> int:
            log.append("Counter()")
            return 3

    def endpoint(
        name: Annotated[str, depends(get_name)],
        greeting: Annotated[Greeting, depends()],
        count: int = depends(Counter()),
        age: int = depends(get_age),
    ) -> dict[str, Any]:
        log.append("endpoint")
        return {"name": name, "age": age, "greeting": greeting.text, "count": count}

    return Built(endpoint)


def test_simple_dependencies_match_fastapi(parity: Any) -> None:
    """Same values and the same call order as FastAPI: dependencies run in declaration order,
    then the endpoint."""
    outcome = parity(simple_scenario)
    assert outcome["events"] == ["get_name", "Greeting", "Counter()", "get_age", "endpoint"]


def test_partial_and_varargs_dependencies() -> None:
    """`functools.partial` objects are callables too, and `*args`/`**kwargs` parameters are
    left empty rather than treated as something to supply."""
    import functools

    def scaled(value: int, factor: int, *args: Any, **kwargs: Any) -> int:
        return value * factor

    def endpoint(x: Annotated[int, Depends(functools.partial(scaled, 6, 7))]) -> int:
        return x

    assert run_minidi(endpoint) == 42
