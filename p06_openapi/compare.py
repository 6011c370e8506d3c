"""Scenarios for `nox -s compare -- p06`: the users example, under miniopenapi and FastAPI.

`observe("mini")` serves examples/app.py (the learner's or the reference code, whichever
PYTHONPATH selects); `observe("real")` serves the same API declared with FastAPI below.
Both are driven in-process by one ASGI test client, and every scenario records the status,
the content type and the body, so the kit can show where they differ. The /openapi.json
scenario compares the whole document.
"""

import importlib.util
import re
from pathlib import Path
from typing import Annotated, Any

HERE = Path(__file__).parent

SCENARIOS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "openapi document": ("GET", "/openapi.json", {}),
    "swagger ui page": ("GET", "/docs", {}),
    "redoc page": ("GET", "/redoc", {}),
    "create a user": ("POST", "/users", {"json": {"name": "Ada", "email": "ada@example.com"}}),
    "create: every error at once": ("POST", "/users", {"json": {"name": "", "email": "nope", "age": -1}}),
    "create: malformed JSON": (
        "POST",
        "/users",
        {"content": b"{", "headers": {"content-type": "application/json"}},
    ),
    "read the user": ("GET", "/users/1", {}),
    "read a missing user": ("GET", "/users/42", {}),
    "read: id is not a number": ("GET", "/users/abc", {}),
    "list with a limit": ("GET", "/users?limit=5", {}),
    "list: limit out of range": ("GET", "/users?limit=1000", {}),
    "unknown path": ("GET", "/nowhere", {}),
    "wrong method": ("DELETE", "/users/1", {}),
}


def mini_app() -> Any:
    spec = importlib.util.spec_from_file_location("p06_compare_example", HERE / "examples" / "app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def real_app(capacity: int = 10_000) -> Any:
    """examples/app.py, declared with FastAPI and Pydantic; it keeps at most `capacity` users."""
    from itertools import count

    from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query
    from pydantic import BaseModel, Field

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

    users: dict[int, UserResponse] = {}
    ids = count(1)

    def pagination(
        limit: Annotated[int, Query(ge=1, le=100, description="How many users to return.")] = 10,
        offset: Annotated[int, Query(ge=0, description="How many users to skip first.")] = 0,
    ) -> slice:
        return slice(offset, offset + limit)

    def create_user(user: UserCreate) -> UserResponse:
        """Register a new user and return it with its id."""
        if len(users) >= capacity:
            detail = f"The user store is full: this example keeps at most {capacity} users in memory"
            raise HTTPException(507, detail)
        created = UserResponse(id=next(ids), **user.model_dump())
        users[created.id] = created
        return created

    def get_user(user_id: Annotated[int, Path(ge=1, description="The user's id.")]) -> UserResponse:
        """Fetch one user by id."""
        if user_id not in users:
            raise HTTPException(404, f"User {user_id} not found")
        return users[user_id]

    def list_users(
        page: Annotated[slice, Depends(pagination)],
        x_request_id: Annotated[str | None, Header(description="Echoed in logs.")] = None,
    ) -> list[UserResponse]:
        """List users in creation order."""
        return list(users.values())[page]

    app = FastAPI(title="Users API", version="1.0.0", description="A small users service.")
    app.add_api_route(
        "/users",
        create_user,
        methods=["POST"],
        status_code=201,
        tags=["users"],
        responses={507: {"model": Message, "description": "The user store is full"}},
    )
    app.add_api_route(
        "/users/{user_id}",
        get_user,
        tags=["users"],
        responses={404: {"model": Message, "description": "No user has this id"}},
    )
    app.add_api_route("/users", list_users, tags=["users"])
    return app


def _page_summary(page: str) -> dict[str, object]:
    """For an HTML page, what matters: which outside hosts it loads from (FastAPI: a CDN)."""
    return {"outside hosts": sorted(set(re.findall(r"https?://([^/\"']+)", page)))}


def observe(impl: str) -> dict[str, object]:
    """Run every scenario against impl ("mini" or "real") and return what came back."""
    from miniasgi.testclient import TestClient

    client = TestClient(mini_app() if impl == "mini" else real_app())
    observations: dict[str, object] = {}
    for name, (method, url, options) in SCENARIOS.items():
        response = client.request(method, url, **options)
        content_type = response.headers.get("content-type", "")
        is_json = content_type.startswith("application/json")
        headers = {"content-type": content_type}
        if "allow" in response.headers:  # as a set: FastAPI's order varies
            headers["allow"] = ", ".join(sorted(set(response.headers["allow"].split(", "))))
        observations[name] = {
            "status": response.status_code,
            "headers": headers,
            "body": response.json() if is_json else _page_summary(response.text),
        }
    return observations
