"""Milestone 3, step 2: the same limit in Redis, and what happens when Redis is gone.

`RedisBackend(url, prefix=..., timeout=...)` runs GCRA as one Lua script inside Redis (read
the TAT, take Redis's own TIME, write the new TAT with an expiry), so every process using
the same Redis shares one budget per key. Any Redis failure becomes `BackendUnavailable`,
and the middleware's `on_backend_error` decides: "open" serves unlimited, "closed" answers
503. The tests use a private redis-server (the `redis_url` fixture).
"""

from __future__ import annotations

import json
import logging
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from coursekit import free_port
from coursekit.redis_server import running_redis
from minimiddleware import BackendUnavailable, Decision, Rate, RateLimitMiddleware, RedisBackend
from redis.asyncio import Redis

from .asgi import call, http_scope, record_app, run

LOGGER = "minimiddleware.ratelimit"

# These tests are about the script and the policies, not the deadline: a loaded CI machine can
# take longer than the production default (0.25 s) to open a connection, so a live Redis gets
# a patient timeout here. A stopped one refuses at once, whatever the timeout.
PATIENT = 5.0


def fresh_prefix() -> str:
    """Every test gets keys of its own in the shared Redis."""
    return f"test-{uuid.uuid4().hex}:"


def test_redis_backend_counts_down_then_refuses(redis_url: str) -> None:
    """3 per minute in Redis: remaining 2, 1, 0, then a refusal whose retry_after is about
    20 s (T) and reset_after about 60 s. The script returns integers (microseconds): Lua
    numbers handed back to Redis lose their fraction."""

    async def main() -> list[Decision]:
        backend = RedisBackend(redis_url, prefix=fresh_prefix(), timeout=PATIENT)
        try:
            return [await backend.hit("client", Rate(3)) for _ in range(4)]
        finally:
            await backend.aclose()

    decisions = run(main)
    got = [(d.allowed, d.remaining) for d in decisions]
    assert got == [(True, 2), (True, 1), (True, 0), (False, 0)], f"got {got}"
    refused = decisions[-1]
    assert 19.0 < refused.retry_after <= 20.0, f"expected retry_after just under 20 s, got {refused}"
    assert 59.0 < refused.reset_after <= 60.0, f"expected reset_after just under 60 s, got {refused}"
    assert decisions[0].reset_after == pytest.approx(20.0, abs=0.01), f"got {decisions[0]}"


@pytest.mark.parametrize("limit", [7, 100])
def test_a_full_burst_passes_in_redis_too(redis_url: str, limit: int) -> None:
    """All `limit` requests of a burst pass, counting down to 0, and the next is refused,
    also when T is not a whole number of microseconds (60 s / 7 = 8571428.57... us). If the
    counts are off by one, compare your script with gcra() line by line: the same formula,
    in microseconds, with the same microsecond of tolerance."""

    async def main() -> list[Decision]:
        backend = RedisBackend(redis_url, prefix=fresh_prefix(), timeout=PATIENT)
        try:
            return [await backend.hit("client", Rate(limit)) for _ in range(limit + 1)]
        finally:
            await backend.aclose()

    decisions = run(main)
    remaining = [d.remaining for d in decisions if d.allowed]
    assert remaining == list(range(limit - 1, -1, -1)), f"expected {limit - 1} down to 0, got {remaining}"
    assert not decisions[-1].allowed, f"expected request {limit + 1} refused, got {decisions[-1]}"


def test_the_key_is_prefixed_and_expires_when_its_tat_passes(redis_url: str) -> None:
    """The TAT lives under `prefix + key` with an expiry (PX) of the time until it passes,
    so Redis forgets an idle client on its own: here at most T = 20 s."""

    async def main() -> int:
        prefix = fresh_prefix()
        backend = RedisBackend(redis_url, prefix=prefix, timeout=PATIENT)
        inspector = Redis.from_url(redis_url)
        try:
            await backend.hit("client", Rate(3))
            return int(await inspector.pttl(prefix + "client"))
        finally:
            await backend.aclose()
            await inspector.aclose()

    ttl = run(main)
    assert 19_000 < ttl <= 20_000, f"expected an expiry just under 20000 ms on the key, got PTTL {ttl}"


