"""Milestone 7: lifespan (startup/shutdown, state) and background tasks."""

from __future__ import annotations

from contextlib import asynccontextmanager

import anyio
import pytest
from miniasgi import BackgroundTask, BackgroundTasks, MiniASGI, PlainTextResponse, Request, Router
from miniasgi.testclient import TestClient


def run_lifespan(app) -> list[dict]:
    """Play the server's side of the lifespan protocol by hand; return what the app sent."""
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    async def main():
        try:
            await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send)
        except Exception as exc:
            sent.append({"raised": exc})

    anyio.run(main)
    return sent


def test_startup_and_shutdown_hooks_run_in_order():
    """on_startup hooks run before the first request, on_shutdown hooks after the last (sync or async)."""
    events = []
    app = MiniASGI()

    @app.on_startup
    async def open_db():
        events.append("startup")

    @app.on_shutdown
    def close_db():
        events.append("shutdown")

    @app.route("/")
    async def home(request: Request) -> str:
        events.append("request")
        return "ok"

    with TestClient(app) as client:
        assert events == ["startup"]
        client.get("/")
    assert events == ["startup", "request", "shutdown"]


def test_lifespan_protocol_messages():
    """lifespan.startup is answered with .startup.complete, lifespan.shutdown with .shutdown.complete."""
    sent = run_lifespan(MiniASGI())
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_lifespan_context_manager_state_reaches_requests():
    """A lifespan may yield a dict; it is copied into every request's request.state."""
    events = []

    @asynccontextmanager
    async def lifespan(app):
        events.append(("enter", type(app).__name__))
        yield {"pool": "connection-pool"}
        events.append(("exit", type(app).__name__))

    app = MiniASGI(lifespan=lifespan)

    @app.route("/")
    async def home(request: Request) -> str:
        request.state.per_request = "not shared"
        return request.state.pool

    with TestClient(app) as client:
        assert client.get("/").text == "connection-pool"
        assert "per_request" not in client.app_state, "each request must get its own copy of the state"
    assert events == [("enter", "MiniASGI"), ("exit", "MiniASGI")]


def test_failing_startup_is_reported_to_the_server_with_the_message():
    """An exception in startup sends lifespan.startup.failed whose message names the error."""
    app = MiniASGI()

    @app.on_startup
    async def connect():
        raise ConnectionError("database unreachable")

    sent = run_lifespan(app)
    assert sent[0]["type"] == "lifespan.startup.failed"
    assert "ConnectionError: database unreachable" in sent[0]["message"]
    with pytest.raises(ConnectionError, match="database unreachable"):
        TestClient(app).__enter__()


def test_failing_shutdown_is_reported():
    """An exception during shutdown sends lifespan.shutdown.failed."""

    @asynccontextmanager
    async def lifespan(app):
        yield
        raise RuntimeError("could not flush")

    sent = run_lifespan(MiniASGI(lifespan=lifespan))
    assert [m.get("type") for m in sent[:2]] == ["lifespan.startup.complete", "lifespan.shutdown.failed"]
    assert "could not flush" in sent[1]["message"]


def test_lifespan_state_needs_server_support():
    """Yielding state to a server without the state extension is an error, reported as startup failure."""

    @asynccontextmanager
    async def lifespan(app):
        yield {"x": 1}

    app = MiniASGI(lifespan=lifespan)
    incoming = [{"type": "lifespan.startup"}]
    sent = []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    async def main():
        with pytest.raises(RuntimeError, match='does not support "state" in the lifespan scope'):
            await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)

    anyio.run(main)
    assert sent[0]["type"] == "lifespan.startup.failed"


def test_the_router_runs_the_lifespan_it_was_given():
    """The lifespan scope travels down the stack to the router, which speaks the protocol with
    `run_lifespan`: `Router(lifespan=...)` works on its own too, and MiniASGI gives its router
    the hooks plus your `lifespan=` (Starlette's router takes the same argument)."""
    events = []

    @asynccontextmanager
    async def lifespan(app):
        events.append("up")
        yield {"ready": True}
        events.append("down")

    router = Router(lifespan=lifespan)
    sent = run_lifespan(router)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert events == ["up", "down"]


def test_a_generator_function_is_refused_as_a_lifespan():
    """Forgetting `@asynccontextmanager` leaves a bare (async) generator function: refuse it when
    the app is built, with a TypeError that says what to add, not at startup inside the server."""

    async def lifespan(app):
        yield

    with pytest.raises(TypeError, match="asynccontextmanager"):
        MiniASGI(lifespan=lifespan)


def test_test_client_tolerates_apps_without_lifespan_support():
    """A raw ASGI app that just returns on a lifespan scope still works inside `with TestClient(...)`."""

    async def raw_app(scope, receive, send):
        if scope["type"] != "http":
            return
        await PlainTextResponse("raw")(scope, receive, send)

    with TestClient(raw_app) as client:
        assert client.get("/").text == "raw"


def test_background_task_runs_after_the_response_is_sent(drive, scope):
    """The whole response (last body message) goes out first; then the background task runs."""
    timeline = []

    def log(what):
        timeline.append(what)

    async def alog(what):
        timeline.append(what)

    tasks = BackgroundTasks()
    tasks.add_task(log, "sync task")
    tasks.add_task(alog, what="async task")
    response = PlainTextResponse("done", background=tasks)

    async def main():
        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            timeline.append(message["type"])

        await response(scope(), receive, send)

    anyio.run(main)
    assert timeline == ["http.response.start", "http.response.body", "sync task", "async task"]


def test_background_task_through_the_app():
    """A handler attaches BackgroundTask(func, *args) to its response; it has run when the client returns."""
    sent_emails = []
    app = MiniASGI()

    @app.route("/signup", methods=["POST"])
    async def signup(request: Request) -> PlainTextResponse:
        return PlainTextResponse("welcome", background=BackgroundTask(sent_emails.append, "ada@example.com"))

    assert TestClient(app).post("/signup").text == "welcome"
    assert sent_emails == ["ada@example.com"]
