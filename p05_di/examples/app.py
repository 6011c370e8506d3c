"""A database session per request, with minidi and a hand-written ASGI adapter.

    uvicorn --app-dir p05_di/examples app:app
    curl 'localhost:8000/profile?token=ada-token'   ->  {"name": "Ada"}
    curl 'localhost:8000/sessions'                  ->  every session so far, all closed

`get_db` opens a real SQLite connection and closes it after the request, even when the
endpoint fails. The adapter below is the part p07 grows into a framework: it solves each
endpoint once, validates the graph's leaves (query parameters), runs the graph, sends the
response, runs background tasks, and only then closes the exit stack, which is FastAPI's
order.
"""

import json
import os
import sqlite3
import tempfile
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs

from minidi import Depends, Param, Solver

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# --- the framework part: leaves, special types, errors ----------------------------------


@dataclass(frozen=True)
class Query:
    """Leaf description: a required query parameter converted with `type`."""

    name: str
    type: type


def classify(param: Param) -> Query | None:
    """Claim str/int parameters as query parameters; anything else is a definition error."""
    return Query(param.name, param.annotation) if param.annotation in (str, int) else None


class BackgroundTasks:
    """Special type: functions to run after the response has been sent."""

    def __init__(self) -> None:
        self.tasks: list[Callable[[], Any]] = []

    def add_task(self, task: Callable[[], Any]) -> None:
        self.tasks.append(task)


class HTTPError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


solver = Solver(classify=classify, special_types=[BackgroundTasks])
dependency_overrides: dict[Callable[..., Any], Callable[..., Any]] = {}


def parse_query(leaves: tuple[Any, ...], query_string: bytes) -> dict[Any, Any]:
    """Validate every leaf up front, so a bad request runs no dependency at all."""
    raw = {key: values[-1] for key, values in parse_qs(query_string.decode("latin-1")).items()}
    values: dict[Any, Any] = {}
    for leaf in leaves:
        if leaf.name not in raw:
            raise HTTPError(422, f"missing query parameter {leaf.name!r}")
        try:
            values[leaf] = leaf.type(raw[leaf.name])
        except ValueError:
            raise HTTPError(422, f"query parameter {leaf.name!r} must be {leaf.type.__name__}") from None
    return values


async def send_json(send: Send, status: int, body: Any) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def route(endpoint: Callable[..., Any]) -> ASGIApp:
    """An ASGI app for one endpoint. The graph is solved here, once, not per request."""
    graph = solver.solve(endpoint)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        effective = graph.with_overrides(dependency_overrides)
        sent = False
        try:
            values = parse_query(effective.leaves, scope.get("query_string", b""))
            background = BackgroundTasks()
            async with AsyncExitStack() as stack:
                result = await effective.run(
                    leaf_values=values, specials={BackgroundTasks: background}, stack=stack
                )
                await send_json(send, 200, result)
                sent = True
                for task in background.tasks:
                    task()
            # Leaving the `async with` ran every `yield` teardown, after the response.
        except HTTPError as exc:  # raised in a dependency: its teardowns have already run
            await send_json(send, exc.status, {"detail": exc.detail})
            return
        if not sent:  # a dependency swallowed the endpoint's exception in its teardown
            await send_json(send, 500, {"detail": "Internal Server Error"})

    return app


def router(routes: dict[str, ASGIApp]) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # nothing to start: just acknowledge
            await receive()
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        handler = routes.get(scope["path"])
        if handler is None:
            await send_json(send, 404, {"detail": "Not Found"})
            return
        await handler(scope, receive, send)

    return app


# --- the application: a SQLite session per request ---------------------------------------

DATABASE = os.environ.get("MINIDI_EXAMPLE_DB") or os.path.join(tempfile.mkdtemp(), "example.db")
SESSIONS: list["Session"] = []  # every session opened, so /sessions can show they closed


def create_database() -> None:
    with sqlite3.connect(DATABASE) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS users (token TEXT PRIMARY KEY, name TEXT)")
        connection.execute("INSERT OR IGNORE INTO users VALUES ('ada-token', 'Ada')")


class Session:
    """A connection plus a closed flag we can report."""

    def __init__(self) -> None:
        # Sync dependencies run in worker threads, so the connection crosses threads; one
        # request uses it sequentially, which is what sqlite3 needs to be safe.
        self.connection = sqlite3.connect(DATABASE, check_same_thread=False)
        self.closed = False
        SESSIONS.append(self)

    def close(self) -> None:
        self.connection.close()
        self.closed = True


@dataclass
class User:
    name: str


def get_db() -> Iterator[Session]:
    session = Session()
    try:
        yield session
    finally:
        session.close()


def get_current_user(token: str, db: Annotated[Session, Depends(get_db)]) -> User:
    row = db.connection.execute("SELECT name FROM users WHERE token = ?", (token,)).fetchone()
    if row is None:
        raise HTTPError(401, "unknown token")
    return User(name=row[0])


def profile(user: Annotated[User, Depends(get_current_user)]) -> dict[str, str]:
    return {"name": user.name}


def sessions() -> list[dict[str, Any]]:
    return [{"id": number, "closed": session.closed} for number, session in enumerate(SESSIONS)]


create_database()
app = router({"/profile": route(profile), "/sessions": route(sessions)})
