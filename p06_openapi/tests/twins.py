"""Endpoints declared ONCE, served by FastAPI and by miniopenapi, asked the same requests.

`describe(ns, log)` receives one framework's building blocks (`ns.Query`, `ns.Form`,
`ns.BaseModel`, `ns.HTTPException`...) and an event list its endpoints may append to, and
returns `(path, endpoint, options)` triples. `Twins(describe)` declares them under both
frameworks; `twins.ask(method, url, **options)` sends the request to each and returns what
each answered (status, JSON body, events), for the test to compare.
"""

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

RouteSpec = tuple[str, Any, dict[str, Any]]
Describe = Callable[[SimpleNamespace, list[str]], list[RouteSpec]]


def fastapi_blocks() -> SimpleNamespace:
    import fastapi
    import pydantic

    return SimpleNamespace(
        BaseModel=pydantic.BaseModel,
        ConfigDict=pydantic.ConfigDict,
        Field=pydantic.Field,
        AfterValidator=pydantic.AfterValidator,
        Query=fastapi.Query,
        Header=fastapi.Header,
        Cookie=fastapi.Cookie,
        Body=fastapi.Body,
        Form=fastapi.Form,
        File=fastapi.File,
        Depends=fastapi.Depends,
        HTTPException=fastapi.HTTPException,
    )


def mini_blocks() -> SimpleNamespace:
    import miniasgi
    import minidi
    import miniopenapi
    import minipydantic
    from miniopenapi.params import File, Form

    return SimpleNamespace(
        BaseModel=minipydantic.BaseModel,
        ConfigDict=minipydantic.ConfigDict,
        Field=minipydantic.Field,
        AfterValidator=minipydantic.AfterValidator,
        Query=miniopenapi.Query,
        Header=miniopenapi.Header,
        Cookie=miniopenapi.Cookie,
        Body=miniopenapi.Body,
        Form=Form,
        File=File,
        Depends=minidi.Depends,
        HTTPException=miniasgi.HTTPException,
    )


class Twins:
    """The same endpoints under FastAPI and under miniopenapi (behind its error handlers)."""

    def __init__(self, describe: Describe) -> None:
        import fastapi
        from miniasgi.testclient import TestClient
        from miniopenapi import APIRoute

        from .inputs import mini_client

        self.fastapi_log: list[str] = []
        self.mini_log: list[str] = []
        app = fastapi.FastAPI()
        for path, endpoint, options in describe(fastapi_blocks(), self.fastapi_log):
            app.add_api_route(path, endpoint, **options)
        self.fastapi = TestClient(app)  # one ASGI test client drives both
        specs = describe(mini_blocks(), self.mini_log)
        self.routes = [APIRoute(path, endpoint, **options) for path, endpoint, options in specs]
        self.mini = mini_client(self.routes)

    def ask(self, method: str, url: str, **options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """(FastAPI's answer, yours), each {"status", "body", "events"}."""
        answers = []
        for client, log in ((self.fastapi, self.fastapi_log), (self.mini, self.mini_log)):
            log.clear()
            response = client.request(method, url, **options)
            answers.append({"status": response.status_code, "body": response.json(), "events": list(log)})
        expected, got = answers
        return expected, got
