"""The default answers: FastAPI's JSON shapes for HTTP errors and invalid requests.

They are public because FastAPI's users call them from their own handlers ("log it, then
answer as FastAPI would").
"""

from __future__ import annotations

import json

from miniasgi import WebSocket, status
from miniopenapi import http_exception_handler, request_validation_error_handler
from miniopenapi.errors import jsonable

request_validation_exception_handler = request_validation_error_handler


async def websocket_request_validation_exception_handler(websocket: WebSocket, exc: Exception) -> None:
    """Close the socket with 1008 (policy violation); the reason carries the error list."""
    errors = exc.errors() if hasattr(exc, "errors") else []
    await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason=json.dumps(jsonable(errors)))


__all__ = [
    "http_exception_handler",
    "request_validation_exception_handler",
    "websocket_request_validation_exception_handler",
]
