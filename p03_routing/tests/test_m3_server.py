"""Milestone 3: the lesson's example app answers the seed's curl commands under real uvicorn.

If this fails, run `uvicorn --app-dir p03_routing/examples app:app` and try the URLs by hand.
"""

import sys
from pathlib import Path

import httpx
import pytest
from coursekit import running_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.timeout(60)
def test_example_app_under_uvicorn() -> None:
    """The three seed URLs, the static-beats-param rule, a 404 and a redirect, over real HTTP."""
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), "app:app"]
    with running_server([*command, "--host", "{host}", "--port", "{port}"]) as base_url:
        expected = {
            "/users/42": (200, "User 42"),
            "/users/me": (200, "The current user"),
            "/files/images/2024/photo.jpg": (200, "File: images/2024/photo.jpg"),
            "/api/v1/users": (200, "[v1 user list]"),
            "/users/abc": (404, "Not Found"),
        }
        for path, (status, text) in expected.items():
            response = httpx.get(base_url + path, timeout=5)
            assert (response.status_code, response.text) == (status, text), f"GET {path}"
        redirect = httpx.get(base_url + "/api/v1/users/", timeout=5)
        assert (redirect.status_code, redirect.headers["location"]) == (307, "/api/v1/users")
