"""Milestone 6: when teardown runs.

A `yield` dependency is torn down when the stack it was entered on closes. Request-scoped
ones (the default) go on the caller's stack, which the framework closes after sending the
response and running the background tasks; `Depends(f, scope="function")` ones go on a
stack `run` owns, closed as soon as the endpoint returns. Each order is checked against
FastAPI's, and the lesson's example app shows the framework's side.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import anyio
import fastapi
import httpx
import miniasgi
import minidi
import pytest
from minidi import Depends

from .scenarios import Built, outcome_fastapi, outcome_minidi


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


def swallowing_function_scope(depends: Any, log: list[str]) -> Built:
    """A function-scoped generator swallows the endpoint's exception; a request-scoped one
    logs whether its teardown sees an error."""

    def per_request() -> Iterator[None]:
        try:
            yield
        except Exception:
            log.append("request teardown saw an error")
            raise
        log.append("request teardown saw none")

    def per_function() -> Iterator[None]:
        try:
            yield
        except ValueError:
            log.append("function swallowed ValueError")

    def endpoint(
        r: Annotated[None, depends(per_request)], f: Annotated[None, depends(per_function, scope="function")]
    ) -> None:
        raise ValueError("lost")

    return Built(endpoint)


def test_function_scoped_swallowing_makes_run_raise() -> None:
    """A function-scoped dependency that swallows the endpoint's exception leaves `run`
    with nothing to return: `run` raises `SuppressedExceptionError` (naming `per_function`)
    once its function-scoped teardowns are done, and request-scoped teardowns see that
    error. FastAPI 0.165 fails here too, less clearly (an UnboundLocalError: its handler has
    no response to send), and its request-scoped teardown sees that error: same events."""
    expected = outcome_fastapi(swallowing_function_scope)
    got = outcome_minidi(swallowing_function_scope)
    assert expected["results"][0].startswith("raised "), expected  # the oracle fails too
    assert got["results"][0].startswith("raised SuppressedExceptionError: "), (
        f"expected SuppressedExceptionError, got {got['results']}"
    )
    assert "per_function" in got["results"][0], got["results"]
    assert got["events"] == expected["events"] == [
        "function swallowed ValueError", "request teardown saw an error",
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
    then background tasks run, then request-scoped teardown. The example's glue (and p07)
    closes the request's exit stack after sending and after the background tasks; minidi's
    part is to run function-scoped teardowns inside `run` and leave the others on `stack`."""
    fastapi_log: list[str] = []
    real = fastapi.FastAPI()
    real.add_api_route("/", timing_scenario(fastapi.Depends, fastapi.BackgroundTasks, fastapi_log))
    events_of(recording_sends(real, fastapi_log))

    minidi_log: list[str] = []
    mini = example.create_app()
    mini.route("/")(example.inject(timing_scenario(Depends, miniasgi.BackgroundTasks, minidi_log)))
    events_of(recording_sends(mini, minidi_log))

    assert fastapi_log == [
        "request setup", "function setup", "endpoint", "function teardown",
        "response sent", "background task", "request teardown",
    ]  # fmt: skip
    assert minidi_log == fastapi_log


def test_request_scoped_generator_cannot_depend_on_function_scoped_one() -> None:
    """A request-scoped teardown would outlive a function-scoped value it holds; FastAPI
    rejects this when the route is defined, and so does `solve`: a `DependencyScopeError`
    whose message names the request-scoped dependency (here `per_request`)."""

    def per_function() -> Iterator[str]:
        yield "f"

    def per_request(f: Annotated[str, Depends(per_function, scope="function")]) -> Iterator[str]:
        yield f

    def endpoint(r: Annotated[str, Depends(per_request)]) -> str:
        return r

    with pytest.raises(minidi.DependencyScopeError, match="per_request"):
        minidi.Solver().solve(endpoint)
