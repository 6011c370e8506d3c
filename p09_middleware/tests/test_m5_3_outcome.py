"""Milestone 5, last: the seed's outcome, served for real.

`examples/app.py` puts TimingMiddleware, RateLimitMiddleware(requests_per_minute=100) and
CORSMiddleware(allow_origins=["*"]) around the capstone's MiniAPI; `examples/asgi_app.py`
puts the same three around p02's MiniASGI. Both run under a real uvicorn here and answer as
the seed shows: `X-Response-Time: 0.023s`, `X-RateLimit-Remaining: 99`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx
import pytest
from coursekit.servers import running_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
UVICORN = [
    sys.executable,
    "-m",
    "uvicorn",
    "--app-dir",
    str(EXAMPLES),
    "--host",
    "{host}",
    "--port",
    "{port}",
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("module", ["app", "asgi_app"])
def test_the_seeds_three_middleware_answer_under_uvicorn(module: str) -> None:
    """A GET carries the timing and the rate-limit headers, counting down from 99; a request
    from another origin gets CORS's answer. If a header is missing, check that the middleware
    adds it on `http.response.start`; if Remaining does not count down, check the limiter."""
    with running_server([*UVICORN, f"{module}:app"], ready_path="/items/0") as url:
        # The readiness probe spent one request of the client's budget.
        first = httpx.get(f"{url}/items/1", headers={"origin": "https://page.example"}, timeout=10)
        second = httpx.get(f"{url}/items/2", timeout=10)
    assert first.status_code == 200, f"expected 200, got {first.status_code}: {first.text}"
    assert first.json() == {"item_id": 1}
    assert re.fullmatch(r"\d+\.\d{3}s", first.headers.get("x-response-time", "")), (
        f"expected X-Response-Time like 0.023s, got {first.headers.get('x-response-time')!r}"
    )
    assert first.headers.get("x-ratelimit-limit") == "100"
    assert (first.headers.get("x-ratelimit-remaining"), second.headers.get("x-ratelimit-remaining")) == (
        "98",
        "97",
    ), "expected the remaining budget to count down by one per request (the probe spent the 100th)"
    assert first.headers.get("access-control-allow-origin") == "*", (
        f"expected CORS to allow any origin, got {first.headers.get('access-control-allow-origin')!r}"
    )


@pytest.mark.timeout(60)
def test_a_preflight_is_answered_before_the_rate_limit() -> None:
    """CORS was added last, so it runs first: a browser's preflight is answered by it and
    never reaches the limiter (no X-RateLimit headers, no budget spent)."""
    with running_server([*UVICORN, "app:app"], ready_path="/items/0") as url:
        preflight = httpx.options(
            f"{url}/items/1",
            headers={"origin": "https://page.example", "access-control-request-method": "GET"},
            timeout=10,
        )
        after = httpx.get(f"{url}/items/1", timeout=10)
    assert preflight.status_code == 200, f"expected the preflight's 200, got {preflight.status_code}"
    assert "x-ratelimit-remaining" not in preflight.headers, "the preflight must not reach the limiter"
    left = after.headers.get("x-ratelimit-remaining")
    assert left == "98", f"expected 98 left (the probe spent one, the preflight none), got {left!r}"
