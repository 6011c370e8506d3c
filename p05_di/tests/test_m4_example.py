"""Milestone 4, the lesson's example: one SQLite session per request, always closed.

examples/app.py injects `get_db` (a `yield` dependency around a real sqlite3 connection)
into `get_current_user`, and `/profile` returns the user's name. `/sessions` lists every
session opened so far and whether it is closed.
"""

import sys
import time
from typing import Any

import anyio
import httpx
import pytest
from coursekit import running_server

from .scenarios import EXAMPLES


def call(app: Any, *paths: str) -> list[httpx.Response]:
    async def go() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            return [await client.get(path) for path in paths]

    return anyio.run(go)


def test_profile_returns_the_current_user_and_closes_the_session(example: Any) -> None:
    """Each /profile request opens one session and closes it once the request is over."""
    before = len(example.SESSIONS)
    responses = call(example.app, "/profile?token=ada-token", "/profile?token=ada-token")
    assert [r.json() for r in responses] == [{"name": "Ada"}, {"name": "Ada"}]
    opened = example.SESSIONS[before:]
    assert len(opened) == 2, "expected one session per request"
    assert all(session.closed for session in opened), "a session was left open after its request"


def test_failing_dependency_still_closes_the_session(example: Any) -> None:
    """An unknown token makes `get_current_user` raise 401; the session it used is closed."""
    before = len(example.SESSIONS)
    (response,) = call(example.app, "/profile?token=nope")
    assert (response.status_code, response.json()) == (401, {"detail": "unknown token"})
    assert [session.closed for session in example.SESSIONS[before:]] == [True]


def test_invalid_input_is_a_422_and_opens_no_session(example: Any) -> None:
    """Leaves are validated before anything runs: a missing token answers 422 and no session
    is opened at all; an unknown path is a 404."""
    before = len(example.SESSIONS)
    missing, unknown = call(example.app, "/profile", "/nowhere")
    assert missing.status_code == 422
    assert unknown.status_code == 404
    assert len(example.SESSIONS) == before


@pytest.mark.timeout(30)
def test_example_under_uvicorn_closes_every_session() -> None:
    """Under a real uvicorn: three /profile requests, then /sessions shows three sessions,
    all closed (teardown runs just after each response, so we allow it a moment)."""
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), "app:app"]
    with running_server([*command, "--host", "{host}", "--port", "{port}"], ready_path="/sessions") as url:
        for _ in range(3):
            response = httpx.get(f"{url}/profile", params={"token": "ada-token"}, timeout=5)
            assert response.json() == {"name": "Ada"}
        deadline = time.monotonic() + 5
        while True:
            sessions = httpx.get(f"{url}/sessions", timeout=5).json()
            if all(s["closed"] for s in sessions) or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert len(sessions) == 3
        assert all(s["closed"] for s in sessions), f"sessions left open: {sessions}"
