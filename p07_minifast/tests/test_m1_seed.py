"""Milestone 1: the seed's outcome runs as written, under a real uvicorn.

`examples/seed.py` is the program the course was designed around: a `MiniAPI`, a model, a
POST with a `response_model` and a `yield` dependency over SQLite. Served by uvicorn on a
free port, it must validate, store, answer, and serve its docs.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import httpx
import pytest
from coursekit.servers import running_server

EXAMPLES = Path(__file__).parents[1] / "examples"
UVICORN = [
    sys.executable,
    "-m",
    "uvicorn",
    "--app-dir",
    str(EXAMPLES),
    "seed:app",
    "--host",
    "{host}",
    "--port",
    "{port}",
]


@pytest.mark.timeout(60)
def test_the_seed_outcome_serves_under_uvicorn(tmp_path: Path) -> None:
    """POST /items validates (a price given as text is a float; a missing one is FastAPI's
    422), stores through the `yield` dependency, answers with the response model, and the app
    serves /openapi.json and /docs."""
    database = tmp_path / "seed.sqlite3"
    with running_server(UVICORN, env={"SEED_DATABASE": str(database)}, ready_path="/openapi.json") as url:
        created = httpx.post(f"{url}/items", json={"name": "Portal gun", "price": "42.5"}, timeout=10)
        assert (created.status_code, created.json()) == (200, {"name": "Portal gun", "price": 42.5})
        invalid = httpx.post(f"{url}/items", json={"name": "Plumbus"}, timeout=10)
        assert invalid.status_code == 422
        assert invalid.json() == {
            "detail": [
                {
                    "type": "missing",
                    "loc": ["body", "price"],
                    "msg": "Field required",
                    "input": {"name": "Plumbus"},
                }
            ]
        }
        document = httpx.get(f"{url}/openapi.json", timeout=10).json()
        assert document["info"] == {"title": "Mini-FastAPI Demo", "version": "0.1.0"}
        assert "/items" in document["paths"]
        docs = httpx.get(f"{url}/docs", timeout=10)
        assert docs.status_code == 200
        assert "swagger-ui" in docs.text
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT name, price FROM items").fetchall() == [("Portal gun", 42.5)]
