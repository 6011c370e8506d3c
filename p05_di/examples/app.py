"""A database session per request: minidi inside a miniasgi app (p02).

    nox -s serve -- p05           (or: uvicorn --app-dir p05_di/examples app:app)
    curl 'localhost:8000/profile?token=ada-token'           ->  {"name":"Ada"}
    curl -X POST 'localhost:8000/profile?token=ada-token'   ->  405, and no session is opened
    curl 'localhost:8000/sessions'                          ->  {"opened":1,"open":0}

`get_db` opens a real SQLite connection and closes it after the request, even when a
dependency or the endpoint fails. miniasgi does the HTTP (routing, methods, responses,
errors); the glue below adds minidi: `inject` solves an endpoint once and runs its graph per
request, and `ExitStackMiddleware` gives each request the exit stack its `yield`
dependencies are torn down by, closed after the response and its background tasks have
gone out, which is FastAPI's order. p07 grows this glue into a framework.
"""

import os
import sqlite3
import tempfile
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Annotated, Any

from miniasgi import (
    ASGIApp,
    BackgroundTasks,
    HTTPException,
    JSONResponse,
    MiniASGI,
    Receive,
    Request,
    Response,
    Scope,
    Send,
)
from minidi import Depends, Param, Solver

# --- the glue: minidi inside miniasgi ----------------------------------------------------


@dataclass(frozen=True)
class Query:
    """Leaf description: a required query parameter converted with `type`."""

    name: str
    type: type


def classify(param: Param) -> Query | None:
    """Claim str/int parameters as query parameters; anything else is a definition error."""
    return Query(param.name, param.annotation) if param.annotation in (str, int) else None


solver = Solver(classify=classify, special_types=[Request, BackgroundTasks])
EXIT_STACK = "minidi.exit_stack"  # where ExitStackMiddleware leaves the request's stack in the scope


class ExitStackMiddleware:
    """Owns the request's exit stack: opened before routing, closed once everything inside,
    the response and its background tasks included, has finished (or failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with AsyncExitStack() as stack:
            scope[EXIT_STACK] = stack
            await self.app(scope, receive, send)


def read_query(leaves: tuple[Any, ...], request: Request) -> dict[Any, Any]:
    """Validate every leaf up front, so a bad request runs no dependency at all."""
    values: dict[Any, Any] = {}
    for leaf in leaves:
        raw = request.query_params.get(leaf.name)
        if raw is None:
            raise HTTPException(422, f"missing query parameter {leaf.name!r}")
        try:
            values[leaf] = leaf.type(raw)
        except ValueError:
            raise HTTPException(422, f"query parameter {leaf.name!r} must be {leaf.type.__name__}") from None
    return values


def inject(endpoint: Callable[..., Any]) -> Callable[[Request], Awaitable[Response]]:
    """A miniasgi handler that runs `endpoint` through minidi. The graph is solved here,
    once, when the route is defined (so is whether it needs an exit stack); the handler only
    validates, runs and answers."""
    graph = solver.solve(endpoint)

    async def handler(request: Request) -> Response:
        values = read_query(graph.leaves, request)
        tasks = BackgroundTasks()
        specials = {Request: request, BackgroundTasks: tasks}
        if not graph.tears_down:  # no `yield` dependency: nothing to tear down, no stack
            result = await graph.run(leaf_values=values, specials=specials, stack=None)
            return JSONResponse(result, background=tasks)
        async with AsyncExitStack() as stack:
            result = await graph.run(leaf_values=values, specials=specials, stack=stack)
            # It worked: hand the teardowns to the request's stack, to run after the response.
            # Had `run` raised, leaving this block would tear down now, and every `yield`
            # dependency would see the exception (a 401 included) at its `yield`; one that
            # swallowed it would make the block raise minidi's SuppressedExceptionError (a 500).
            await request.scope[EXIT_STACK].enter_async_context(stack.pop_all())
        return JSONResponse(result, background=tasks)

    return handler


async def json_error(request: Request, exc: HTTPException) -> Response:
    """Errors as FastAPI writes them: {"detail": ...}."""
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def create_app() -> MiniASGI:
    """A miniasgi app ready for `inject`ed handlers."""
    app = MiniASGI()
    app.add_middleware(ExitStackMiddleware)
    app.exception_handler(HTTPException)(json_error)
    return app


# --- the application: a SQLite session per request ----------------------------------------

DATABASE = os.environ.get("MINIDI_EXAMPLE_DB") or os.path.join(tempfile.mkdtemp(), "example.db")


def create_database() -> None:
    with sqlite3.connect(DATABASE) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS users (token TEXT PRIMARY KEY, name TEXT)")
        connection.execute("INSERT OR IGNORE INTO users VALUES ('ada-token', 'Ada')")


class SessionCounter:
    """How many sessions were opened, and how many are open now: two numbers, so /sessions
    can show that every one was closed without keeping every session a long-running server
    ever opened. Sessions open and close in worker threads, hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.opened = 0
        self.open = 0

    def changed(self, opened: int, open_now: int) -> None:
        with self._lock:
            self.opened += opened
            self.open += open_now


SESSIONS = SessionCounter()


class Session:
    """A connection that counts itself."""

    def __init__(self) -> None:
        # Sync dependencies run in worker threads, so the connection crosses threads; one
        # request uses it sequentially, which is what sqlite3 needs to be safe.
        self.connection = sqlite3.connect(DATABASE, check_same_thread=False)
        SESSIONS.changed(opened=1, open_now=1)

    def close(self) -> None:
        self.connection.close()
        SESSIONS.changed(opened=0, open_now=-1)


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
        raise HTTPException(401, "unknown token")
    return User(name=row[0])


def profile(user: Annotated[User, Depends(get_current_user)]) -> dict[str, str]:
    return {"name": user.name}


def sessions() -> dict[str, int]:
    return {"opened": SESSIONS.opened, "open": SESSIONS.open}


create_database()
app = create_app()
app.route("/profile")(inject(profile))  # GET (and HEAD) only: a POST is a 405
app.route("/sessions")(inject(sessions))
