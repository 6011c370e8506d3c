"""The app test_m5_2_errors.py serves with a real uvicorn (`errors_app:app`, this folder on
PYTHONPATH): MiniASGI with RequestIdMiddleware outside ErrorMiddleware, three routes.

- `/ok`: a plain answer (also the readiness probe);
- `/crash`: raises before any response: ErrorMiddleware answers a 500 JSON;
- `/crash-mid-stream`: streams one chunk, then raises: too late for a 500, the connection
  must be closed instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from miniasgi import MiniASGI, PlainTextResponse, StreamingResponse
from minimiddleware import ErrorMiddleware, RequestIdMiddleware

app = MiniASGI()
app.add_middleware(ErrorMiddleware)
app.add_middleware(RequestIdMiddleware)


@app.route("/ok")
async def ok(request: Any) -> Any:
    return PlainTextResponse("ok")


@app.route("/crash")
async def crash(request: Any) -> Any:
    raise RuntimeError("the database is on fire")


async def half_a_stream() -> AsyncIterator[bytes]:
    yield b"first chunk\n"
    raise RuntimeError("the stream broke half-way")


@app.route("/crash-mid-stream")
async def crash_mid_stream(request: Any) -> Any:
    return StreamingResponse(half_a_stream(), media_type="text/plain")