def test_two_workers_share_one_budget(redis_url: str) -> None:
    """Two backends on the same Redis (two workers, two machines) spend ONE budget per key:
    alternating between them, only 4 of 8 requests pass at 4 per minute."""

    async def main() -> list[bool]:
        prefix = fresh_prefix()
        workers = [
            RedisBackend(redis_url, prefix=prefix, timeout=PATIENT),
            RedisBackend(redis_url, prefix=prefix, timeout=PATIENT),
        ]
        try:
            return [(await workers[i % 2].hit("client", Rate(4))).allowed for i in range(8)]
        finally:
            for worker in workers:
                await worker.aclose()

    allowed = run(main)
    assert allowed == [True] * 4 + [False] * 4, f"expected one shared budget of 4, got {allowed}"


def test_concurrent_hits_are_atomic_in_redis(redis_url: str) -> None:
    """40 hits in flight at once at 10 per minute: exactly 10 pass. Two round trips (GET,
    then SET) would let concurrent requests read the same TAT; one script cannot."""

    async def main() -> list[Decision]:
        backend = RedisBackend(redis_url, prefix=fresh_prefix(), timeout=PATIENT)
        decisions: list[Decision] = []

        async def one() -> None:
            decisions.append(await backend.hit("client", Rate(10)))

        try:
            async with anyio.create_task_group() as group:
                for _ in range(40):
                    group.start_soon(one)
        finally:
            await backend.aclose()
        return decisions

    passed = sum(decision.allowed for decision in run(main))
    assert passed == 10, f"expected exactly 10 of 40 concurrent hits to pass, got {passed}"


def test_the_script_survives_a_script_flush(redis_url: str) -> None:
    """A Redis restart (or SCRIPT FLUSH) forgets loaded scripts: EVALSHA answers NOSCRIPT and
    the backend must load the script again by itself (redis-py's register_script does)."""

    async def main() -> Decision:
        backend = RedisBackend(redis_url, prefix=fresh_prefix(), timeout=PATIENT)
        admin = Redis.from_url(redis_url)
        try:
            await backend.hit("client", Rate(5))
            await admin.script_flush()
            return await backend.hit("client", Rate(5))
        finally:
            await backend.aclose()
            await admin.aclose()

    decision = run(main)
    assert (decision.allowed, decision.remaining) == (True, 3), (
        f"expected the 2nd hit to pass, got {decision}"
    )


def test_a_client_you_pass_in_is_used_and_left_open(redis_url: str) -> None:
    """RedisBackend(client=...) shares a connection pool the app already has; aclose()
    closes only what the backend opened itself, so the app's client still works."""

    async def main() -> bool:
        client = Redis.from_url(redis_url)
        backend = RedisBackend(client=client, prefix=fresh_prefix(), timeout=PATIENT)
        try:
            decision = await backend.hit("client", Rate(2))
            assert decision.remaining == 1, f"got {decision}"
            await backend.aclose()
            return bool(await client.ping())
        finally:
            await client.aclose()

    assert run(main) is True, "expected the caller's client to still answer PING"


@pytest.mark.timeout(20)
def test_nothing_listening_is_backend_unavailable() -> None:
    """A Redis that is not there (connection refused) raises BackendUnavailable, not a
    redis-py error, and quickly: no retries with back-off on the request path."""

    async def main() -> None:
        backend = RedisBackend(f"redis://127.0.0.1:{free_port()}/0")
        try:
            with anyio.fail_after(5), pytest.raises(BackendUnavailable):
                await backend.hit("client", Rate(5))
        finally:
            await backend.aclose()

    run(main)


def test_the_timeout_must_be_positive() -> None:
    """RedisBackend(timeout=0) would fail every request: refused with a ValueError at once
    (no connection is made in __init__, so this needs no Redis)."""
    with pytest.raises(ValueError, match="timeout"):
        RedisBackend(timeout=0)


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A port that accepts connections (the kernel completes the handshake) but never
    answers: the worst outage, a Redis that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@pytest.mark.timeout(20)
def test_a_redis_that_never_answers_times_out(silent_redis: str) -> None:
    """With timeout=0.25 a hanging Redis costs a request about a quarter of a second, then
    BackendUnavailable: the limiter must never hang the requests it guards (5 s bound)."""

    async def main() -> None:
        backend = RedisBackend(silent_redis, timeout=0.25)
        try:
            with anyio.fail_after(5), pytest.raises(BackendUnavailable):
                await backend.hit("client", Rate(5))
        finally:
            await backend.aclose()

    run(main)


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


