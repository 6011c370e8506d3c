"""A users API whose documentation writes itself.

    uvicorn --app-dir examples app:app      # then open http://127.0.0.1:8000/docs

Every route is an `APIRoute`: its signature says what the request must carry, its return
annotation what the response looks like. The same facts validate requests and fill in
`/openapi.json`, which Swagger UI (`/docs`) and ReDoc (`/redoc`) render with no network.

Users live in memory, so the example runs anywhere; a server that stored every user it was
ever sent would grow until it ran out of memory, so it keeps at most MAX_USERS and then
answers 507 (restart it to start afresh; p05's example shows a SQLite database instead).
"""

from __future__ import annotations

import threading
from itertools import count
from typing import Annotated

from miniasgi import HTTPException
from minidi import Depends
from miniopenapi import APIApp, APIRoute, Header, OpenAPI, Path, Query, docs_routes
from minipydantic import BaseModel, Field


class UserCreate(BaseModel):
    name: str = Field(min_length=1, max_length=50, description="The name shown to other users.")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", examples=["ada@example.com"])
    age: int | None = Field(default=None, ge=0, le=150)


class UserResponse(BaseModel):
    id: int
    name: str
    email: str
    age: int | None = None


class Message(BaseModel):
    detail: str


MAX_USERS = 10_000


class UserStore:
    """Users in memory, at most `capacity` of them: one process, no database. Endpoints run
    in worker threads, so adding (check the size, take an id, store) holds a lock."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._users: dict[int, UserResponse] = {}
        self._ids = count(1)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._users)

    def add(self, user: UserCreate) -> UserResponse:
        with self._lock:
            if len(self._users) >= self.capacity:
                raise HTTPException(
                    507, f"The user store is full: this example keeps at most {self.capacity} users in memory"
                )
            created = UserResponse(id=next(self._ids), **user.model_dump())
            self._users[created.id] = created
        return created

    def get(self, user_id: int) -> UserResponse | None:
        return self._users.get(user_id)

    def page(self, page: slice) -> list[UserResponse]:
        with self._lock:
            return list(self._users.values())[page]


USERS = UserStore(capacity=MAX_USERS)


def pagination(
    limit: Annotated[int, Query(ge=1, le=100, description="How many users to return.")] = 10,
    offset: Annotated[int, Query(ge=0, description="How many users to skip first.")] = 0,
) -> slice:
    """A dependency: its query parameters are documented on every route that uses it."""
    return slice(offset, offset + limit)


def create_user(user: UserCreate) -> UserResponse:
    """Register a new user and return it with its id."""
    return USERS.add(user)


def get_user(user_id: Annotated[int, Path(ge=1, description="The user's id.")]) -> UserResponse:
    """Fetch one user by id."""
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(404, f"User {user_id} not found")
    return user


def list_users(
    page: Annotated[slice, Depends(pagination)],
    x_request_id: Annotated[str | None, Header(description="Echoed in logs.")] = None,
) -> list[UserResponse]:
    """List users in creation order."""
    return USERS.page(page)


routes = [
    APIRoute(
        "/users",
        create_user,
        methods=["POST"],
        status_code=201,
        tags=["users"],
        responses={507: {"model": Message, "description": "The user store is full"}},
    ),
    APIRoute(
        "/users/{user_id}",
        get_user,
        tags=["users"],
        responses={404: {"model": Message, "description": "No user has this id"}},
    ),
    APIRoute("/users", list_users, tags=["users"]),
]
openapi = OpenAPI(routes, title="Users API", version="1.0.0", description="A small users service.")

# FastAPI's error stack around a router; every error, 404 and 405 included, is JSON.
app = APIApp([*routes, *docs_routes(openapi)])
