"""Milestone 6, the lesson's example: one SQLite session per request, always closed.

examples/app.py is a miniasgi app (p02) whose endpoints run through minidi: `get_db` (a
`yield` dependency around a real sqlite3 connection) feeds `get_current_user`, and
`GET /profile` returns the user's name. `/sessions` says how many sessions were opened and
how many are still open.
"""

import sys
import time
from typing import Any

import anyio
import httpx
import pytest
from coursekit import running_server

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
