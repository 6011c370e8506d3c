"""Two tiny apps, ASGI and WSGI, with no framework: what the server and load tests serve.

Servers import this module by its name (`sample_apps:asgi`), with this folder on their
PYTHONPATH (see the `sample_apps` fixture in conftest.py). Each app counts the requests it
received per path, and tells them at /hits, so a test can compare what the server saw
with what locust reported.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from minibench.spec import Scenario, cpu_work

hits: Counter[str] = Counter()

# What the load tests ask these apps.
PLAINTEXT = Scenario("plaintext", "GET", "/plaintext", "Hello, World!", media_type="text/plain")
CPU = Scenario("cpu", "GET", "/cpu", {"result": cpu_work()}, bound="cpu")
WRONG_STATUS = Scenario("missing", "GET", "/missing", None, status=200)  # the apps answer 404
SLOW = Scenario("slow", "GET", "/slow", "slow", media_type="text/plain")
SLOW_SECONDS = 2.0  # how long /slow waits: longer than locust takes to notice a schedule ended


def answer(path: str) -> tuple[int, str, bytes]:
    """Status, content type and body for `path`, the same in both apps."""
    hits[path] += 1
    if path == "/plaintext":
        return 200, "text/plain", b"Hello, World!"
    if path == "/cpu":  # a few milliseconds of pure Python, as the cpu_bound scenario
        return 200, "application/json", json.dumps({"result": cpu_work()}).encode()
    if path == "/slow":  # the waiting itself is done by each app, the way its interface waits
        return 200, "text/plain", b"slow"
    if path == "/hits":
        return 200, "application/json", json.dumps(hits).encode()
    return 404, "application/json", b'{"detail": "Not Found"}'


async def asgi(
    scope: dict[str, Any], receive: Callable[[], Any], send: Callable[[dict[str, Any]], Any]
) -> None:
    if scope["type"] != "http":  # lifespan: nothing to set up
        return
    status, media_type, body = answer(scope["path"])
    if scope["path"] == "/slow":
        await asyncio.sleep(SLOW_SECONDS)
    headers = [(b"content-type", media_type.encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    status, media_type, body = answer(environ["PATH_INFO"])
    if environ["PATH_INFO"] == "/slow":
        time.sleep(SLOW_SECONDS)
    reason = "OK" if status == 200 else "Not Found"
    start_response(f"{status} {reason}", [("Content-Type", media_type), ("Content-Length", str(len(body)))])
    return [body]
