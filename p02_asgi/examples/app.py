"""The lesson's app: run it with `uvicorn --app-dir p02_asgi/examples app:app` (or `nox -s serve -- p02`).

curl localhost:8000/hello/Ada                                        # milestone 2
time (curl localhost:8000/slow & curl localhost:8000/slow & wait)   # ~1 s, not 2 (milestone 2)
curl -d '{"x": 1}' localhost:8000/echo                               # milestone 5
curl -N localhost:8000/countdown                                     # arrives line by line (milestone 6)

The WebSocket echo of milestone 8 is in websocket_echo.py, which adds it to this app.
"""

import asyncio
from collections.abc import AsyncIterator

from miniasgi import MiniASGI, Request, Response, StreamingResponse

app = MiniASGI()


@app.on_startup
async def announce() -> None:
    print("Application starting up!", flush=True)


@app.route("/hello/{name}")
async def hello(request: Request, name: str) -> Response:
    return Response(f"Hello, {name}!", media_type="text/plain")


@app.route("/slow")
async def slow(request: Request) -> str:
    await asyncio.sleep(1)  # awaits: the event loop serves other requests meanwhile
    return "Done after 1 second"


@app.route("/echo", methods=["POST"])
async def echo(request: Request) -> dict[str, object]:
    return {"received": await request.json()}


@app.route("/countdown")
async def countdown(request: Request) -> StreamingResponse:
    async def lines() -> AsyncIterator[str]:
        for n in range(3, 0, -1):
            yield f"{n}...\n"
            await asyncio.sleep(0.2)
        yield "liftoff!\n"

    return StreamingResponse(lines(), media_type="text/plain")
