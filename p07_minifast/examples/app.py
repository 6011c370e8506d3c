"""The Todo service: `nox -s serve` (uvicorn, port 8000), `nox -s serve -- --workers 4` (gunicorn
with uvicorn workers). Open http://127.0.0.1:8000/docs: the docs work offline.

The seed's outcome grown into a small real service: SQLite through a `yield` dependency,
OAuth2 password login answered with a JWT, a background task, an APIRouter with a prefix and
a router-wide dependency, a lifespan that creates the schema and the demo user.

    curl -s -X POST localhost:8000/token -d 'username=ada&password=lovelace'
    curl -s localhost:8000/todos -H "Authorization: Bearer $TOKEN"
    curl -s -X POST localhost:8000/todos -H "Authorization: Bearer $TOKEN" \\
         -H 'content-type: application/json' -d '{"title": "write the lesson"}'
"""

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # `todo` beside this file, however it is run

from minifast import MiniAPI
from todo import db, routes, security

DEMO_USER = ("ada", "Ada Lovelace", os.environ.get("TODO_DEMO_PASSWORD", "lovelace"))


@asynccontextmanager
async def lifespan(app: MiniAPI) -> AsyncIterator[None]:
    db.create_schema()
    username, full_name, password = DEMO_USER
    with db.connect() as connection:
        db.Database(connection).add_user(username, full_name, security.passwords.hash(password))
    yield


app = MiniAPI(
    title="Todo API", version="1.0.0", description="A minifast demo: todos behind a login.", lifespan=lifespan
)
app.include_router(security.router)
app.include_router(routes.router)
