"""Milestone 3, step 0: the Generic Cell Rate Algorithm, as a pure function of a fake clock.

`gcra(tat, now, rate)` decides one request for a client whose stored theoretical arrival time
is `tat` (None for a client never seen) and returns `(tat_to_store, decision)`; the TAT to
store is None when the request is refused. With `T = period / limit`, a request is allowed
when `max(tat, now) + T - period <= now`, and then the new TAT is `max(tat, now) + T`.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from minimiddleware import Decision, Rate
from minimiddleware.ratelimit import gcra

# A monotonic clock reads the seconds since boot: start the fake one far from zero, where
# float sums are least exact.
BOOT = 123456.789


def test_the_first_request_of_a_client_leaves_the_burst_minus_one() -> None:
    """A client never seen (tat=None) at 100 requests per minute is allowed, with 99 left.
    The new TAT is `now + T` (T = 60/100 = 0.6 s): the budget is full again 0.6 s from now.
    If this fails, start from the formula in the module docstring."""
    tat, decision = gcra(None, BOOT, Rate(100))
    assert decision.allowed is True, f"expected the first request allowed, got {decision}"
    assert decision.remaining == 99, f"expected remaining=99 (limit - 1), got {decision.remaining}"
    assert decision.limit == 100, f"expected limit=100, got {decision.limit}"
    assert tat == pytest.approx(BOOT + 0.6), f"expected the new TAT now + T = {BOOT + 0.6}, got {tat}"
    assert decision.reset_after == pytest.approx(0.6), f"expected reset_after=T=0.6 s, got {decision}"
    assert decision.retry_after == 0, f"expected retry_after=0 for an allowed request, got {decision}"


@pytest.mark.parametrize("limit", [1, 3, 7, 10, 100, 1000])
def test_a_burst_counts_down_to_zero_then_is_refused(limit: int) -> None:
    """`limit` requests at the same instant pass with remaining limit-1, ..., 1, 0; the next
    one is refused (allowed=False, remaining=0, nothing to store). If the last request of
    the burst is refused, your float sums drifted: 100 x 0.6 s added to a clock near 123456
    comes out a hair over 60 s, so compare with a tiny tolerance (a microsecond)."""
    rate = Rate(limit)
    tat: float | None = None
    seen = []
    for _ in range(limit):
        new_tat, decision = gcra(tat, BOOT, rate)
        assert decision.allowed, f"request {len(seen) + 1} of a burst of {limit} was refused: {decision}"
        seen.append(decision.remaining)
        tat = new_tat
    assert seen == list(range(limit - 1, -1, -1)), f"expected remaining to count down to 0, got {seen}"
    refused_tat, refused = gcra(tat, BOOT, rate)
    assert refused_tat is None, f"a refused request must not change the stored TAT, got {refused_tat}"
    assert (refused.allowed, refused.remaining, refused.limit) == (False, 0, limit), f"got {refused}"


def test_a_refusal_says_when_to_retry_and_spends_nothing() -> None:
    """After a burst of 3 per minute (T = 20 s) the 4th request is refused with
    retry_after = 20 s (the next slot) and reset_after = 60 s (the whole burst back). A
    retry 1 ms early is still refused; one at exactly retry_after passes, with 0 left."""
    rate = Rate(3)
    tat: float | None = None
    for _ in range(3):
        tat, _ = gcra(tat, BOOT, rate)
    assert tat is not None
    stored, refused = gcra(tat, BOOT, rate)
    assert stored is None
    assert refused.retry_after == pytest.approx(20.0), f"expected retry_after 20 s, got {refused.retry_after}"
    assert refused.reset_after == pytest.approx(60.0), f"expected reset_after 60 s, got {refused.reset_after}"
    early_tat, early = gcra(tat, BOOT + 19.999, rate)
    assert (early_tat, early.allowed) == (None, False), f"expected a refusal 1 ms early, got {early}"
    _, retried = gcra(tat, BOOT + refused.retry_after, rate)
    assert retried.allowed, f"expected a retry at retry_after to pass, got {retried}"
    assert retried.remaining == 0, f"expected remaining 0 (one slot refilled, now spent), got {retried}"


def test_a_tat_in_the_past_means_a_full_budget() -> None:
    """A client last seen long ago (its TAT has passed) is treated exactly like a new one:
    max(tat, now) is now, so the burst is whole again."""
    tat, decision = gcra(BOOT - 3600.0, BOOT, Rate(10))
    assert decision.remaining == 9, f"expected a full burst (remaining 9), got {decision}"
    assert tat == pytest.approx(BOOT + 6.0), f"expected the TAT to restart from now: {BOOT + 6.0}, got {tat}"


def test_after_reset_after_the_whole_burst_is_back() -> None:
    """reset_after is the time until the budget is full: wait that long and `limit`
    requests pass again at once."""
    rate = Rate(4)
    tat: float | None = None
    decision = None
    for _ in range(3):
        tat, decision = gcra(tat, BOOT, rate)
    assert decision is not None
    later = BOOT + decision.reset_after
    passed = 0
    for _ in range(10):  # bounded: a limiter that never refuses must fail, not hang
        new_tat, _ = gcra(tat, later, rate)
        if new_tat is None:
            break
        tat, passed = new_tat, passed + 1
    assert passed == 4, f"expected the full burst of 4 after reset_after={decision.reset_after}, got {passed}"


@pytest.mark.parametrize(
    ("limit", "period"),
    [(0, 60.0), (-5, 60.0), (True, 60.0), (2.5, 60.0), (10, 0.0), (10, -1.0), (10, math.inf), (10, math.nan)],
)
def test_a_rate_must_make_sense(limit: int, period: float) -> None:
    """Rate(limit, period) refuses, with a ValueError sentence, a limit that is not a whole
    number >= 1 and a period that is not a positive, finite number of seconds: a bad
    configuration fails at startup, not on the first request."""
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        Rate(limit, period)


def test_a_rate_knows_its_emission_interval() -> None:
    """Rate(100) is 100 per 60 s, so requests are spaced T = 0.6 s apart in the long run."""
    assert Rate(100).interval == pytest.approx(0.6), f"got {Rate(100).interval}"
    assert Rate(5, period=1.0).interval == pytest.approx(0.2), f"got {Rate(5, period=1.0).interval}"


def _replay(limit: int, period_ms: int, gaps_ms: list[int]) -> list[tuple[int, Decision]]:
    """Send requests at the given gaps (milliseconds) to one client; return (time in ms,
    decision) for each. Times are whole milliseconds so the test can do exact integer math."""
    rate = Rate(limit, period_ms / 1000)
    tat: float | None = None
    at_ms = 0
    out = []
    for gap in gaps_ms:
        at_ms += gap
        new_tat, decision = gcra(tat, BOOT + at_ms / 1000, rate)
        if new_tat is not None:
            tat = new_tat
        out.append((at_ms, decision))
    return out


rates = st.tuples(st.integers(min_value=1, max_value=20), st.integers(min_value=1, max_value=120_000))
traffic = st.lists(st.integers(min_value=0, max_value=30_000), max_size=60)


@given(rates, traffic)
@example((3, 60_000), [0, 0, 0, 0, 20_000, 0, 19_999, 1])
@example((1, 1_000), [0, 999, 1, 1_000, 0])
@example((10, 60_000), [0] * 12 + [6_000] * 3)
def test_no_window_ever_sees_more_than_the_burst_plus_the_refill(
    rate: tuple[int, int], gaps_ms: list[int]
) -> None:
    """The GCRA guarantee: in ANY interval of length d, at most limit + floor(d / T)
    requests pass (the burst, plus one per emission interval). Computed exactly, with the
    requests' times in whole milliseconds and floor(d / T) = d * limit // period."""
    limit, period_ms = rate
    allowed = [at for at, decision in _replay(limit, period_ms, gaps_ms) if decision.allowed]
    for first in range(len(allowed)):
        for last in range(first, len(allowed)):
            passed = last - first + 1
            d = allowed[last] - allowed[first]
            bound = limit + d * limit // period_ms
            assert passed <= bound, (
                f"{passed} requests passed between t={allowed[first]} ms and t={allowed[last]} ms, "
                f"but GCRA allows at most {bound} (limit {limit} per {period_ms} ms)"
            )


