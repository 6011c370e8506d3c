"""The seed's outcome, as written, with `get_db` a `yield` dependency over SQLite.

uvicorn --app-dir examples seed:app        then: POST /items, GET /docs
"""

import os
import sqlite3
from collections.abc import Iterator

from minifast import Depends, MiniAPI
from minipydantic import BaseModel


class Item(BaseModel):
    name: str
    price: float


class Database:
    """One connection per request, closed by `get_db` after the response."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def create_item(self, item: Item) -> Item:
        with self.connection:
            self.connection.execute("INSERT INTO items (name, price) VALUES (?, ?)", (item.name, item.price))
        return item


def get_db() -> Iterator[Database]:
    # A sync dependency runs in a worker thread, the async endpoint on the event loop: the
    # connection must allow that (it is still used by one request at a time).
    connection = sqlite3.connect(os.environ.get("SEED_DATABASE", "seed.sqlite3"), check_same_thread=False)
    connection.execute("CREATE TABLE IF NOT EXISTS items (name TEXT NOT NULL, price REAL NOT NULL)")
    try:
        yield Database(connection)
    finally:
        connection.close()


app = MiniAPI(title="Mini-FastAPI Demo")


@app.post("/items", response_model=Item)
async def create_item(item: Item, db=Depends(get_db)):  # type: ignore[no-untyped-def]  # noqa: B008 (the seed's form)
    return db.create_item(item)
