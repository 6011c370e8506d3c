"""Scenarios for `nox -s compare -- p05`: the same dependency graphs under minidi and FastAPI.

Each scenario is written once, as a function of the `Depends` to use and an event log. The
observation is what the endpoint returned (or raised) and the log: which dependencies ran,
in which order, and when their teardowns ran.
"""

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from typing import Annotated, Any

import anyio

Build = Callable[[Any, list[str]], tuple[Callable[..., Any], dict[Any, Any]]]


def nested_and_cached(depends: Any, log: list[str]) -> tuple[Callable[..., Any], dict[Any, Any]]:
    def get_settings() -> str:
        log.append("get_settings")
        return "prod"

    async def get_db(settings: Annotated[str, depends(get_settings)]) -> str:
        log.append("get_db")
        return f"db:{settings}"

    class UserRepo:
        def __init__(self, db: str = depends(get_db)) -> None:
            log.append("UserRepo")
            self.db = db

    def endpoint(
        repo: Annotated[UserRepo, depends()],
        settings: Annotated[str, depends(get_settings)],
        fresh: Annotated[str, depends(get_settings, use_cache=False)],
    ) -> list[str]:
        log.append("endpoint")
        return [repo.db, settings, fresh]

    return endpoint, {}


def _generators(depends: Any, log: list[str], fail: bool) -> Callable[..., Any]:
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
        yield f"user@{db}"
        log.append("user teardown")

    def endpoint(user: Annotated[str, depends(get_user)]) -> str:
        log.append("endpoint")
        if fail:
            raise KeyError("boom")
        return user

    return endpoint


def yield_teardown(depends: Any, log: list[str]) -> tuple[Callable[..., Any], dict[Any, Any]]:
    return _generators(depends, log, fail=False), {}


def yield_with_failing_endpoint(depends: Any, log: list[str]) -> tuple[Callable[..., Any], dict[Any, Any]]:
    return _generators(depends, log, fail=True), {}


def overrides(depends: Any, log: list[str]) -> tuple[Callable[..., Any], dict[Any, Any]]:
    def get_db() -> str:
        log.append("get_db")
        return "real"

    def fake_db() -> Iterator[str]:
        log.append("fake setup")
        yield "fake"
        log.append("fake teardown")

    def get_user(db: Annotated[str, depends(get_db)]) -> str:
        return f"user@{db}"

    def endpoint(user: Annotated[str, depends(get_user)]) -> str:
        return user

    return endpoint, {get_db: fake_db}


SCENARIOS: dict[str, Build] = {
    "nested_and_cached": nested_and_cached,
    "yield_teardown": yield_teardown,
    "yield_with_failing_endpoint": yield_with_failing_endpoint,
    "overrides": overrides,
}


def _run_real(build: Build) -> dict[str, Any]:
    import fastapi
    import httpx

    log: list[str] = []
    endpoint, replacements = build(fastapi.Depends, log)
    app = fastapi.FastAPI()
    app.add_api_route("/", endpoint)
    app.dependency_overrides.update(replacements)

    async def go() -> Any:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            return (await client.get("/")).json()

    return _observe(go, log)


def _run_mini(build: Build) -> dict[str, Any]:
    import minidi

    log: list[str] = []
    endpoint, replacements = build(minidi.Depends, log)

    async def go() -> Any:
        # Solved inside the scenario, so that a step not written yet shows in that scenario
        # alone; overrides (the last milestone) only where a scenario has some.
        graph = minidi.Solver().solve(endpoint)
        if replacements:
            graph = graph.with_overrides(replacements)
        async with AsyncExitStack() as stack:
            return await graph.run(leaf_values={}, specials={}, stack=stack)

    return _observe(go, log)


def _observe(go: Callable[[], Any], log: list[str]) -> dict[str, Any]:
    try:
        result: Any = anyio.run(go)
    except Exception as exc:
        result = f"raised {type(exc).__name__}: {exc}"
    return {"result": result, "events": log}


def observe(impl: str) -> dict[str, object]:
    """Run every scenario under minidi (impl == "mini") or FastAPI (impl == "real")."""
    run = _run_mini if impl == "mini" else _run_real
    return {name: run(build) for name, build in SCENARIOS.items()}


if __name__ == "__main__":
    import json

    mini, real = observe("mini"), observe("real")
    print(json.dumps({"mini": mini, "real": real}, indent=2))
    print("identical" if mini == real else "DIFFERENT")
