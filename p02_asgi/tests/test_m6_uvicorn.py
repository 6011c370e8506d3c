"""Milestone 6: the lesson's app reads bodies and streams over a real socket, under a real uvicorn."""

from __future__ import annotations

import httpx
import pytest
from coursekit import running_server

from .serving import uvicorn_command


@pytest.mark.timeout(45)
def test_example_app_under_uvicorn_streams_and_reads_bodies():
    """Under uvicorn, /echo reads a JSON body and /countdown streams its lines as they come: a
    response without Content-Length goes out with `Transfer-Encoding: chunked`."""
    with running_server(uvicorn_command(), ready_path="/hello/ready") as base_url:
        echo = httpx.post(f"{base_url}/echo", json={"x": 1}, timeout=10)
        assert echo.json() == {"received": {"x": 1}}, f"got {echo.status_code} {echo.text!r}"
        with httpx.stream("GET", f"{base_url}/countdown", timeout=10) as response:
            pieces = list(response.iter_text())
            encoding = response.headers.get("transfer-encoding")
    assert encoding == "chunked", f"expected Transfer-Encoding: chunked, got {encoding!r}"
    assert "".join(pieces) == "3...\n2...\n1...\nliftoff!\n", f"got {pieces!r}"
