"""The `dependencies` scenario's chain, for the apps that wire it by hand.

A session that must be closed (the one `yield`), a repository using it, a service using the
repository: the shape of a real request's dependencies. FastAPI and minifast declare the
same chain with `Depends` in their own modules; every other app enters `open_session` (or
`open_async_session`, for an async handler) around its handler's work and builds the rest by
calling `repository` and `service`, as their users would.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

Session = dict[str, bool]


@contextmanager
def open_session() -> Iterator[Session]:
    session = {"open": True}
    try:
        yield session
    finally:
        session["open"] = False


@asynccontextmanager
async def open_async_session() -> AsyncIterator[Session]:
    with open_session() as session:
        yield session


def repository(session: Session) -> dict[str, Any]:
    return {"session": session}


def service(repo: dict[str, Any]) -> dict[str, Any]:
    return {"repository": repo, "user": "ada"}
