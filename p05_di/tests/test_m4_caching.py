"""Milestone 4: the per-request cache.

Within one request, a dependency used in several places runs once and every user gets the
same value, unless a use site says `use_cache=False`. The cache belongs to one request:
nothing is ever shared between requests.
"""

import inspect
from collections import Counter
from typing import Annotated, Any

from hypothesis import example, given
from hypothesis import strategies as st

from .scenarios import Built, outcome_fastapi, outcome_minidi


def shared_scenario(depends: Any, log: list[str]) -> Built:
    """`get_db` is used by the endpoint, by `get_user` and by `get_items`."""

    def get_db() -> int:
        log.append("get_db")
        return len(log)

    def get_user(db: Annotated[int, depends(get_db)]) -> int:
        log.append("get_user")
        return db

    async def get_items(db: Annotated[int, depends(get_db)]) -> int:
        log.append("get_items")
        return db

    def endpoint(
        user: Annotated[int, depends(get_user)],
        items: Annotated[int, depends(get_items)],
        db: Annotated[int, depends(get_db)],
    ) -> list[int]:
        return [user, items, db]

    return Built(endpoint)


def test_shared_dependency_runs_once_per_request(parity: Any) -> None:
    """Three users of `get_db`, one call, one value. If it runs three times: keep a dict of
    results for this request, keyed by the callable."""
    outcome = parity(shared_scenario)
    assert outcome["events"].count("get_db") == 1
    assert outcome["results"] == [[1, 1, 1]]


def test_cache_is_never_shared_between_requests(parity: Any) -> None:
    """Two requests, two calls: a cached value lives only as long as its request."""
    outcome = parity(shared_scenario, requests=2)
    assert outcome["events"].count("get_db") == 2


def uncached_scenario(depends: Any, log: list[str]) -> Built:
    """`use_cache=False` on one use site gives that site its own fresh call."""

    def counter() -> int:
        log.append("counter")
        return log.count("counter")

    def endpoint(
        a: Annotated[int, depends(counter)],
        b: Annotated[int, depends(counter, use_cache=False)],
        c: Annotated[int, depends(counter)],
    ) -> list[int]:
        return [a, b, c]

    return Built(endpoint)


def test_use_cache_false_calls_again(parity: Any) -> None:
    """`a` calls, `b` (use_cache=False) calls again, `c` reuses the first cached value."""
    outcome = parity(uncached_scenario)
    assert outcome["results"] == [[1, 2, 1]]


def uncached_below_cached_scenario(depends: Any, log: list[str]) -> Built:
    """A cached `get_user` reached twice, with an uncached `get_token` below it."""

    def get_token() -> str:
        log.append("get_token")
        return "t"

    def get_user(token: Annotated[str, depends(get_token, use_cache=False)]) -> str:
        log.append("get_user")
        return token

    def endpoint(a: Annotated[str, depends(get_user)], b: Annotated[str, depends(get_user)]) -> str:
        return a + b

    return Built(endpoint)


def test_uncached_dependency_below_a_cached_one_runs_each_time_it_is_reached(parity: Any) -> None:
    """FastAPI resolves a dependency's own dependencies before it looks in the cache, so
    `get_token` (use_cache=False) runs twice even though `get_user` runs once. Resolve the
    children first, then check the cache."""
    outcome = parity(uncached_below_cached_scenario)
    assert outcome["events"] == ["get_token", "get_user", "get_token"]


# --- property: random acyclic graphs ---------------------------------------------------

# A graph: node i may depend on any node j > i; the endpoint depends on some nodes. Each
# edge carries its own use_cache flag. Acyclic by construction.
Edges = list[list[tuple[int, bool]]]


@st.composite
def dags(draw: st.DrawFn) -> tuple[Edges, list[tuple[int, bool]]]:
    size = draw(st.integers(min_value=1, max_value=7))
    edges = [
        draw(st.lists(st.tuples(st.integers(i + 1, size - 1), st.booleans()), max_size=3))
        if i < size - 1
        else []
        for i in range(size)
    ]
    roots = draw(st.lists(st.tuples(st.integers(0, size - 1), st.booleans()), min_size=1, max_size=4))
    return edges, roots


def dag_scenario(edges: Edges, roots: list[tuple[int, bool]]) -> Any:
    """Build the generated graph out of real async functions with real signatures."""

    def build(depends: Any, log: list[str]) -> Built:
        nodes: list[Any] = [None] * len(edges)

        def make(index: str, children: list[tuple[int, bool]]) -> Any:
            async def node(**kwargs: Any) -> int:
                log.append(index)
                return 1 + sum(kwargs.values())

            annotations = {
                f"p{position}": Annotated[int, depends(nodes[child], use_cache=cached)]
                for position, (child, cached) in enumerate(children)
            }
            node.__name__ = f"node{index}"
            node.__annotations__ = {**annotations, "return": int}
            node.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
                [
                    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)
                    for name, annotation in annotations.items()
                ]
            )
            return node

        for i in reversed(range(len(edges))):
            nodes[i] = make(str(i), edges[i])
        return Built(make("endpoint", roots))

    return build


def expected_counts(edges: Edges, roots: list[tuple[int, bool]]) -> Counter[str]:
    """The cache rule, stated independently: walk children first; a node reached through a
    cached edge runs only if nothing has computed it yet in this request."""
    counts: Counter[str] = Counter()
    computed: set[int] = set()

    def reach(node: int, cached: bool) -> None:
        for child, child_cached in edges[node]:
            reach(child, child_cached)
        if not (cached and node in computed):
            counts[str(node)] += 1
            computed.add(node)

    for node, cached in roots:
        reach(node, cached)
    counts["endpoint"] = 1
    return counts


# The endpoint needs node 0 twice (cached), node 0 needs node 1 (uncached): 0 runs once, and 1
# twice, because node 0's own dependencies are resolved before its cache entry is checked.
TWICE: tuple[Edges, list[tuple[int, bool]]] = ([[(1, False)], []], [(0, True), (0, True)])


@given(dags())
@example(TWICE)
def test_random_graphs_call_each_dependency_the_expected_number_of_times(
    graph: tuple[Edges, list[tuple[int, bool]]],
) -> None:
    """For any acyclic graph with any use_cache flags, call counts follow the cache rule, and
    when every edge is cached each reachable dependency runs exactly once."""
    edges, roots = graph
    events = outcome_minidi(dag_scenario(edges, roots))["events"]
    assert Counter(events) == expected_counts(edges, roots)
    if all(cached for _, cached in roots) and all(cached for row in edges for _, cached in row):
        assert max(Counter(events).values()) == 1


@given(dags())
@example(TWICE)
def test_random_graphs_run_exactly_like_fastapi(graph: tuple[Edges, list[tuple[int, bool]]]) -> None:
    """The same generated graph under FastAPI and minidi: same result, same calls, same order."""
    build = dag_scenario(*graph)
    assert outcome_minidi(build) == outcome_fastapi(build)
