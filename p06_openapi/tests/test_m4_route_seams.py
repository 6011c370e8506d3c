"""Milestone 4: what an APIRoute offers beyond parameters, the seams p07's FastAPI stands on.

- `dependencies=[Depends(verify_token)]` runs before the endpoint, for its effect only: its
  parameters are read and validated like the endpoint's, its HTTPException is the answer,
  its value is passed to nobody.
- A parameter typed `Response` (miniasgi's) receives a response to set the status, headers
  and cookies on: they are merged into the response sent. A parameter typed
  `BackgroundTasks` collects tasks that run after the response has been sent.
- `dependency_overrides_provider=app` reads `app.dependency_overrides` on every request, so
  a test can swap a dependency on a running app (the endpoint itself is never replaced).

Each endpoint is declared once and served by FastAPI and by your APIRoute in an APIApp; the
answers, and the order of events, must be the same.
"""

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Annotated, Any

import pytest
from miniasgi.testclient import TestClient
from miniopenapi import APIApp, APIRoute

Log = list[str]


def seam_namespace(real: bool) -> SimpleNamespace:
    """One framework's Depends, Header, Response, BackgroundTasks, HTTPException, JSONResponse."""
    if real:
        import fastapi
        from fastapi.responses import JSONResponse

        return SimpleNamespace(
            Depends=fastapi.Depends,
            Header=fastapi.Header,
            Response=fastapi.Response,
            BackgroundTasks=fastapi.BackgroundTasks,
            HTTPException=fastapi.HTTPException,
            JSONResponse=JSONResponse,
        )
    import miniasgi
    import minidi
    import miniopenapi

    return SimpleNamespace(
        Depends=minidi.Depends,
        Header=miniopenapi.Header,
        Response=miniasgi.Response,
        BackgroundTasks=miniasgi.BackgroundTasks,
        HTTPException=miniasgi.HTTPException,
        JSONResponse=miniasgi.JSONResponse,
    )


def seam_routes(ns: SimpleNamespace, log: Log) -> list[tuple[str, Any, dict[str, Any]]]:
    """(path, endpoint, options): the same declarations for both frameworks."""

    def verify_token(x_token: Annotated[str, ns.Header()]) -> str:
        log.append("verify_token")
        if x_token != "secret":
            raise ns.HTTPException(400, "X-Token header invalid")
        return "a value nobody receives"

    def guarded() -> dict[str, bool]:
        log.append("endpoint")
        return {"guarded": True}

    def stamp(response: ns.Response) -> None:
        response.headers["X-Stamp"] = "from a dependency"

    def create(response: ns.Response, stamped: Annotated[None, ns.Depends(stamp)]) -> dict[str, bool]:
        response.status_code = 201
        response.headers["X-Created"] = "yes"
        response.set_cookie("session", "abc", httponly=True)
        return {"created": True}

    def raw(response: ns.Response) -> Any:
        response.status_code = 201  # not sent: a returned Response is sent as it is
        response.headers["X-Ignored"] = "yes"
        return ns.JSONResponse({"raw": True}, status_code=202, headers={"X-Raw": "1"})

    def gone(response: ns.Response) -> dict[str, bool]:
        response.status_code = 204  # a status without content: the body is dropped
        return {"gone": True}

    def remember(tasks: ns.BackgroundTasks) -> None:
        tasks.add_task(log.append, "dependency's task")

    def notify(tasks: ns.BackgroundTasks, _: Annotated[None, ns.Depends(remember)]) -> dict[str, bool]:
        log.append("endpoint")
        tasks.add_task(log.append, "endpoint's task")
        return {"queued": True}

    def notify_raw(tasks: ns.BackgroundTasks) -> Any:
        tasks.add_task(log.append, "task of a returned response")
        return ns.JSONResponse({"raw": True})

    def session() -> Iterator[str]:
        log.append("session opened")
        yield "s"
        log.append("session closed")

    def with_session(tasks: ns.BackgroundTasks, s: Annotated[str, ns.Depends(session)]) -> dict[str, str]:
        tasks.add_task(log.append, "task")
        return {"session": s}

    return [
        ("/guarded", guarded, {"dependencies": [ns.Depends(verify_token)]}),
        ("/create", create, {}),
        ("/raw", raw, {}),
        ("/gone", gone, {}),
        ("/notify", notify, {}),
        ("/notify-raw", notify_raw, {}),
        ("/session", with_session, {}),
    ]


