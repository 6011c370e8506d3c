"""The todo list: an APIRouter under `/todos`, every route for the logged-in user only."""

import logging
from typing import Annotated

from minifast import APIRouter, BackgroundTasks, Depends, HTTPException, Path, Query, status
from minipydantic import BaseModel, Field

from todo.db import Database, get_db
from todo.security import User, current_user

log = logging.getLogger("todo")
router = APIRouter(prefix="/todos", tags=["todos"], dependencies=[Depends(current_user)])

CurrentUser = Annotated[User, Depends(current_user)]
DB = Annotated[Database, Depends(get_db)]
# SQLite's integers are 64-bit: a bigger id is not a todo, and must not reach the database.
TodoId = Annotated[int, Path(ge=1, le=2**63 - 1)]
# A body that is not even text (bytes that are not UTF-8) is a 400 in FastAPI and minifast.
UNREADABLE = {400: {"description": "The body could not be read"}}


class TodoIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)


class TodoUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    done: bool | None = None


class Todo(BaseModel):
    id: int
    title: str
    done: bool


def record(username: str, action: str, todo_id: int) -> None:
    """Runs after the response has been sent: the client does not wait for it."""
    log.info("%s %s todo %d", username, action, todo_id)


@router.get("")
def list_todos(
    user: CurrentUser,
    db: DB,
    done: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[Todo]:
    """Your todos, oldest first; `done=true` or `done=false` to filter."""
    return [Todo(**row) for row in db.todos(user.username, done, limit, offset)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=UNREADABLE)
def create_todo(todo: TodoIn, user: CurrentUser, db: DB, tasks: BackgroundTasks) -> Todo:
    created = Todo(**db.add_todo(user.username, todo.title))
    tasks.add_task(record, user.username, "created", created.id)
    return created


NOT_FOUND = {404: {"description": "No such todo"}}


@router.get("/{todo_id}", responses=NOT_FOUND)
def read_todo(todo_id: TodoId, user: CurrentUser, db: DB) -> Todo:
    row = db.todo(user.username, todo_id)
    if row is None:
        raise HTTPException(status_code=404, detail="Todo not found")
    return Todo(**row)


@router.patch("/{todo_id}", responses={**NOT_FOUND, **UNREADABLE})
def update_todo(todo_id: TodoId, changes: TodoUpdate, user: CurrentUser, db: DB) -> Todo:
    """Change the fields you send; the others (and those sent as null) stay as they are."""
    row = db.update_todo(user.username, todo_id, changes.model_dump(exclude_unset=True, exclude_none=True))
    if row is None:
        raise HTTPException(status_code=404, detail="Todo not found")
    return Todo(**row)


@router.delete(
    "/{todo_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"description": "No such todo"}}
)
def delete_todo(todo_id: TodoId, user: CurrentUser, db: DB, tasks: BackgroundTasks) -> None:
    if not db.delete_todo(user.username, todo_id):
        raise HTTPException(status_code=404, detail="Todo not found")
    tasks.add_task(record, user.username, "deleted", todo_id)
