"""Milestone 4: a chat room only ticket holders may enter, authenticated before accepting.

    uvicorn --app-dir examples private_chat:app
    python -m websockets ws://127.0.0.1:8000/private/a      # refused: HTTP 403

A client sends its token as `Authorization: Bearer <token>`, or, from a browser, as a second
offered subprotocol: `new WebSocket(url, ["chat", "bearer." + token])`. The server accepts
with "chat" (a browser fails a connection whose server picks none of the offered protocols).
The tokens below are a demo; a real `verify` checks a JWT's signature or asks a database.
"""

from __future__ import annotations

from minifast import MiniAPI, WebSocket, WebSocketDisconnect
from miniws.auth import authenticate
from miniws.manager import ConnectionManager

TOKENS = {"alice-token": "alice", "bob-token": "bob"}

app = MiniAPI(title="miniws private chat")
manager = ConnectionManager()


async def verify(token: str) -> str | None:
    return TOKENS.get(token)


@app.websocket("/private/{room}")
async def private_chat(websocket: WebSocket, room: str) -> None:
    user = await authenticate(websocket, verify)
    if user is None:
        return  # closed with 1008 before accepting: the client got a 403
    await websocket.accept(subprotocol="chat" if "chat" in websocket.scope["subprotocols"] else None)
    await manager.connect(room, websocket, accept=False)
    try:
        while True:
            text = await websocket.receive_text()
            await manager.broadcast(room, {"from": user, "text": text})
    except WebSocketDisconnect:
        pass  # the client left: end quietly (uncaught, the server would log a traceback)
    finally:
        await manager.disconnect(websocket)
