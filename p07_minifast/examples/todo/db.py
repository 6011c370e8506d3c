"""Storage: SQLite, one connection per request, handed out by a `yield` dependency.

`get_db` opens the connection before the endpoint runs and closes it after the response has
been sent (minifast, like FastAPI, runs a `yield` dependency's teardown then). The database
file is `TODO_DATABASE` (default `todo.sqlite3` in the working directory).
"""

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL REFERENCES users (username),
    title TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0
);
"""


def database_path() -> str:
    return os.environ.get("TODO_DATABASE", "todo.sqlite3")


def connect() -> sqlite3.Connection:
    # Sync dependencies run in a worker thread and async endpoints on the event loop: the
    # connection may be used from both (by one request at a time).
    connection = sqlite3.connect(database_path(), check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def create_schema() -> None:
    with connect() as connection:
        connection.executescript(SCHEMA)


@dataclass
class Database:
    """The queries the service needs, on one connection."""

    connection: sqlite3.Connection

    def user(self, username: str) -> dict[str, Any] | None:
        row = self.connection.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        return dict(row) if row is not None else None

    def add_user(self, username: str, full_name: str, password_hash: str) -> None:
        with self.connection:
            self.connection.execute(
                "INSERT OR IGNORE INTO users VALUES (?, ?, ?)", (username, full_name, password_hash)
            )

    def todos(self, owner: str, done: bool | None, limit: int, offset: int) -> list[dict[str, Any]]:
        query = "SELECT * FROM todos WHERE owner = ?"
        args: list[Any] = [owner]
        if done is not None:
            query += " AND done = ?"
            args.append(int(done))
        query += " ORDER BY id LIMIT ? OFFSET ?"
        return [dict(row) for row in self.connection.execute(query, [*args, limit, offset])]

    def todo(self, owner: str, todo_id: int) -> dict[str, Any] | None:
        row = self.connection.execute(
            "SELECT * FROM todos WHERE owner = ? AND id = ?", (owner, todo_id)
        ).fetchone()
        return dict(row) if row is not None else None

    def add_todo(self, owner: str, title: str) -> dict[str, Any]:
        with self.connection:
            cursor = self.connection.execute("INSERT INTO todos (owner, title) VALUES (?, ?)", (owner, title))
        created = self.todo(owner, int(cursor.lastrowid or 0))
        assert created is not None
        return created

    def update_todo(self, owner: str, todo_id: int, changes: dict[str, Any]) -> dict[str, Any] | None:
        if changes:
            columns = ", ".join(f"{name} = ?" for name in changes)  # names come from the model
            with self.connection:
                self.connection.execute(
                    f"UPDATE todos SET {columns} WHERE owner = ? AND id = ?",
                    [*changes.values(), owner, todo_id],
                )
        return self.todo(owner, todo_id)

    def delete_todo(self, owner: str, todo_id: int) -> bool:
        with self.connection:
            cursor = self.connection.execute("DELETE FROM todos WHERE owner = ? AND id = ?", (owner, todo_id))
        return cursor.rowcount > 0


def get_db() -> Iterator[Database]:
    connection = connect()
    try:
        yield Database(connection)
    finally:
        connection.close()
