"""A chat room served by a real uvicorn in test_m7_websocket_routes.py: minifast's websocket
route with a path parameter, a query parameter read by a dependency, and a WebSocketException."""

from typing import Annotated

from minifast import Depends, FastAPI, Query, WebSocket, WebSocketException

app = FastAPI()


async def nickname(nick: Annotated[str, Query(min_length=1)]) -> str:
    return nick


@app.websocket("/rooms/{room}/ws")
async def chat(websocket: WebSocket, room: int, nick: Annotated[str, Depends(nickname)]) -> None:
    await websocket.accept()
    await websocket.send_text(f"{nick} joined room {room}")
    async for text in websocket.iter_text():
        if text == "bye":
            raise WebSocketException(code=4000, reason="goodbye")
        await websocket.send_text(f"{nick}: {text}")
