"""Milestone 3, step 1: the in-memory backend and the middleware that answers with it.

`MemoryBackend(clock=..., max_keys=...)` keeps one TAT per key in a dict and decides with
`gcra`; `RateLimitMiddleware(app, requests_per_minute, key=..., backend=...)` asks it about
every http request and reports the answer in X-RateLimit-* headers, or refuses with 429.
The tests drive a fake clock, so nothing here waits.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest
from minimiddleware import Decision, MemoryBackend, Rate, RateLimitMiddleware, client_ip

from .asgi import call, http_scope, record_app, run, streaming_app


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_memory_backend_counts_down_per_key() -> None:
    """Three hits on key "a" at 3 per minute leave 2, 1, 0; the fourth is refused. Key "b"
    has its own, untouched budget. Keep one TAT per key and decide with your gcra()."""

    async def main() -> None:
        backend = MemoryBackend(clock=FakeClock())
        rate = Rate(3)
        remaining = [(await backend.hit("a", rate)).remaining for _ in range(3)]
        assert remaining == [2, 1, 0], f"expected 2, 1, 0 left, got {remaining}"
        fourth = await backend.hit("a", rate)
        assert not fourth.allowed, f"expected the 4th hit refused, got {fourth}"
        other = await backend.hit("b", rate)
        assert (other.allowed, other.remaining) == (True, 2), f"expected key b untouched, got {other}"

    run(main)


def test_memory_backend_refills_as_its_clock_moves() -> None:
    """Once refused, a key passes again one emission interval later (T = 20 s at 3 per
    minute): read the time from the `clock` you were given, never from time.time()."""

    async def main() -> None:
        clock = FakeClock()
        backend = MemoryBackend(clock=clock)
        rate = Rate(3)
        for _ in range(3):
            await backend.hit("a", rate)
        refused = await backend.hit("a", rate)
        assert not refused.allowed, f"expected a refusal after the burst, got {refused}"
        clock.now += refused.retry_after
        again = await backend.hit("a", rate)
        assert again.allowed, f"expected a pass {refused.retry_after} s later, got {again}"

    run(main)


def test_concurrent_hits_never_share_a_budget() -> None:
    """50 requests of one client, all in flight at once, at 10 per minute: exactly 10 pass.
    Reading the TAT, deciding and writing it must happen with no `await` in between, or two
    requests read the same old TAT and both pass."""

    async def main() -> list[Decision]:
        backend = MemoryBackend(clock=FakeClock())
        decisions: list[Decision] = []

        async def one() -> None:
            decisions.append(await backend.hit("client", Rate(10)))

        async with anyio.create_task_group() as group:
            for _ in range(50):
                group.start_soon(one)
        return decisions

    decisions = run(main)
    passed = sum(decision.allowed for decision in decisions)
    assert passed == 10, f"expected exactly 10 of 50 concurrent requests to pass, got {passed}"


def test_memory_stays_bounded_by_max_keys() -> None:
    """A flood of distinct clients (say, spoofed addresses) must not grow the dict without
    end: past max_keys, keys are dropped, so len(backend) never exceeds max_keys."""

    async def main() -> None:
        backend = MemoryBackend(clock=FakeClock(), max_keys=100)
        for index in range(1000):
            await backend.hit(f"client-{index}", Rate(5))
            assert len(backend) <= 100, f"after {index + 1} clients, {len(backend)} keys kept (max 100)"

    run(main)


def test_expired_keys_go_first_and_the_latest_client_keeps_its_state() -> None:
    """When the dict is full, keys whose TAT has passed are dropped first: forgetting them
    changes nothing. A client still inside its window, and seen recently, keeps its state
    (it is still refused), even if active keys must go too."""

    async def main() -> None:
        clock = FakeClock()
        backend = MemoryBackend(clock=clock, max_keys=10)
        slow, fast = Rate(1, period=1000.0), Rate(1, period=1.0)
        for index in range(5):
            await backend.hit(f"active-{index}", slow)  # TAT 1000 s ahead
            await backend.hit(f"expired-{index}", fast)  # TAT 1 s ahead
        clock.now += 10.0
        await backend.hit("active-0", slow)  # refused, and now the most recently seen
        await backend.hit("newcomer", slow)  # the 11th key: time to make room
        assert len(backend) <= 10, f"expected at most 10 keys, got {len(backend)}"
        for index in range(5):
            kept = await backend.hit(f"active-{index}", slow)
            assert not kept.allowed, f"active-{index} lost its state while expired keys could go: {kept}"

    run(main)


# The middleware ------------------------------------------------------------------------------


def limited(app: Any, requests_per_minute: int = 100, **options: Any) -> RateLimitMiddleware:
    options.setdefault("backend", MemoryBackend(clock=FakeClock()))
    return RateLimitMiddleware(app, requests_per_minute, **options)


def test_every_response_carries_the_three_headers() -> None:
    """The seed: at 100 per minute the first response says X-RateLimit-Limit: 100,
    X-RateLimit-Remaining: 99 and X-RateLimit-Reset: 1 (0.6 s until the burst is whole,
    rounded UP to whole seconds). Add them on http.response.start, on the way out."""
    app = record_app()
    sent = run(call, limited(app), http_scope())
    assert sent.status == 200, f"expected the app's 200, got {sent.status}"
    got = {name: sent.headers.get(name) for name in ("x-ratelimit-limit", "x-ratelimit-remaining")}
    assert got == {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "99"}, f"got {got}"
    assert sent.headers.get("x-ratelimit-reset") == "1", f"expected Reset 1, got {sent.headers}"
    assert sent.body == b"ok", f"expected the app's body untouched, got {sent.body!r}"


def test_remaining_counts_down_request_by_request() -> None:
    """Each request of the same client spends one: 99, 98, 97, and Reset grows with the
    spent budget (3 x 0.6 s = 1.8 s, shown as 2)."""
    middleware = limited(record_app())
    sent = [run(call, middleware, http_scope()) for _ in range(3)]
    remaining = [s.headers.get("x-ratelimit-remaining") for s in sent]
    assert remaining == ["99", "98", "97"], f"got {remaining}"
    assert sent[-1].headers.get("x-ratelimit-reset") == "2", f"got {sent[-1].headers}"


def test_over_the_limit_the_app_is_not_called_and_the_client_gets_429() -> None:
    """At 2 per minute the third request gets 429 with JSON {"detail": "Too Many Requests"},
    Retry-After: 30 (seconds until one more passes), X-RateLimit-Remaining: 0 and Reset: 60.
    The app is never called for it: refuse before calling `self.app`."""
    app = record_app()
    middleware = limited(app, 2)
    for _ in range(2):
        run(call, middleware, http_scope())
    sent = run(call, middleware, http_scope())
    assert sent.status == 429, f"expected 429, got {sent.status}"
    assert json.loads(sent.body) == {"detail": "Too Many Requests"}, f"got {sent.body!r}"
    assert sent.headers.get("content-type") == "application/json", f"got {sent.headers}"
    expected = {
        "retry-after": "30",
        "x-ratelimit-limit": "2",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "60",
    }
    got = {name: sent.headers.get(name) for name in expected}
    assert got == expected, f"expected {expected}, got {got}"
    assert len(app.scopes) == 2, f"expected the app called twice (not for the 429), got {len(app.scopes)}"


def test_retry_after_is_at_least_one_second() -> None:
    """At 120 per minute the next slot is 0.5 s away; Retry-After holds whole seconds and 0
    would invite an immediate retry, so it says 1 (round up)."""
    middleware = limited(record_app(), 120)
    for _ in range(120):
        run(call, middleware, http_scope())
    sent = run(call, middleware, http_scope())
    assert (sent.status, sent.headers.get("retry-after")) == (429, "1"), f"got {sent.status} {sent.headers}"

    class RefusesWithZero:  # a backend may well say "retry in 0.0 s"
        async def hit(self, key: str, rate: Rate) -> Decision:
            return Decision(allowed=False, limit=rate.limit, remaining=0, reset_after=0.0, retry_after=0.0)

    sent = run(call, RateLimitMiddleware(record_app(), 5, backend=RefusesWithZero()), http_scope())
    assert (sent.status, sent.headers.get("retry-after")) == (429, "1"), f"got {sent.status} {sent.headers}"


def test_each_client_address_has_its_own_budget() -> None:
    """The default key is the client's address (scope["client"][0]): another address starts
    with a full budget."""
    middleware = limited(record_app(), 1)
    first = run(call, middleware, http_scope(client=("10.0.0.1", 1000)))
    again = run(call, middleware, http_scope(client=("10.0.0.1", 2000)))
    other = run(call, middleware, http_scope(client=("10.0.0.2", 1000)))
    statuses = [first.status, again.status, other.status]
    assert statuses == [200, 429, 200], f"expected 200, 429 (same address, new port), 200, got {statuses}"


def test_a_request_without_a_key_is_not_limited() -> None:
    """A key function returning None exempts the request: no budget spent, no headers. The
    default key returns None for a request without a client address (a unix socket)."""
    app = record_app()
    middleware = limited(app, 1)
    sent = [run(call, middleware, http_scope(client=None)) for _ in range(3)]
    assert [s.status for s in sent] == [200, 200, 200], f"got {[s.status for s in sent]}"
    assert "x-ratelimit-limit" not in sent[0].headers, f"an exempt request got headers: {sent[0].headers}"

    def health_exempt(scope: dict[str, Any]) -> str | None:
        return None if scope["path"] == "/health" else client_ip(scope)

    middleware = limited(app, 1, key=health_exempt)
    statuses = [run(call, middleware, http_scope(path)).status for path in ("/health", "/", "/health", "/")]
    assert statuses == [200, 200, 200, 429], f"expected /health exempt and / limited, got {statuses}"


def test_a_custom_key_names_the_budget() -> None:
    """`key=` decides who shares a budget: here an API key header, so two clients with the
    same key share one budget whatever their address."""

    def api_key(scope: dict[str, Any]) -> str | None:
        return dict(scope["headers"]).get(b"x-api-key", b"").decode() or None

    middleware = limited(record_app(), 1, key=api_key)
    one = run(call, middleware, http_scope(headers=[("x-api-key", "k1")], client=("10.0.0.1", 1)))
    two = run(call, middleware, http_scope(headers=[("x-api-key", "k1")], client=("10.0.0.2", 1)))
    assert (one.status, two.status) == (200, 429), (
        f"expected one budget per API key, got {one.status, two.status}"
    )


def test_client_ip_is_the_peer_address_and_ignores_forwarded_headers() -> None:
    """client_ip reads scope["client"][0], the connection's peer. X-Forwarded-For is sent by
    the client and can say anything: it must not change the key (behind a proxy, let the
    server rewrite scope["client"]: uvicorn --proxy-headers --forwarded-allow-ips)."""
    spoofed = http_scope(client=("203.0.113.7", 5000), headers=[("x-forwarded-for", "198.51.100.1")])
    assert client_ip(spoofed) == "203.0.113.7", f"got {client_ip(spoofed)!r}"
    assert client_ip(http_scope(client=None)) is None, "expected None without a client address"


@pytest.mark.parametrize("scope_type", ["lifespan", "websocket"])
def test_other_scopes_pass_through_untouched(scope_type: str) -> None:
    """Only http requests are limited: a lifespan or websocket scope reaches the app as is,
    and the backend is not asked."""
    seen: list[dict[str, Any]] = []

    class NeverAsked:
        async def hit(self, key: str, rate: Rate) -> Decision:
            raise AssertionError(f"the backend was asked about a {scope_type} scope")

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(scope)

    scope = http_scope(scope_type=scope_type)
    run(call, RateLimitMiddleware(app, 1, backend=NeverAsked()), scope)
    assert seen == [scope], f"expected the {scope_type} scope to reach the app unchanged, got {seen}"


def test_the_response_body_streams_through() -> None:
    """The middleware only edits http.response.start: a streamed body goes out chunk by
    chunk. The app waits after its first chunk until that chunk has reached the client, so
    a middleware that buffers the body would hang here (bounded by a 5 s limit)."""
    gate = anyio.Event()

    async def main() -> Any:
        async def release(message: dict[str, Any]) -> None:
            if message.get("body") == b"first":
                gate.set()

        with anyio.fail_after(5):
            return await call(
                limited(streaming_app([b"first", b"second"], gate=gate)), http_scope(), on_send=release
            )

    sent = run(main)
    assert sent.chunks[:2] == [b"first", b"second"], f"got {sent.chunks}"
    assert sent.headers.get("x-ratelimit-remaining") == "99", f"got {sent.headers}"


def test_a_bad_configuration_fails_at_startup() -> None:
    """requests_per_minute must be >= 1 and on_backend_error "open" or "closed": both are
    checked in __init__ (ValueError), not on the first request."""
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        RateLimitMiddleware(record_app(), 0)
    with pytest.raises(ValueError, match="open"):
        RateLimitMiddleware(record_app(), 10, on_backend_error="ajar")  # type: ignore[arg-type]


def test_the_default_backend_is_in_memory() -> None:
    """Without backend=, the middleware keeps its counts in a MemoryBackend of its own."""
    middleware = RateLimitMiddleware(record_app(), 1)
    statuses = [run(call, middleware, http_scope()).status for _ in range(2)]
    assert statuses == [200, 429], f"got {statuses}"


def test_max_keys_must_allow_at_least_one_client() -> None:
    """MemoryBackend(max_keys=0) could remember nobody: refused with a ValueError at once."""
    with pytest.raises(ValueError, match="max_keys"):
        MemoryBackend(max_keys=0)
