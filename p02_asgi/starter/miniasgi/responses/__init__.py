"""Responses: objects that know how to send themselves.

A response is an ASGI app: `await response(scope, receive, send)` sends `http.response.start`
and then the body, in one message (`base`: `Response`, `PlainTextResponse`, `HTMLResponse`,
`JSONResponse`, `RedirectResponse`) or in many (`streaming`: `StreamingResponse`; `files`:
`FileResponse`, with HTTP range requests from `ranges`). Import them from here.
"""

from miniasgi.responses.base import (
    Background,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from miniasgi.responses.files import FileResponse
from miniasgi.responses.streaming import Content, ContentStream, StreamingResponse

__all__ = [
    "Background",
    "Content",
    "ContentStream",
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "PlainTextResponse",
    "RedirectResponse",
    "Response",
    "StreamingResponse",
]
