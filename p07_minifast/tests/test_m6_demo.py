"""Milestone 6: the Todo demo (examples/app.py) answers exactly as the same program on FastAPI,
and holds up under a real server and a schema-driven fuzzer.

The demo puts every milestone together: SQLite through a `yield` dependency, OAuth2 password
login (a form) answered with a JWT, a router with a prefix and a router-wide dependency, a
background task, the lifespan. Swapping its imports for FastAPI's and Pydantic's gives the
oracle: a scripted session (good requests and bad) must come back the same, byte for byte as
JSON, and so must `/openapi.json`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from coursekit.servers import running_server

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples"


def transcript(framework: str) -> list[object]:
    done = subprocess.run(
        [sys.executable, str(HERE / "demo_session.py"), framework],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"the demo session on {framework} failed:\n{done.stderr[-4000:]}"
    result: list[object] = json.loads(done.stdout)
    return result


@pytest.mark.timeout(240)
def test_the_demo_answers_as_the_same_program_on_fastapi() -> None:
    ours, theirs = transcript("minifast"), transcript("fastapi")
    for mine, real in zip(ours[:-1], theirs[:-1], strict=True):
        assert mine == real, f"{real[0]} {real[1]}: FastAPI answers {real[2:]}, minifast {mine[2:]}"
    assert ours[-1] == theirs[-1], "the demo's /openapi.json differs from FastAPI's"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("workers", [1, 2])
def test_the_demo_serves_with_one_or_several_workers(tmp_path: Path, workers: int) -> None:
    """`nox -s serve` (uvicorn) and `nox -s serve -- --workers 2` (gunicorn supervising
    uvicorn workers): a token issued by one worker is accepted by whichever answers next."""
    command = [sys.executable, str(EXAMPLES / "serve.py"), "--host", "{host}", "--port", "{port}"]
    env = {"TODO_DATABASE": str(tmp_path / "todo.sqlite3")}
    with running_server([*command, "--workers", str(workers)], env=env, ready_path="/openapi.json") as url:
        login = httpx.post(f"{url}/token", data={"username": "ada", "password": "lovelace"}, timeout=30)
        assert login.status_code == 200, login.text
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        for title in ("one", "two", "three", "four"):
            created = httpx.post(f"{url}/todos", json={"title": title}, headers=auth, timeout=10)
            assert created.status_code == 201, created.text
        listed = httpx.get(f"{url}/todos", headers=auth, timeout=10).json()
        assert [todo["title"] for todo in listed] == ["one", "two", "three", "four"]


# --- schemathesis: requests generated from the demo's own /openapi.json -----------------------

# What the issue asks of the demo: no request, however odd, gets a 5xx; every response has a
# status, a content type and a body its own document declares.
FITS_ITS_DOCUMENT = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
)


@pytest.mark.timeout(300)
def test_no_generated_request_breaks_the_demo_or_its_document(tmp_path: Path) -> None:
    """schemathesis reads the live demo's /openapi.json and sends requests made from it,
    valid and invalid, logged in: none may get a server error or an undocumented answer.
    Deterministic generation: the same commit always sends the same requests. (Its command
    line, not its pytest plugin: the run stays independent of pytest's internals.)"""
    command = [sys.executable, str(EXAMPLES / "serve.py"), "--host", "{host}", "--port", "{port}"]
    env = {"TODO_DATABASE": str(tmp_path / "todo.sqlite3")}
    with running_server(command, env=env, ready_path="/openapi.json") as url:
        login = httpx.post(f"{url}/token", data={"username": "ada", "password": "lovelace"}, timeout=30)
        token = login.json()["access_token"]
        done = subprocess.run(
            [
                sys.executable, "-m", "schemathesis.cli", "run", f"{url}/openapi.json",
                "--checks", FITS_ITS_DOCUMENT, "--header", f"Authorization: Bearer {token}",
                "--max-examples", "25", "--generation-deterministic", "--workers", "1",
                "--phases", "examples,coverage,fuzzing", "--no-color",
            ],
            capture_output=True, text=True, timeout=240, check=False, cwd=tmp_path,
        )  # fmt: skip
    assert done.returncode == 0, f"schemathesis found problems:\n{done.stdout[-6000:]}{done.stderr[-2000:]}"
