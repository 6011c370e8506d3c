"""miniasgi: a small ASGI framework, built to show how Starlette works from the inside.

The public API, by layer: the protocol (`types`), the request side (`Request`, `Headers`,
`QueryParams`, ...), the response side (`Response` and friends, background tasks),
WebSockets, the error and middleware stack, and the application that ties them together.
`TestClient` lives in `miniasgi.testclient` (it needs httpx).
"""

from miniasgi.applications import MiniASGI
from miniasgi.background import BackgroundTask, BackgroundTasks
from miniasgi.concurrency import iterate_in_threadpool, run_in_threadpool
from miniasgi.datastructures import (
    URL,
    Address,
    FormData,
    Headers,
    ImmutableMultiDict,
    MutableHeaders,
    QueryParams,
    State,
)
from miniasgi.exceptions import ClientDisconnect, HTTPException, WebSocketDisconnect, WebSocketException
from miniasgi.middleware import ExceptionMiddleware, Middleware, ServerErrorMiddleware
from miniasgi.requests import HTTPConnection, Request
from miniasgi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from miniasgi.routing import Route, Router, WebSocketRoute
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send
from miniasgi.websockets import WebSocket, WebSocketState

__all__ = [
    "URL",
    "ASGIApp",
    "Address",
    "BackgroundTask",
    "BackgroundTasks",
    "ClientDisconnect",
    "ExceptionMiddleware",
    "FileResponse",
    "FormData",
    "HTMLResponse",
    "HTTPConnection",
    "HTTPException",
    "Headers",
    "ImmutableMultiDict",
    "JSONResponse",
    "Message",
    "Middleware",
    "MiniASGI",
    "MutableHeaders",
    "PlainTextResponse",
    "QueryParams",
    "Receive",
    "RedirectResponse",
    "Request",
    "Response",
    "Route",
    "Router",
    "Scope",
    "Send",
    "ServerErrorMiddleware",
    "State",
    "StreamingResponse",
    "WebSocket",
    "WebSocketDisconnect",
    "WebSocketException",
    "WebSocketRoute",
    "WebSocketState",
    "iterate_in_threadpool",
    "run_in_threadpool",
]
