"""Milestone 2: call the endpoint with its dependencies' values.

`await graph.run(...)` calls each dependency of the endpoint, in declaration order, then
calls the endpoint with the results and the leaf values, and returns what the endpoint
returned. A dependency may be a function, an async function, a class or a callable
instance; how to call each one (its `Kind`) was decided when solving.
"""

import functools
import threading
from typing import Annotated, Any

import minidi
from minidi import Depends, Kind

from .scenarios import Built, QueryLeaf, run_minidi


def test_the_endpoint_gets_the_result_of_its_dependency() -> None:
    """`x: Annotated[int, Depends(forty_two)]`: run calls `forty_two()`, then the endpoint
    with `x=42`, and returns the endpoint's result."""

    def forty_two() -> int:
        return 42

    def endpoint(x: Annotated[int, Depends(forty_two)]) -> int:
        return x

    assert run_minidi(endpoint) == 42


def test_default_value_style_gets_the_result_too() -> None:
    """`x: int = Depends(forty_two)` is called the same way."""

    def forty_two() -> int:
        return 42

    def endpoint(x: int = Depends(forty_two)) -> int:
        return x

    assert run_minidi(endpoint) == 42


def test_leaf_values_are_passed_by_parameter_name() -> None:
    """`run(leaf_values={leaf: value})` maps each leaf (the classifier's answer) to its value;
    the parameter that declared the leaf receives it."""

    def endpoint(q: str, limit: int) -> list[Any]:
        return [q, limit]

    values = {QueryLeaf("q", str): "ada", QueryLeaf("limit", int): 3}
    assert run_minidi(endpoint, values) == ["ada", 3]


def test_async_dependency_and_async_endpoint_are_awaited() -> None:
    """An `async def` dependency is awaited: the endpoint gets its value, not a coroutine.
    An async endpoint is awaited too."""

    async def token() -> str:
        return "secret"

    async def endpoint(t: Annotated[str, Depends(token)]) -> str:
        return t

    assert run_minidi(endpoint) == "secret"


def test_class_dependency_is_instantiated() -> None:
    """A class is a callable: `Depends(Pagination)` and `Annotated[Pagination, Depends()]`
    give a `Pagination()` instance."""

    class Pagination:
        def __init__(self) -> None:
            self.limit = 10

    def endpoint(
        page: Annotated[Pagination, Depends(Pagination)], again: Annotated[Pagination, Depends()]
    ) -> list[int]:
        return [page.limit, again.limit]

    assert run_minidi(endpoint) == [10, 10]


def test_callable_instance_dependency_is_called() -> None:
    """An object with `__call__` is called; its parameters are those of `__call__` (here
    none: `self` is already bound)."""

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


def test_solving_decides_how_each_callable_is_called() -> None:
    """Each node's `kind` says how to call it, decided once by the solver: `Kind.ASYNC` for
    coroutine functions and instances whose `__call__` is one, `Kind.SYNC` for the rest
    (functions, classes, other callable instances)."""

    def plain() -> None: ...
    async def coroutine() -> None: ...

    class Plain:
        def __call__(self) -> None: ...

    class Coroutine:
        async def __call__(self) -> None: ...

    async def endpoint(
        a: Annotated[None, Depends(plain)],
        b: Annotated[None, Depends(coroutine)],
        c: Annotated[Plain, Depends()],
        d: Annotated[None, Depends(Plain())],
        e: Annotated[None, Depends(Coroutine())],
    ) -> None: ...

    graph = minidi.Solver().solve(endpoint)
    kinds = {node.name: node.kind for node in graph.root.dependencies}
    expected = {"a": Kind.SYNC, "b": Kind.ASYNC, "c": Kind.SYNC, "d": Kind.SYNC, "e": Kind.ASYNC}
    assert kinds == expected, f"expected {expected}, got {kinds}"
    assert graph.root.kind is Kind.ASYNC


def test_sync_dependency_runs_in_a_worker_thread_and_async_on_the_loop() -> None:
    """Sync callables must not block the event loop: they run in a worker thread, while async
    ones run on the loop's own thread. If not: call sync code with anyio.to_thread.run_sync."""
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


def test_partial_objects_are_callables_too() -> None:
    """`functools.partial(scaled, 6, 7)` is called like a function; the parameters it already
    fills are not asked for, and `*args`/`**kwargs` stay empty."""

    def scaled(value: int, factor: int, *args: Any, **kwargs: Any) -> int:
        return value * factor

    def endpoint(x: Annotated[int, Depends(functools.partial(scaled, 6, 7))]) -> int:
        return x

    assert run_minidi(endpoint) == 42


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
    """Same values and the same call order as FastAPI: dependencies run one after the other,
    in declaration order, then the endpoint."""
    outcome = parity(simple_scenario)
    assert outcome["events"] == ["get_name", "Greeting", "Counter()", "get_age", "endpoint"]
