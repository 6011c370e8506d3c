"""The default answers: FastAPI's JSON shapes for HTTP errors and invalid requests.

They are public because FastAPI's users call them from their own handlers ("log it, then
answer as FastAPI would").
"""

from __future__ import annotations

import json
from typing import Any

from miniasgi import WebSocket, status
from miniopenapi import http_exception_handler, request_validation_error_handler
from miniopenapi.errors import jsonable

request_validation_exception_handler = request_validation_error_handler


MAX_CLOSE_REASON = 123  # bytes: a close frame's payload is at most 125, two of them the code


async def websocket_request_validation_exception_handler(websocket: WebSocket, exc: Exception) -> None:
    """Close the socket with 1008 (policy violation), the errors in the reason as JSON text."""
    raise NotImplementedError(
        "Milestone 7: close the socket with 1008 (policy violation), the error list as JSON "
        "text in the close reason (close_reason)"
    )


def close_reason(errors: list[dict[str, Any]]) -> str:
    """The error list as JSON that fits a close frame (RFC 6455: 123 bytes of UTF-8; a longer
    reason makes a real server fail the connection, 1006, instead of closing it). The whole
    list if it fits; else each error's `loc` and `type` only; else as many of those, first
    ones first, as fit. It stays valid JSON a client can read."""
    raise NotImplementedError(
        "Milestone 7: return the errors as compact JSON of at most MAX_CLOSE_REASON bytes: the "
        "whole list if it fits, else each error's type and loc only, else as many of those "
        'as fit, first ones first ("[]" if none does)'
    )


__all__ = [
    "http_exception_handler",
    "request_validation_exception_handler",
    "websocket_request_validation_exception_handler",
]
