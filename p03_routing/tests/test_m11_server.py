"""Milestone 11: the lesson's example app answers its curl commands under a real uvicorn.

It needs every milestone so far: converters (7), a Mount (8), priority (10) and the
trailing-slash redirect (11). If this fails, run `nox -s serve -- p03` and try the URLs by hand.
"""

import sys
from pathlib import Path

import httpx
import pytest
from coursekit import running_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.timeout(60)
def test_example_app_under_uvicorn() -> None:
    """The lesson's URLs, `/items/featured` registered after `/items/{slug}`, a 404 and a redirect,
    over real HTTP."""
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), "app:app"]
    with running_server([*command, "--host", "{host}", "--port", "{port}"]) as base_url:
        expected = {
            "/users/42": (200, "User 42"),
            "/files/images/2024/photo.jpg": (200, "File: images/2024/photo.jpg"),
            "/api/v1/users": (200, "[v1 user list]"),
            "/items/hat": (200, "Item hat"),
            "/items/featured": (200, "Featured items"),
            "/users/abc": (404, "Not Found"),
        }
        for path, (status, text) in expected.items():
            response = httpx.get(base_url + path, timeout=5)
            assert (response.status_code, response.text) == (status, text), f"GET {path}"
        redirect = httpx.get(base_url + "/api/v1/users/", timeout=5)
        assert (redirect.status_code, redirect.headers["location"]) == (307, "/api/v1/users")
