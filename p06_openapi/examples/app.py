"""A users API whose documentation writes itself.

    uvicorn --app-dir examples app:app      # then open http://127.0.0.1:8000/docs

Every route is an `APIRoute`: its signature says what the request must carry, its return
annotation what the response looks like. The same facts validate requests and fill in
`/openapi.json`, which Swagger UI (`/docs`) and ReDoc (`/redoc`) render with no network.
"""

from __future__ import annotations

from itertools import count
from typing import Annotated

from miniasgi import ExceptionMiddleware, HTTPException, ServerErrorMiddleware
from minidi import Depends
from miniopenapi import EXCEPTION_HANDLERS, APIRoute, Header, OpenAPI, Path, Query, docs_routes
from minipydantic import BaseModel, Field
from minirouter import Router


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


# An in-memory store: one process, no database, so the example runs anywhere.
USERS: dict[int, UserResponse] = {}
_ids = count(1)


def pagination(
    limit: Annotated[int, Query(ge=1, le=100, description="How many users to return.")] = 10,
    offset: Annotated[int, Query(ge=0, description="How many users to skip first.")] = 0,
) -> slice:
    """A dependency: its query parameters are documented on every route that uses it."""
    return slice(offset, offset + limit)


def create_user(user: UserCreate) -> UserResponse:
    """Register a new user and return it with its id."""
    created = UserResponse(id=next(_ids), **user.model_dump())
    USERS[created.id] = created
    return created


def get_user(user_id: Annotated[int, Path(ge=1, description="The user's id.")]) -> UserResponse:
    """Fetch one user by id."""
    if user_id not in USERS:
        raise HTTPException(404, f"User {user_id} not found")
    return USERS[user_id]


def list_users(
    page: Annotated[slice, Depends(pagination)],
    x_request_id: Annotated[str | None, Header(description="Echoed in logs.")] = None,
) -> list[UserResponse]:
    """List users in creation order."""
    return list(USERS.values())[page]


routes = [
    APIRoute("/users", create_user, methods=["POST"], status_code=201, tags=["users"]),
    APIRoute(
        "/users/{user_id}",
        get_user,
        tags=["users"],
        responses={404: {"model": Message, "description": "No user has this id"}},
    ),
    APIRoute("/users", list_users, tags=["users"]),
]
openapi = OpenAPI(routes, title="Users API", version="1.0.0", description="A small users service.")

# p07 wraps exactly this stack in an application class.
app = ServerErrorMiddleware(ExceptionMiddleware(Router([*routes, *docs_routes(openapi)]), EXCEPTION_HANDLERS))