@pytest.mark.timeout(30)
def test_fail_open_serves_unlimited_while_redis_is_down(caplog: pytest.LogCaptureFixture) -> None:
    """With on_backend_error="open" (the default), requests get through without X-RateLimit
    headers while Redis is down, and ONE warning is logged for the outage, not one per
    request. Here Redis answers the first request, then is stopped."""
    app = record_app()

    async def main() -> list[Any]:
        with running_redis() as url:
            backend = RedisBackend(url, prefix=fresh_prefix(), timeout=PATIENT)
            middleware = RateLimitMiddleware(app, 10, backend=backend)
            sent = [await call(middleware, http_scope())]
        with anyio.fail_after(10):  # the stopped Redis must not make requests hang
            sent += [await call(middleware, http_scope()) for _ in range(3)]
        await backend.aclose()
        return sent

    caplog.set_level(logging.INFO, logger=LOGGER)
    sent = run(main)
    assert sent[0].headers.get("x-ratelimit-remaining") == "9", (
        f"expected Redis's 9 left, got {sent[0].headers}"
    )
    assert [s.status for s in sent[1:]] == [200, 200, 200], f"got {[s.status for s in sent[1:]]}"
    assert "x-ratelimit-limit" not in sent[1].headers, (
        f"an unlimited request must not claim a limit: {sent[1].headers}"
    )
    assert len(app.scopes) == 4, f"expected the app to serve all 4 requests, got {len(app.scopes)}"
    assert len(_warnings(caplog)) == 1, f"expected one warning for the outage, got {_warnings(caplog)}"


@pytest.mark.timeout(30)
def test_fail_closed_answers_503_while_redis_is_down(caplog: pytest.LogCaptureFixture) -> None:
    """With on_backend_error="closed", a request the limiter cannot decide gets 503 JSON
    {"detail": "Service Unavailable"} with Retry-After: 1, and the app is not called. Never
    a 500: catch BackendUnavailable, not everything."""
    app = record_app()
    url = f"redis://127.0.0.1:{free_port()}/0"

    async def main() -> list[Any]:
        backend = RedisBackend(url)
        middleware = RateLimitMiddleware(app, 10, backend=backend, on_backend_error="closed")
        with anyio.fail_after(10):
            sent = [await call(middleware, http_scope()) for _ in range(2)]
        await backend.aclose()
        return sent

    caplog.set_level(logging.INFO, logger=LOGGER)
    sent = run(main)
    for answer in sent:
        assert answer.status == 503, f"expected 503, got {answer.status}"
        assert json.loads(answer.body) == {"detail": "Service Unavailable"}, f"got {answer.body!r}"
        assert answer.headers.get("retry-after") == "1", f"expected Retry-After: 1, got {answer.headers}"
    assert app.scopes == [], "the app must not be called when the limiter cannot decide"
    assert len(_warnings(caplog)) == 1, f"expected one warning for the outage, got {_warnings(caplog)}"


class FlakyBackend:
    """A backend that is down whenever the test says so."""

    def __init__(self) -> None:
        self.down = False

    async def hit(self, key: str, rate: Rate) -> Decision:
        if self.down:
            raise BackendUnavailable("switched off by the test")
        return Decision(
            allowed=True, limit=rate.limit, remaining=rate.limit - 1, reset_after=1.0, retry_after=0.0
        )


def test_one_warning_per_outage_and_a_note_when_it_ends(caplog: pytest.LogCaptureFixture) -> None:
    """Down, down, up, down, down: two outages, so exactly two warnings (the first failure
    of each), and an INFO record when the backend answers again. Remember "is it down?"
    in the middleware and reset it on the first success."""
    backend = FlakyBackend()
    middleware = RateLimitMiddleware(record_app(), 10, backend=backend)
    caplog.set_level(logging.INFO, logger=LOGGER)
    for down in (True, True, False, True, True):
        backend.down = down
        status = run(call, middleware, http_scope()).status
        assert status == 200, f"expected 200 (fail open), got {status}"
    assert len(_warnings(caplog)) == 2, f"expected 2 warnings (2 outages), got {_warnings(caplog)}"
    infos = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.INFO]
    assert len(infos) == 1, f"expected one INFO record when the backend came back, got {infos}"
