"""Milestone 6, the lesson's example: one SQLite session per request, always closed.

examples/app.py is a miniasgi app (p02) whose endpoints run through minidi: `get_db` (a
`yield` dependency around a real sqlite3 connection) feeds `get_current_user`, and
`GET /profile` returns the user's name. `/sessions` says how many sessions were opened and
how many are still open.
"""

import gc
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import suppress
from typing import Annotated, Any

import anyio
import fastapi
import httpx
import pytest
from coursekit import running_server
from minidi import Depends

from .scenarios import EXAMPLES


def call(app: Any, *requests: str) -> list[httpx.Response]:
    """Send each request ("GET /path?query", "POST /path" ...) to the app, in order."""

    async def go() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            responses = []
            for request in requests:
                method, url = request.split(" ", 1)
                responses.append(await client.request(method, url))
            return responses

    return anyio.run(go)


def counts(example: Any) -> tuple[int, int]:
    """(sessions opened so far, sessions open now)."""
    return example.SESSIONS.opened, example.SESSIONS.open


def test_profile_returns_the_current_user_and_closes_the_session(example: Any) -> None:
    """Each GET /profile opens one session and closes it once the request is over."""
    opened, _ = counts(example)
    responses = call(example.app, "GET /profile?token=ada-token", "GET /profile?token=ada-token")
    assert [(r.status_code, r.json()) for r in responses] == [(200, {"name": "Ada"})] * 2
    assert counts(example) == (opened + 2, 0), "expected one session per request, none left open"


def test_failing_dependency_still_closes_the_session(example: Any) -> None:
    """An unknown token makes `get_current_user` raise a 401; the session it used is closed."""
    opened, _ = counts(example)
    (response,) = call(example.app, "GET /profile?token=nope")
    assert (response.status_code, response.json()) == (401, {"detail": "unknown token"})
    assert counts(example) == (opened + 1, 0)


def test_invalid_input_and_unknown_routes_open_no_session(example: Any) -> None:
    """Leaves are validated before anything runs: a missing token is a 422 and opens no
    session. An unknown path is a 404, and a POST to the GET-only /profile a 405 (miniasgi's
    router honours the method), neither of which runs a dependency."""
    before = counts(example)
    missing, unknown, post = call(
        example.app, "GET /profile", "GET /nowhere", "POST /profile?token=ada-token"
    )
    assert missing.status_code == 422, missing.text
    assert unknown.status_code == 404, unknown.text
    assert (post.status_code, post.headers.get("allow")) == (405, "GET, HEAD"), post.text
    assert counts(example) == before


def test_serving_keeps_nothing_per_request(example: Any) -> None:
    """A long-running server must not grow with its traffic: after 600 warm-up requests of
    every kind (200, 401, 422, 404, 405, /sessions), 600 more leave the Python heap less than
    20 bytes per request larger (tracemalloc, one event loop so the thread pool stays the
    same). Keeping a record of each request (a session, a log entry) costs far more. Two
    such windows are measured and the smaller growth counts: a leak grows in both, while a
    one-off resize of an interpreter table (which depends on what ran before) shows in one.
    If this fails: what does the example (or your minidi) store for every request?"""
    kinds = ["GET /profile?token=ada-token", "GET /profile?token=nope", "GET /profile"]
    kinds += ["POST /profile?token=ada-token", "GET /nowhere", "GET /sessions"]
    rounds = 100

    async def send_all(client: httpx.AsyncClient, times: int) -> None:
        for request in kinds * times:
            method, url = request.split(" ", 1)
            await client.request(method, url)

    async def go() -> int:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=example.app), base_url="http://t"
        ) as client:
            await send_all(client, rounds)  # warm-up, traced: caches fill, lazy stacks get built
            growth = []
            for _ in range(2):
                gc.collect()
                before = tracemalloc.get_traced_memory()[0]
                await send_all(client, rounds)
                gc.collect()
                growth.append(tracemalloc.get_traced_memory()[0] - before)
            return min(growth)

    tracemalloc.start()
    try:
        grown = anyio.run(go)
    finally:
        tracemalloc.stop()
    requests = len(kinds) * rounds
    assert grown < 20 * requests, f"the heap grew by {grown} bytes over {requests} requests"


def test_a_swallowing_dependency_answers_500_as_in_fastapi(example: Any) -> None:
    """A `yield` dependency that swallows the endpoint's exception leaves no result to
    send: the example's glue gets minidi's SuppressedExceptionError when its exit stack
    closes, and miniasgi's ServerErrorMiddleware answers 500, as FastAPI does with its own
    error ("Response not awaited")."""

    def build(depends: Any) -> Any:
        def get_db() -> Iterator[None]:
            with suppress(ValueError):  # the bug: swallowed, not re-raised
                yield

        def endpoint(db: Annotated[None, depends(get_db)]) -> None:
            raise ValueError("lost")

        return endpoint

    real = fastapi.FastAPI()
    real.add_api_route("/", build(fastapi.Depends))
    mini = example.create_app()
    mini.route("/")(example.inject(build(Depends)))
    answers = []
    for app in (real, mini):

        async def go(app: Any = app) -> httpx.Response:
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                return await client.get("/")

        response = anyio.run(go)
        answers.append((response.status_code, response.text))
    assert answers[1] == answers[0] == (500, "Internal Server Error"), answers


@pytest.mark.timeout(30)
def test_example_under_uvicorn_closes_every_session() -> None:
    """Under a real uvicorn: three /profile requests, then /sessions shows three sessions
    opened and none open. Teardown runs just after each response is sent, so the last one
    may still be closing when /sessions is asked: we ask again for up to 5 seconds."""
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), "app:app"]
    with running_server([*command, "--host", "{host}", "--port", "{port}"], ready_path="/sessions") as url:
        for _ in range(3):
            response = httpx.get(f"{url}/profile", params={"token": "ada-token"}, timeout=5)
            assert response.status_code == 200, (
                f"GET /profile answered {response.status_code}: {response.text}"
            )
            assert response.json() == {"name": "Ada"}
        assert httpx.post(f"{url}/profile", params={"token": "ada-token"}, timeout=5).status_code == 405
        deadline = time.monotonic() + 5
        while True:
            sessions = httpx.get(f"{url}/sessions", timeout=5).json()
            if sessions["open"] == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert sessions == {"opened": 3, "open": 0}, f"sessions left open: {sessions}"
