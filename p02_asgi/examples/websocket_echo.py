"""The lesson's app plus a WebSocket echo (milestone 8).

Run it with `uvicorn --app-dir p02_asgi/examples websocket_echo:app`, then talk to it:

    python -m websockets ws://localhost:8000/ws/echo      # type a line, get "echo: <line>" back

It lives apart from app.py because registering a WebSocket route needs milestone 8's code, and
app.py must already run under uvicorn at milestone 2.
"""

from app import app
from miniasgi import WebSocket


@app.websocket("/ws/echo")
async def websocket_echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"echo: {text}")


__all__ = ["app"]
