"""minifast: a mini FastAPI, assembled from the course's own packages.

    from minifast import MiniAPI, Depends
    from minipydantic import BaseModel

    app = MiniAPI(title="Mini-FastAPI Demo")

miniasgi gives the application, requests, responses, websockets and the test client;
minirouter the routing; minipydantic validation and schemas; minidi dependency injection;
miniopenapi the routes, the OpenAPI document and the docs pages. `FastAPI` is `MiniAPI`, so
a FastAPI program runs after swapping `fastapi` for `minifast` in its imports.
"""

from minifast import status
from minifast.applications import FastAPI, MiniAPI
from minifast.background import BackgroundTasks
from minifast.datastructures import UploadFile
from minifast.exceptions import HTTPException, WebSocketException
from minifast.params import Body, Cookie, Depends, File, Form, Header, Path, Query, Security
from minifast.requests import Request
from minifast.responses import Response
from minifast.routing import APIRouter
from minifast.websockets import WebSocket, WebSocketDisconnect

__all__ = [
    "APIRouter",
    "BackgroundTasks",
    "Body",
    "Cookie",
    "Depends",
    "FastAPI",
    "File",
    "Form",
    "HTTPException",
    "Header",
    "MiniAPI",
    "Path",
    "Query",
    "Request",
    "Response",
    "Security",
    "UploadFile",
    "WebSocket",
    "WebSocketDisconnect",
    "WebSocketException",
    "status",
]
