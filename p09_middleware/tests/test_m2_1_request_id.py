"""Milestone 2, part 1: one id per request, on the response and on every log line.

RequestIdMiddleware takes the client's `X-Request-ID` when it looks like an id (1..128
characters of `[A-Za-z0-9._-]`) or makes one, keeps it in a ContextVar for the duration of
the request (`current_request_id()`), in `scope["state"]["request_id"]`, and puts it on the
response. `RequestIdFilter` copies it onto every log record.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from minimiddleware import RequestIdFilter, RequestIdMiddleware, current_request_id

from .asgi import call, http_scope, record_app, run
from .logs import captured

SANE = re.compile(r"[A-Za-z0-9._-]{1,128}")


def fixed(value: str) -> Any:
    """A `generate=` that always returns `value`, so tests can tell generated ids apart."""
    return lambda: value


def test_an_id_is_generated_and_sent_back() -> None:
    """With no incoming header, the id comes from `generate()` and goes out as X-Request-ID.

    If the header is missing, check that the response start is edited (with_response_headers).
    """
    app = RequestIdMiddleware(record_app(), generate=fixed("generated-1"))
    sent = run(call, app, http_scope())
    assert sent.headers.get("x-request-id") == "generated-1", f"expected 'generated-1', got {sent.headers}"


def test_the_default_id_is_random_hex() -> None:
    """The default generator gives a fresh 32-hex-digit id (uuid4().hex) per request.

    If two requests share an id, you generated it once in __init__ instead of per request.
    """
    app = RequestIdMiddleware(record_app())
    first = run(call, app, http_scope()).headers.get("x-request-id", "")
    second = run(call, app, http_scope()).headers.get("x-request-id", "")
    assert re.fullmatch(r"[0-9a-f]{32}", first), f"expected 32 hex digits, got {first!r}"
    assert first != second, f"two requests got the same id {first!r}"


def test_a_sane_incoming_id_is_kept() -> None:
    """A client (or proxy) that sends `X-Request-ID: abc.DEF_123-x` gets that same id back,
    so one id follows the request across services.

    If a new id appears, check how you read the header (names are lower-case bytes in the scope).
    """
    app = RequestIdMiddleware(record_app(), generate=fixed("generated"))
    sent = run(call, app, http_scope(headers=[("X-Request-ID", "abc.DEF_123-x")]))
    assert sent.headers.get("x-request-id") == "abc.DEF_123-x", (
        f"expected the incoming id, got {sent.headers}"
    )


@pytest.mark.parametrize(
    "incoming",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"a" * 129, id="too-long"),
        pytest.param(b"ok\nGET /forged HTTP/1.1", id="newline-log-injection"),
        pytest.param(b'"quote"', id="quote"),
        pytest.param(b"caf\xe9", id="non-ascii"),
    ],
)
def test_an_unsafe_incoming_id_is_replaced(incoming: bytes) -> None:
    """An incoming id that is empty, longer than 128 or has any character outside
    `[A-Za-z0-9._-]` is replaced by a generated one, not cleaned: it would end up in log
    lines (a newline forges a line) and headers.

    If the bad value comes back, match the WHOLE value against the pattern (fullmatch).
    """
    app = RequestIdMiddleware(record_app(), generate=fixed("generated"))
    sent = run(call, app, http_scope(headers=[(b"x-request-id", incoming)]))
    assert sent.headers.get("x-request-id") == "generated", f"expected 'generated', got {sent.headers}"


@given(incoming=st.binary(max_size=140) | st.text(alphabet="aZ09._-/ ", max_size=140).map(str.encode))
@example(incoming=b"a" * 128)
@example(incoming=b"a" * 129)
@example(incoming=b"id with space")
def test_only_sane_ids_are_trusted(incoming: bytes) -> None:
    """Whatever the client sends, the id we use matches the safe pattern, and it is the
    client's own exactly when that one already did.

    If hypothesis finds a counter-example, print it: it is the input your check gets wrong.
    """
    app = RequestIdMiddleware(record_app(), generate=fixed("generated"))
    sent = run(call, app, http_scope(headers=[(b"x-request-id", incoming)]))
    got = sent.headers.get("x-request-id", "")
    trusted = SANE.fullmatch(incoming.decode("latin-1")) is not None
    expected = incoming.decode("latin-1") if trusted else "generated"
    assert got == expected, f"incoming {incoming!r}: expected {expected!r}, got {got!r}"


def test_trust_incoming_false_always_generates() -> None:
    """`trust_incoming=False` (a service at the edge) ignores the client's id entirely.

    If the client's id comes back, check the option before reading the header.
    """
    app = RequestIdMiddleware(record_app(), generate=fixed("ours"), trust_incoming=False)
    sent = run(call, app, http_scope(headers=[("x-request-id", "theirs")]))
    assert sent.headers.get("x-request-id") == "ours", f"expected 'ours', got {sent.headers}"


def test_custom_header_name() -> None:
    """`header="X-Correlation-ID"` reads and writes that header instead.

    If this fails, use the option for both the incoming lookup and the response.
    """
    app = RequestIdMiddleware(record_app(), header="X-Correlation-ID", generate=fixed("gen"))
    sent = run(call, app, http_scope(headers=[("x-correlation-id", "corr-7"), ("x-request-id", "nope")]))
    assert sent.headers.get("x-correlation-id") == "corr-7", f"expected 'corr-7', got {sent.headers}"
    assert "x-request-id" not in sent.headers, f"the default header should not be set, got {sent.headers}"


def test_the_app_sees_the_id_in_the_context_and_the_scope_state() -> None:
    """Inside the request, `current_request_id()` and `scope["state"]["request_id"]` hold
    the id; after it, `current_request_id()` is None again (the ContextVar was reset).

    If the id is None inside, set the ContextVar before calling the app; if it survives the
    request, reset it with the token in a `finally`.
    """
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen["context"] = current_request_id()
        seen["state"] = scope["state"].get("request_id")
        await record_app()(scope, receive, send)

    run(call, RequestIdMiddleware(app, generate=fixed("req-1")), http_scope())
    assert seen == {"context": "req-1", "state": "req-1"}, f"expected the id in both places, got {seen}"
    assert current_request_id() is None, f"expected None after the request, got {current_request_id()!r}"


def test_the_id_is_reset_even_when_the_app_raises() -> None:
    """An app that crashes does not leave its id behind for whatever runs next.

    If this fails, the reset is not in a `finally`.
    """

    async def crash(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    async def main() -> str | None:
        with pytest.raises(RuntimeError):
            await call(RequestIdMiddleware(crash, generate=fixed("req-1")), http_scope())
        return current_request_id()

    assert run(main) is None, "the id leaked out of a request that raised"


@pytest.mark.timeout(10)
def test_concurrent_requests_each_see_their_own_id() -> None:
    """Two requests served at the same time, interleaved, each read their own id: a
    ContextVar is per task, where a global variable or an attribute on the middleware
    would be overwritten by the other request.

    If both see the same id, you stored it somewhere shared instead of in a ContextVar.
    """
    both_inside = anyio.Event()
    inside = 0
    seen: dict[str, str | None] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal inside
        inside += 1
        if inside == 2:
            both_inside.set()
        await both_inside.wait()  # both requests are in flight now
        seen[scope["path"]] = current_request_id()
        await record_app()(scope, receive, send)

    middleware = RequestIdMiddleware(app)

    async def main() -> None:
        with anyio.fail_after(5):
            async with anyio.create_task_group() as group:
                for name in ("first", "second"):
                    headers = [("x-request-id", f"id-{name}")]
                    group.start_soon(call, middleware, http_scope(f"/{name}", headers=headers))

    run(main)
    assert seen == {"/first": "id-first", "/second": "id-second"}, f"expected each its own id, got {seen}"


def test_log_records_from_the_endpoint_carry_the_id() -> None:
    """With RequestIdFilter on a handler, a record the endpoint logs has `record.request_id`
    set to the request's id; a record logged outside any request gets "-".

    If `request_id` is missing, your filter does not set the attribute; if it is "-" inside
    the request, the filter does not read current_request_id().
    """
    logger = logging.getLogger("tests.endpoint")

    async def endpoint(scope: Any, receive: Any, send: Any) -> None:
        logger.info("handling")
        await record_app()(scope, receive, send)

    with captured("tests.endpoint", filters=[RequestIdFilter()]) as records:
        run(call, RequestIdMiddleware(endpoint, generate=fixed("req-42")), http_scope())
        logger.info("outside")
    got = [(r.getMessage(), getattr(r, "request_id", "<missing>")) for r in records]
    assert got == [("handling", "req-42"), ("outside", "-")], (
        f"expected the id inside, '-' outside; got {got}"
    )


def test_a_record_that_already_has_an_id_keeps_it() -> None:
    """`logger.info(..., extra={"request_id": "x"})` keeps "x": the filter only fills a gap.

    If "x" is replaced, check for an existing attribute before setting it.
    """
    with captured("tests.explicit", filters=[RequestIdFilter()]) as records:
        logging.getLogger("tests.explicit").info("explicit", extra={"request_id": "x"})
    assert [r.request_id for r in records] == ["x"], f"expected ['x'], got {[r.request_id for r in records]}"


def test_websocket_gets_an_id_and_lifespan_passes_through() -> None:
    """A websocket connection gets an id in its context too (its handler logs); a lifespan
    scope passes through without one.

    If lifespan fails, return early for scope types other than http and websocket.
    """
    seen: dict[str, str | None] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen[scope["type"]] = current_request_id()
        if scope["type"] == "websocket":
            await receive()
            await send({"type": "websocket.close", "code": 1000})

    middleware = RequestIdMiddleware(app, generate=fixed("ws-1"))
    run(call, middleware, http_scope(scope_type="websocket"), messages=[{"type": "websocket.connect"}])
    run(call, middleware, http_scope(scope_type="lifespan"), messages=[])
    assert seen == {"websocket": "ws-1", "lifespan": None}, f"expected an id for websocket only, got {seen}"


def test_request_state_on_a_real_framework() -> None:
    """On MiniASGI, an endpoint reads the id as `request.state.request_id`, and the client
    gets the same one in the header.

    If the state is empty, write the id into `scope["state"]` (create the dict if missing).
    """
    import miniasgi

    app = miniasgi.MiniASGI()
    app.add_middleware(RequestIdMiddleware)

    @app.route("/")
    async def whoami(request: Any) -> Any:
        return miniasgi.JSONResponse({"state": request.state.request_id, "context": current_request_id()})

    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get("/", headers={"x-request-id": "from-client"})

    response = anyio.run(main)
    assert response.json() == {"state": "from-client", "context": "from-client"}, f"got {response.json()}"
    assert response.headers.get("x-request-id") == "from-client", f"got headers {dict(response.headers)}"