def recording(app: Any, log: Log) -> Any:
    """The app, with the moment its response has been sent written in the log."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        async def record(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                log.append("response sent")

        await app(scope, receive, record)

    return wrapped


def answer(response: Any, log: Log) -> dict[str, Any]:
    """What the client saw (and the order of events the server logged)."""
    return {
        "status": response.status_code,
        "body": response.json() if response.content else response.content,
        "headers": {k: v for k, v in response.headers.items() if k.startswith(("x-", "set-cookie"))},
        "events": list(log),
    }


@pytest.fixture(scope="module")
def seams() -> tuple[tuple[TestClient, Log], tuple[TestClient, Log]]:
    """((FastAPI's client, its event log), (yours, its event log))."""
    import fastapi

    real_log: Log = []
    app = fastapi.FastAPI()
    for path, endpoint, options in seam_routes(seam_namespace(real=True), real_log):
        app.add_api_route(path, endpoint, **options)
    mini_log: Log = []
    routes = [APIRoute(p, e, **o) for p, e, o in seam_routes(seam_namespace(real=False), mini_log)]
    mini = APIApp(routes)
    return (TestClient(recording(app, real_log)), real_log), (TestClient(recording(mini, mini_log)), mini_log)


SCENARIOS = {
    "a route dependency's parameter is required": ("/guarded", {}),
    "a route dependency's HTTPException answers": ("/guarded", {"x-token": "wrong"}),
    "a route dependency runs before the endpoint": ("/guarded", {"x-token": "secret"}),
    "the Response parameter's status, headers and cookies are sent": ("/create", {}),
    "a returned Response is sent as it is": ("/raw", {}),
    "a status without content set on the Response parameter": ("/gone", {}),
    "background tasks run after the response is sent": ("/notify", {}),
    "a returned Response gets the background tasks": ("/notify-raw", {}),
    "a yield dependency closes after the background tasks": ("/session", {}),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_route_seams_answer_like_fastapi(name: str, seams: Any) -> None:
    """The same status, JSON, headers (X-*, Set-Cookie) and events as under FastAPI.

    - dependencies=[Depends(f)]: f's Header is read (missing: 422), its HTTPException is the
      answer (the endpoint never runs), its value is passed to nobody.
    - A `Response` parameter (shared by the endpoint and its dependencies): its status_code
      (when set), headers and cookies are merged into the response sent.
    - A `BackgroundTasks` parameter (one object per request, shared too): its tasks run after
      the last body message, in the order they were added; a returned Response without
      background gets them; a `yield` dependency closes after them.

    If this fails, check that make_app builds the special objects the graph asks for
    (`graph.special_types`) and that `respond` merges them into the response.
    """
    url, headers = SCENARIOS[name]
    seen = []
    for client, log in seams:
        log.clear()
        seen.append(answer(client.get(url, headers=headers), log))
    expected, got = seen
    assert got == expected, f"{name}: expected {expected}, got {got}"


def test_special_objects_are_built_only_for_routes_that_ask() -> None:
    """A route whose graph asks for no Response and no BackgroundTasks gets none: the per-
    request work is decided by what the endpoint declares (graph.special_types)."""
    route = APIRoute("/plain", lambda: {"plain": True})
    assert route.signature.graph.special_types == frozenset()
    response = TestClient(APIApp([route])).get("/plain")
    assert (response.status_code, response.json()) == (200, {"plain": True}), response.text


# --- dependency overrides, read per request from a provider ------------------------------


def override_routes(ns: SimpleNamespace) -> tuple[list[tuple[str, Any]], Any, Any]:
    """([(path, endpoint)], the dependency to override, the endpoint itself)."""

    def get_user() -> str:
        return "real user"

    def read_user(user: Annotated[str, ns.Depends(get_user)]) -> dict[str, str]:
        return {"user": user}

    return [("/user", read_user)], get_user, read_user


def fake_user(name: str = "fake") -> str:
    """A replacement with a parameter of its own: read from the query, as an endpoint's."""
    return name


def other_user() -> str:
    return "other user"


def impostor() -> dict[str, str]:
    return {"user": "the endpoint was replaced"}


STEPS = [
    ("no overrides", None, "/user"),
    ("overridden", "fake_user", "/user"),
    ("the replacement reads its own query parameter", "fake_user", "/user?name=zed"),
    ("overridden by another", "other_user", "/user"),
    ("the endpoint itself is never replaced", "impostor", "/user"),
    ("overrides cleared", None, "/user"),
]


def test_dependency_overrides_are_read_on_every_request() -> None:
    """APIRoute(..., dependency_overrides_provider=provider) reads
    provider.dependency_overrides on each request: setting, changing or clearing an override
    changes the next answer, a replacement's own parameters are read, and an override of
    the endpoint does nothing, as in FastAPI (app.dependency_overrides). If this fails, check
    that make_app's handler asks the provider every time, and solves the overridden graph
    (minidi's graph.with_overrides) with its own leaves."""
    import fastapi

    app = fastapi.FastAPI()
    real_routes, real_dependency, real_endpoint = override_routes(seam_namespace(real=True))
    for path, endpoint in real_routes:
        app.add_api_route(path, endpoint)
    provider = SimpleNamespace(dependency_overrides={})
    mini_routes, mini_dependency, mini_endpoint = override_routes(seam_namespace(real=False))
    mini = APIApp([APIRoute(p, e, dependency_overrides_provider=provider) for p, e in mini_routes])
    replacements = {"fake_user": fake_user, "other_user": other_user, "impostor": impostor}
    clients = [TestClient(app), TestClient(mini)]
    for step, replacement, url in STEPS:
        answers = []
        for overrides, dependency, endpoint, client in zip(
            (app.dependency_overrides, provider.dependency_overrides),
            (real_dependency, mini_dependency),
            (real_endpoint, mini_endpoint),
            clients,
            strict=True,
        ):
            overrides.clear()
            if replacement == "impostor":
                overrides[endpoint] = impostor
            elif replacement is not None:
                overrides[dependency] = replacements[replacement]
            response = client.get(url)
            answers.append((response.status_code, response.json()))
        expected, got = answers
        assert got == expected, f"{step}: expected {expected}, got {got}"


def test_an_endpoint_takes_its_http_connection_and_security_scopes_as_fastapis_does() -> None:
    """`HTTPConnection` (what a request and a websocket share) is the request; an endpoint's own
    `SecurityScopes` parameter holds no scopes (none reached it), even on a route with no
    dependencies, which takes the direct path."""
    import fastapi
    import fastapi.security
    import miniasgi
    import minidi

    def describe(connection_type: Any, scopes_type: Any) -> Any:
        def endpoint(connection: connection_type, scopes: scopes_type) -> dict[str, Any]:  # type: ignore[valid-type]
            return {"path": connection.url.path, "scopes": scopes.scopes, "header": scopes.scope_str}

        return endpoint

    real = fastapi.FastAPI()
    real.add_api_route("/who", describe(fastapi.requests.HTTPConnection, fastapi.security.SecurityScopes))
    mine = APIApp([APIRoute("/who", describe(miniasgi.HTTPConnection, minidi.SecurityScopes))])
    expected, got = (TestClient(app).get("/who") for app in (real, mine))
    assert (
        (got.status_code, got.json())
        == (expected.status_code, expected.json())
        == (
            200,
            {"path": "/who", "scopes": [], "header": ""},
        )
    )
