"""miniasgi: a small ASGI framework, built to show how Starlette works from the inside.

The public API, by layer: the protocol (`types`), the request side (`Request`, `Headers`,
`QueryParams`, ...), the response side (`Response` and friends, background tasks),
WebSockets, the error and middleware stack, and the application that ties them together.
`TestClient` lives in `miniasgi.testclient` (it needs httpx).
"""

from miniasgi import status
from miniasgi.applications import MiniASGI
from miniasgi.background import BackgroundTask, BackgroundTasks
from miniasgi.concurrency import is_async_callable, iterate_in_threadpool, run_in_threadpool
from miniasgi.datastructures import (
    URL,
    Address,
    CommaSeparatedStrings,
    FormData,
    Headers,
    ImmutableMultiDict,
    MultiDict,
    MutableHeaders,
    QueryParams,
    Secret,
    State,
)
from miniasgi.exceptions import (
    ClientDisconnect,
    HTTPException,
    MiniASGIDeprecationWarning,
    WebSocketDisconnect,
    WebSocketException,
)
from miniasgi.middleware import ExceptionMiddleware, Middleware, ServerErrorMiddleware, apply_middleware
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
from miniasgi.routing import (
    BaseRoute,
    Match,
    NoMatchFound,
    Route,
    Router,
    URLPath,
    WebSocketRoute,
    get_route_path,
)
from miniasgi.types import ASGIApp, Message, Receive, Scope, Send
from miniasgi.websockets import WebSocket, WebSocketState

__all__ = [
    "URL",
    "ASGIApp",
    "Address",
    "BackgroundTask",
    "BackgroundTasks",
    "BaseRoute",
    "ClientDisconnect",
    "CommaSeparatedStrings",
    "ExceptionMiddleware",
    "FileResponse",
    "FormData",
    "HTMLResponse",
    "HTTPConnection",
    "HTTPException",
    "Headers",
    "ImmutableMultiDict",
    "JSONResponse",
    "Match",
    "Message",
    "Middleware",
    "MiniASGI",
    "MiniASGIDeprecationWarning",
    "MultiDict",
    "MutableHeaders",
    "NoMatchFound",
    "PlainTextResponse",
    "QueryParams",
    "Receive",
    "RedirectResponse",
    "Request",
    "Response",
    "Route",
    "Router",
    "Scope",
    "Secret",
    "Send",
    "ServerErrorMiddleware",
    "State",
    "StreamingResponse",
    "URLPath",
    "WebSocket",
    "WebSocketDisconnect",
    "WebSocketException",
    "WebSocketRoute",
    "WebSocketState",
    "apply_middleware",
    "get_route_path",
    "is_async_callable",
    "iterate_in_threadpool",
    "run_in_threadpool",
    "status",
]
