"""Milestone 2, part 0: TimingMiddleware measures the app without holding its response.

The clock starts when the request enters the layer and stops at `http.response.start`;
the headers are written into that message, so no body is ever waited for. The tests use a
fake clock (no real time, exact values), and prove the "no buffering" claim with a stream
whose app only finishes once the client has seen its first chunk.
"""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from minimiddleware import TimingMiddleware

from .asgi import call, http_scope, record_app, run, streaming_app
from .buffered import BufferedTimingMiddleware
from .clock import FakeClock


def app_taking(clock: FakeClock, seconds: float, *, body_seconds: float = 0.0) -> Any:
    """An app that 'works' `seconds` (moves the fake clock) before its response start, then
    `body_seconds` more before its body."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        clock.advance(seconds)
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        clock.advance(body_seconds)
        await send({"type": "http.response.body", "body": b"done"})

    return app


def test_response_time_header_in_seconds() -> None:
    """An app that takes 23.4 ms gets `X-Response-Time: 0.023s` (seconds, three decimals).

    If the value is off, check that you read the clock once on entry and once when the
    response start goes out, and format with `f"{elapsed:.3f}s"`.
    """
    clock = FakeClock()
    app = TimingMiddleware(app_taking(clock, 0.0234), clock=clock)
    sent = run(call, app, http_scope())
    assert sent.headers.get("x-response-time") == "0.023s", f"expected '0.023s', got headers {sent.headers}"
    assert sent.body == b"done", f"expected the app's body b'done', got {sent.body!r}"


def test_server_timing_header_in_milliseconds() -> None:
    """The same duration also goes out as W3C Server-Timing: `app;dur=23.4` (milliseconds,
    one decimal), which browser devtools show in their network panel.

    If this fails, check the unit (ms = s * 1000) and the syntax `name;dur=value`.
    """
    clock = FakeClock()
    app = TimingMiddleware(app_taking(clock, 0.0234), clock=clock)
    sent = run(call, app, http_scope())
    assert sent.headers.get("server-timing") == "app;dur=23.4", f"expected 'app;dur=23.4', got {sent.headers}"


def test_clock_stops_at_the_response_start() -> None:
    """Time spent after the response start (sending the body) is not counted: the header
    has already left by then. The app takes 5 s to start and 100 s more for its body.

    If you see 105.000s, you read the clock after the body instead of in the start message.
    """
    clock = FakeClock()
    app = TimingMiddleware(app_taking(clock, 5.0, body_seconds=100.0), clock=clock)
    sent = run(call, app, http_scope())
    assert sent.headers.get("x-response-time") == "5.000s", f"expected '5.000s', got {sent.headers}"


def test_options_header_name_and_no_server_timing() -> None:
    """`header=` renames the header; `server_timing=False` leaves Server-Timing out.

    If this fails, check that __init__ keeps both options and __call__ uses them.
    """
    clock = FakeClock()
    app = TimingMiddleware(app_taking(clock, 1.5), header="X-Took", server_timing=False, clock=clock)
    sent = run(call, app, http_scope())
    assert sent.headers.get("x-took") == "1.500s", f"expected X-Took: 1.500s, got {sent.headers}"
    assert "server-timing" not in sent.headers, f"expected no Server-Timing, got {sent.headers}"
    assert "x-response-time" not in sent.headers, f"the default name should not appear, got {sent.headers}"


def test_server_timing_keeps_the_apps_own_metrics() -> None:
    """An app that reports its own Server-Timing (`db;dur=4.2`) keeps it: ours is added as
    a second header (the header may repeat), not written over it.

    If the app's metric is gone, append the header instead of setting it.
    """
    clock = FakeClock()
    inner = record_app(headers=[("server-timing", "db;dur=4.2")])
    sent = run(call, TimingMiddleware(inner, clock=clock), http_scope())
    values = [value for name, value in sent.header_list if name == "server-timing"]
    assert values == ["db;dur=4.2", "app;dur=0.0"], f"expected the app's then ours, got {values}"


def test_other_scopes_pass_through() -> None:
    """A lifespan scope goes to the app untouched (nothing to time there).

    If this fails, return early for any scope type other than "http".
    """
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope["type"], send))

    async def send(message: Any) -> None:
        pass

    scope = http_scope(scope_type="lifespan")
    run(TimingMiddleware(app), scope, None, send)
    assert seen == [("lifespan", send)], f"expected the lifespan scope with the same send, got {seen}"


@pytest.mark.timeout(10)
def test_first_chunk_reaches_the_client_before_the_app_finishes() -> None:
    """The lesson's point. The app streams chunk 1, then waits until the client has RECEIVED
    chunk 1 before it produces chunk 2. Through TimingMiddleware this completes: the chunk
    went straight out. A middleware that buffers would wait for the app, which waits for the
    client: a deadlock (the next test shows one).

    If this times out, your middleware holds body messages back; only the start message
    may be edited, everything else is passed on at once.
    """
    gate = anyio.Event()

    def on_send(message: dict[str, Any]) -> None:
        if message.get("body") == b"chunk 1":
            gate.set()  # the client has seen chunk 1: let the app go on

    async def main() -> Any:
        app = TimingMiddleware(streaming_app([b"chunk 1", b"chunk 2"], gate=gate))
        with anyio.fail_after(2):
            return await call(app, http_scope(), on_send=on_send)

    sent = run(main)
    assert sent.chunks == [b"chunk 1", b"chunk 2", b""], f"expected both chunks in order, got {sent.chunks}"
    assert "x-response-time" in sent.headers, f"expected the timing header, got {sent.headers}"


@pytest.mark.timeout(10)
def test_a_buffering_middleware_deadlocks_the_same_stream() -> None:
    """The contrast: BufferedTimingMiddleware (tests/buffered.py) collects the whole response
    to time it, so the client never sees chunk 1, the app never gets past it, and the call
    hangs until the 0.5 s guard cancels it.

    This test documents the failure mode; it does not involve your code.
    """
    gate = anyio.Event()

    def on_send(message: dict[str, Any]) -> None:
        if message.get("body") == b"chunk 1":
            gate.set()

    async def main() -> None:
        app = BufferedTimingMiddleware(streaming_app([b"chunk 1", b"chunk 2"], gate=gate))
        with anyio.fail_after(0.5):
            await call(app, http_scope(), on_send=on_send)

    with pytest.raises(TimeoutError):
        run(main)
    assert not gate.is_set(), "the buffered middleware let chunk 1 through: it should have held it"


@pytest.mark.timeout(10)
def test_streaming_through_a_real_framework_response() -> None:
    """The same with miniasgi's StreamingResponse behind TimingMiddleware on a MiniASGI app:
    the generator is suspended after its first chunk until the client has that chunk.

    If this times out while the previous streaming test passes, look at how the framework's
    stack calls your middleware (it is added with add_middleware).
    """
    import miniasgi

    gate = anyio.Event()

    async def chunks() -> Any:
        yield b"chunk 1"
        await gate.wait()
        yield b"chunk 2"

    app = miniasgi.MiniASGI()
    app.add_middleware(TimingMiddleware)

    @app.route("/stream")
    async def stream(request: Any) -> Any:
        return miniasgi.StreamingResponse(chunks(), media_type="text/plain")

    def on_send(message: dict[str, Any]) -> None:
        if message.get("body") == b"chunk 1":
            gate.set()

    async def main() -> Any:
        with anyio.fail_after(2):
            return await call(app, http_scope("/stream"), on_send=on_send)

    sent = run(main)
    assert sent.body == b"chunk 1chunk 2", f"expected both chunks, got {sent.body!r}"
    assert sent.headers.get("x-response-time", "").endswith("s"), (
        f"expected a timing header, got {sent.headers}"
    )


def background_app(gate: anyio.Event) -> Any:
    """A MiniASGI app whose answer carries a background task that waits for `gate`: the task
    runs after the body is sent, inside the same app call, as in Starlette and FastAPI."""
    import miniasgi

    app = miniasgi.MiniASGI()

    @app.route("/")
    async def answer(request: Any) -> Any:
        return miniasgi.PlainTextResponse("answered", background=miniasgi.BackgroundTask(gate.wait))

    return app


@pytest.mark.timeout(10)
def test_the_client_has_its_answer_before_the_background_task_ends() -> None:
    """Behind TimingMiddleware the body reaches the client while the background task still
    waits (here, for the client to have the body): that is what background tasks are for.

    If this times out, your middleware holds messages back until the app's call returns."""
    gate = anyio.Event()
    app = background_app(gate)
    app.add_middleware(TimingMiddleware)

    def on_send(message: dict[str, Any]) -> None:
        if message.get("body") == b"answered":
            gate.set()

    async def main() -> Any:
        with anyio.fail_after(2):
            return await call(app, http_scope("/"), on_send=on_send)

    assert run(main).body == b"answered"


@pytest.mark.timeout(10)
def test_a_buffering_middleware_makes_the_client_wait_for_background_tasks() -> None:
    """The contrast: BufferedTimingMiddleware sends nothing until the app's call returns, and
    the call returns only after its background task: the client waits for work that was meant
    to happen after answering (here, forever: the 0.5 s guard cancels it).

    This test documents the failure mode; it does not involve your code.
    """
    gate = anyio.Event()
    app = background_app(gate)
    app.add_middleware(BufferedTimingMiddleware)

    def on_send(message: dict[str, Any]) -> None:
        if message.get("body") == b"answered":
            gate.set()

    async def main() -> None:
        with anyio.fail_after(0.5):
            await call(app, http_scope("/"), on_send=on_send)

    with pytest.raises(TimeoutError):
        run(main)
    assert not gate.is_set(), "the buffered middleware let the body through before the task ended"
