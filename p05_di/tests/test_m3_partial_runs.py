"""Milestone 3: when some inputs are invalid, run what can still run.

A framework validates the leaves before it runs the graph. When some fail, the endpoint
cannot be called, but FastAPI still calls every dependency whose own leaves, and those of
everything below it, are valid, in the usual order: their side effects happen, and an error
one of them raises (an authentication check's 401) wins over the validation error.
`graph.run_available(...)` is that run: the failed leaves are simply left out of
`leaf_values`. FastAPI is the oracle: the same graph gets the same query strings there.
"""

import itertools
from contextlib import AsyncExitStack
from typing import Annotated, Any

import anyio
import minidi

from .scenarios import Built, classify_query, outcome_fastapi

NAMES = ("a", "b", "c", "d", "e")


def layered_scenario(depends: Any, log: list[str]) -> Built:
    """`get_ab` needs `get_a`, `get_b` and its own `c`; the endpoint needs `get_ab`,
    `get_d` and its own `e`. Each of a..e is an int query parameter."""

    def get_a(a: int) -> int:
        log.append("get_a")
        return a

    def get_b(b: int) -> int:
        log.append("get_b")
        return b

    def get_ab(x: Annotated[int, depends(get_a)], y: Annotated[int, depends(get_b)], c: int) -> int:
        log.append("get_ab")
        return x + y + c

    def get_d(d: int) -> int:
        log.append("get_d")
        return d

    def endpoint(ab: Annotated[int, depends(get_ab)], d: Annotated[int, depends(get_d)], e: int) -> int:
        log.append("endpoint")
        return ab + d + e

    return Built(endpoint)


def guarded_scenario(depends: Any, log: list[str]) -> Built:
    """A check that refuses a bad token comes first; the endpoint's own `e` comes last."""

    def check(token: str) -> None:
        log.append("check")
        if token != "ok":
            raise PermissionError("bad token")

    def endpoint(checked: Annotated[None, depends(check)], e: int) -> int:
        log.append("endpoint")
        return e

    return Built(endpoint)


def outcome_available(build: Any, query: dict[str, str]) -> dict[str, Any]:
    """The scenario under minidi, as a framework runs it: each leaf whose query value
    converts gets a value; if one is missing, `run_available` instead of `run`."""
    log: list[str] = []
    built = build(minidi.Depends, log)
    graph = minidi.Solver(classify=classify_query).solve(built.endpoint)
    values = {}
    for leaf in graph.leaves:
        try:
            values[leaf] = leaf.type(query[leaf.name])
        except (KeyError, ValueError):
            continue

    async def go() -> Any:
        async with AsyncExitStack() as stack:
            if len(values) < len(graph.leaves):
                await graph.run_available(leaf_values=values, specials={}, stack=stack)
                return "invalid"
            return await graph.run(leaf_values=values, specials={}, stack=stack)

    try:
        result = anyio.run(go)
    except Exception as exc:
        result = f"raised {type(exc).__name__}: {exc}"
    return {"result": result, "events": log}


def fastapi_answer(build: Any, query: dict[str, str]) -> dict[str, Any]:
    """FastAPI's events for the same query, and its result ("invalid" for a 422)."""
    outcome = outcome_fastapi(build, query=query)
    (result,) = outcome["results"]
    if isinstance(result, dict) and "detail" in result:
        result = "invalid"
    return {"result": result, "events": outcome["events"]}


def test_a_dependency_with_an_invalid_leaf_is_skipped_and_the_others_run() -> None:
    """`a=x`: get_a cannot run, nor get_ab above it, nor the endpoint; get_b and get_d
    still run, in their usual order. If get_b is missing, you stopped at the first failure;
    if get_ab ran, check the whole subtree below a dependency, not just its own leaves."""
    query = {"a": "x", "b": "2", "c": "3", "d": "4", "e": "5"}
    got = outcome_available(layered_scenario, query)
    assert got == {"result": "invalid", "events": ["get_b", "get_d"]}, got


def test_a_dependency_whose_own_leaf_fails_still_lets_its_dependencies_run() -> None:
    """`c=x` is get_ab's own leaf: get_a and get_b (below it) still run, get_ab does not."""
    query = {"a": "1", "b": "2", "c": "x", "d": "4", "e": "5"}
    got = outcome_available(layered_scenario, query)
    assert got == {"result": "invalid", "events": ["get_a", "get_b", "get_d"]}, got


def test_which_dependencies_run_matches_fastapi_for_every_failure() -> None:
    """Every combination of invalid leaves, sent to FastAPI and run here: the same calls in
    the same order, and never the endpoint unless every leaf is valid."""
    for count in range(len(NAMES) + 1):
        for invalid in itertools.combinations(NAMES, count):
            query = {name: "x" if name in invalid else str(index) for index, name in enumerate(NAMES)}
            expected = fastapi_answer(layered_scenario, query)
            got = outcome_available(layered_scenario, query)
            assert got == expected, f"invalid {invalid}: expected {expected}, got {got}"


def test_an_error_raised_by_a_dependency_that_runs_wins() -> None:
    """The endpoint's `e` is invalid, but `check` runs first and raises: its error comes
    out, as FastAPI answers a failed authentication (401) before the 422."""
    query = {"token": "bad", "e": "x"}
    expected = fastapi_answer(guarded_scenario, query)
    got = outcome_available(guarded_scenario, query)
    assert got == expected == {"result": "raised PermissionError: bad token", "events": ["check"]}, got
