"""Milestones 3 and 4: a chat with rooms, on minifast, as the lesson's seed writes it.

    uvicorn --app-dir examples chat:app             # then open http://127.0.0.1:8000/
    REDIS_URL=redis://127.0.0.1:6379/0 gunicorn -w 2 -k uvicorn_worker.UvicornWorker \\
        --chdir examples chat:app                   # rooms shared by two workers

`GET /` serves the chat page (static/chat.html); `GET /stats` shows what this process holds
(members per room, and the manager's running tasks), so you can watch everything be released
when the clients leave. With `REDIS_URL` set, rooms span every process using that Redis.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from minifast import MiniAPI, WebSocket
from minifast.responses import FileResponse
from miniws.broadcast import Broadcast
from miniws.manager import ConnectionManager


def backend_from_env() -> Broadcast | None:
    """Redis when REDIS_URL says where it is; otherwise the rooms live in this process only."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    from miniws.redis_broadcast import RedisBroadcast

    return RedisBroadcast(url)


PAGE = Path(__file__).parent / "static" / "chat.html"

app = MiniAPI(title="miniws chat")
manager = ConnectionManager(backend=backend_from_env())


@app.get("/")
async def page() -> FileResponse:
    return FileResponse(PAGE, media_type="text/html")


@app.get("/stats")
async def stats() -> dict[str, object]:
    tasks = sorted(task.get_name() for task in asyncio.all_tasks() if task.get_name().startswith("miniws"))
    return {"rooms": {room: len(manager.members(room)) for room in manager.rooms()}, "tasks": tasks}


@app.websocket("/chat/{room}")
async def chat(websocket: WebSocket, room: str):
    await manager.connect(room, websocket)
    while True:
        message = await websocket.receive_text()
        await manager.broadcast(room, message)
