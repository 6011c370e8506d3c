"""`WebSocket` and its disconnect: miniasgi's, as FastAPI's are Starlette's."""

from miniasgi.exceptions import WebSocketDisconnect
from miniasgi.websockets import WebSocket, WebSocketState

__all__ = ["WebSocket", "WebSocketDisconnect", "WebSocketState"]
