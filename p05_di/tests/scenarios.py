"""Run one dependency graph under FastAPI (the oracle) and under minidi, the same way.

A scenario is written ONCE as a function of the `Depends` to use and an event log:
`build(Depends, log) -> Built(endpoint, overrides)`. `outcome_fastapi` mounts the endpoint
on a FastAPI app and calls it through httpx; `outcome_minidi` solves it with minidi and runs
it with an AsyncExitStack, the way a framework would. Both return the same shape, so a
parity test is `assert outcome_minidi(build) == outcome_fastapi(build)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import fastapi
import httpx
import minidi


@dataclass
class Built:
    """What a scenario builds: the endpoint, and overrides to install (may be empty)."""

    endpoint: Callable[..., Any]
    overrides: dict[Callable[..., Any], Callable[..., Any]] = field(default_factory=dict)


Scenario = Callable[[Any, list[str]], Built]


@dataclass(frozen=True)
class QueryLeaf:
    """The tests' leaf description: "query parameter `name`, converted with `type`"."""

    name: str
    type: type


def classify_query(param: minidi.Param) -> QueryLeaf | None:
    """The tests' leaf classifier: int and str parameters are query parameters (as in FastAPI)."""
    if param.annotation in (int, str):
        return QueryLeaf(param.name, param.annotation)
    return None


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _failure(exc: BaseException) -> str:
    return f"raised {type(exc).__name__}: {exc}"


def outcome_fastapi(build: Scenario, *, requests: int = 1, query: Mapping[str, str] | None = None) -> Any:
    """Results and events of `requests` calls to the scenario's endpoint under FastAPI."""
    log: list[str] = []
    built = build(fastapi.Depends, log)
    app = fastapi.FastAPI()
    app.add_api_route("/", built.endpoint)
    app.dependency_overrides.update(built.overrides)

    async def go() -> list[Any]:
        results: list[Any] = []
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            for _ in range(requests):
                try:
                    response = await client.get("/", params=dict(query or {}))
                    results.append(response.json())
                except Exception as exc:
                    results.append(_failure(exc))
        return results

    return {"results": anyio.run(go), "events": log}


def outcome_minidi(build: Scenario, *, requests: int = 1, query: Mapping[str, str] | None = None) -> Any:
    """Results and events of `requests` runs of the scenario's graph under minidi."""
    log: list[str] = []
    built = build(minidi.Depends, log)
    graph = minidi.Solver(classify=classify_query).solve(built.endpoint)

    async def go() -> list[Any]:
        results: list[Any] = []
        for _ in range(requests):
            # Like a framework, but asking only for what the scenario uses, so that a milestone
            # needs no code of a later one (overrides are milestone 8, graph.leaves milestone 3).
            effective = graph.with_overrides(built.overrides) if built.overrides else graph
            values = {leaf: leaf.type(query[leaf.name]) for leaf in effective.leaves} if query else {}
            try:
                async with AsyncExitStack() as stack:
                    result = await effective.run(leaf_values=values, specials={}, stack=stack)
                results.append(_jsonable(result))
            except Exception as exc:
                results.append(_failure(exc))
        return results

    return {"results": anyio.run(go), "events": log}


def run_minidi(
    endpoint: Callable[..., Any],
    leaf_values: Mapping[Any, Any] | None = None,
    specials: Mapping[type, Any] | None = None,
) -> Any:
    """Solve `endpoint` (query leaves, special types = the keys of `specials`), run it once
    and return its result."""
    special_types = list(specials or {})
    graph = minidi.Solver(classify=classify_query, special_types=special_types).solve(endpoint)

    async def go() -> Any:
        async with AsyncExitStack() as stack:
            return await graph.run(leaf_values=leaf_values or {}, specials=specials or {}, stack=stack)

    return anyio.run(go)


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
