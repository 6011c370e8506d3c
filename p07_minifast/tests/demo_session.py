"""A scripted session against the Todo demo, printed as JSON: `python demo_session.py minifast`
or `... fastapi` (the same program with its imports answered by FastAPI and Pydantic).

Run as a script, in a process of its own, because answering `minifast` with FastAPI is an
import alias that must be installed before the demo is imported.
"""

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).parents[1] / "examples"


def use_fastapi() -> None:
    from coursekit import aliases

    aliases.install(
        {
            "minifast": aliases.Alias(sources=("fastapi",), names={"MiniAPI": "fastapi:FastAPI"}),
            "minifast.security": aliases.Alias(sources=("fastapi.security",)),
            "minipydantic": aliases.Alias(sources=("pydantic",)),
        }
    )


def session() -> list[Any]:
    """Every request a user of the service makes, good and bad, with what came back."""
    sys.path.insert(0, str(EXAMPLES))
    import app as demo

    if sys.argv[1] == "fastapi":
        from fastapi.testclient import TestClient
    else:
        from minifast.testclient import TestClient
    transcript: list[Any] = []
    with TestClient(demo.app) as client:

        def call(method: str, path: str, **kwargs: Any) -> Any:
            response = client.request(method, path, **kwargs)
            body = response.json() if response.content else None
            if isinstance(body, dict) and "access_token" in body:
                body["access_token"] = "<a JWT>"
            transcript.append(
                [method, path, response.status_code, body, response.headers.get("www-authenticate")]
            )
            return response

        call("POST", "/token", data={"username": "ada", "password": "wrong"})
        call("POST", "/token", data={"username": "ada"})
        token = call("POST", "/token", data={"username": "ada", "password": "lovelace"}).json()[
            "access_token"
        ]
        auth = {"Authorization": f"Bearer {token}"}
        call("GET", "/todos")
        call("GET", "/todos", headers={"Authorization": "Bearer not-a-jwt"})
        call("GET", "/users/me", headers=auth)
        call("POST", "/todos", json={"title": "write the lesson"}, headers=auth)
        call("POST", "/todos", json={"title": ""}, headers=auth)
        call("POST", "/todos", content=b"{not json", headers={**auth, "content-type": "application/json"})
        call("POST", "/todos", json={"title": "ship it"}, headers=auth)
        call("GET", "/todos", params={"limit": 1}, headers=auth)
        call("GET", "/todos", params={"limit": 0, "done": "maybe"}, headers=auth)
        call("PATCH", "/todos/1", json={"done": True}, headers=auth)
        call("GET", "/todos", params={"done": "true"}, headers=auth)
        call("DELETE", "/todos/2", headers=auth)
        call("DELETE", "/todos/2", headers=auth)
        call("GET", "/todos/abc", headers=auth)
        call("PUT", "/todos/1", headers=auth)
        call("GET", "/nowhere")
        transcript.append(client.get("/openapi.json").json())
    return transcript


if __name__ == "__main__":
    if sys.argv[1] == "fastapi":
        use_fastapi()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TODO_DATABASE"] = str(Path(folder) / "todo.sqlite3")
        print(json.dumps(session()))
