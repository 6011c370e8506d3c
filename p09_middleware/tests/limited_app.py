"""The app test_m3_3_workers.py serves with `gunicorn -w 4 -k uvicorn_worker.UvicornWorker`.

10 requests per minute per client and path, in Redis when REDIS_URL is set (one budget for
all workers), in each worker's memory otherwise (one budget per worker). Every response,
429s included, names the worker that answered in `X-Worker-Pid`: gunicorn imports this
module in each worker after forking, so `os.getpid()` here is that worker's pid.

- `/whoami` is exempt (its key is None): the test probes it to see the workers come up
  without spending any budget.
- `/burst/<name>`: each name is a budget of its own, so a test can start a fresh burst
  without waiting a minute for the last one to refill.
"""

from __future__ import annotations

import os
from typing import Any

from miniasgi import MiniASGI, Request
from minimiddleware import (
    Backend,
    MemoryBackend,
    RateLimitMiddleware,
    RedisBackend,
    ResponseHeadersMiddleware,
    client_ip,
)

PID = os.getpid()

endpoints = MiniASGI()


@endpoints.route("/whoami")
async def whoami(request: Request) -> dict[str, Any]:
    return {"pid": PID}


@endpoints.route("/burst/{name}")
async def burst(request: Request, name: str) -> dict[str, Any]:
    return {"pid": PID, "burst": name}


def client_and_path(scope: dict[str, Any]) -> str | None:
    if not scope["path"].startswith("/burst/"):
        return None
    return f"{client_ip(scope)}:{scope['path']}"


redis_url = os.environ.get("REDIS_URL", "")
# A patient timeout: the test counts decisions, and a loaded machine must not turn a slow
# answer into a request let through unlimited (the default policy, "open").
backend: Backend = RedisBackend(redis_url, timeout=5.0) if redis_url else MemoryBackend()

# The onion, built by hand: the pid header is outermost, so it lands on the 429s too.
app = ResponseHeadersMiddleware(
    RateLimitMiddleware(endpoints, requests_per_minute=10, key=client_and_path, backend=backend),
    {"X-Worker-Pid": str(PID)},
)