@given(rates, st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=50))
@example((1, 60_000), 0, 5)
@example((7, 60_000), 12_345, 30)
def test_one_request_every_interval_is_never_refused(
    rate: tuple[int, int], start_ms: int, count: int
) -> None:
    """A client that sends exactly one request every T = period / limit seconds is always
    allowed, with the full burst minus one left each time: the steady rate IS the rate."""
    limit, period_ms = rate
    gcra_rate = Rate(limit, period_ms / 1000)
    tat: float | None = None
    for k in range(count):
        now = BOOT + start_ms / 1000 + k * gcra_rate.interval
        new_tat, decision = gcra(tat, now, gcra_rate)
        assert decision.allowed, f"request {k + 1}, one every {gcra_rate.interval} s, was refused: {decision}"
        assert decision.remaining == limit - 1, f"expected {limit - 1} left at a steady rate, got {decision}"
        tat = new_tat


@given(rates, traffic)
@example((5, 60_000), [0, 0, 13_000])
@example((2, 1_000), [0, 400, 100, 700])
def test_remaining_tells_the_truth(rate: tuple[int, int], gaps_ms: list[int]) -> None:
    """After any history, a request answered with remaining = r is followed, at the same
    instant, by exactly r more allowed requests (remaining counting down by one each) and
    then a refusal. remaining is never negative and refusals report 0."""
    limit, period_ms = rate
    gcra_rate = Rate(limit, period_ms / 1000)
    tat: float | None = None
    at_ms = 0
    for gap in [*gaps_ms, 0]:
        at_ms += gap
        now = BOOT + at_ms / 1000
        new_tat, decision = gcra(tat, now, gcra_rate)
        assert decision.remaining >= 0, f"remaining must never be negative, got {decision}"
        if new_tat is None:
            assert decision.remaining == 0, f"a refusal must report remaining=0, got {decision}"
            continue
        tat = new_tat
    # Now the burst at the last instant: it must count down exactly as promised.
    promised = decision.remaining if decision.allowed else 0
    countdown = []
    for _ in range(limit + 2):  # bounded: a limiter that never refuses must fail, not hang
        new_tat, decision = gcra(tat, now, gcra_rate)
        if new_tat is None:
            break
        tat = new_tat
        countdown.append(decision.remaining)
    assert countdown == list(range(promised - 1, -1, -1)), (
        f"remaining promised {promised} more requests at t={at_ms} ms; they reported {countdown}"
    )
