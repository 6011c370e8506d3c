"""Five rate-limiting algorithms on the same traffic: `python p09_middleware/examples/bursts.py`.

A simulation (no server, no clock: every arrival time is given), so the output is the same on
every machine. The limit is 100 requests per minute. The client is silent for a minute, then
sends a burst of 200 requests in the second around the fixed-window boundary at t = 60 s,
then 2 requests per second (120 a minute, over the limit) for three minutes.

For each algorithm it prints how many requests were admitted (of the burst, and in all), the
worst 60-second window (the most admitted requests in any interval [t, t + 60 s)) and the
state kept per client.
GCRA is the package's own `gcra()`; the others are written here in a few lines each.
"""

from __future__ import annotations

import bisect
from collections import deque
from fractions import Fraction

from minimiddleware.ratelimit import Rate, gcra

LIMIT = 100
PERIOD = Fraction(60)
BURST_END = Fraction(61)


def arrivals() -> list[Fraction]:
    burst = [Fraction(595, 10) + Fraction(i, 200) for i in range(200)]  # 59.5 s .. 60.495 s
    steady = [Fraction(61) + Fraction(i, 2) for i in range(360)]  # every 0.5 s until t = 240.5 s
    return burst + steady


class FixedWindow:
    """A counter per calendar minute: two full bursts fit either side of a boundary."""

    state = "window start + count"

    def __init__(self) -> None:
        self.window, self.count = -1, 0

    def allow(self, now: Fraction) -> bool:
        window = now // PERIOD
        if window != self.window:
            self.window, self.count = window, 0
        if self.count < LIMIT:
            self.count += 1
            return True
        return False


class SlidingLog:
    """Every admitted timestamp of the last minute: exact, but memory grows with the limit."""

    state = f"up to {LIMIT} timestamps"

    def __init__(self) -> None:
        self.log: deque[Fraction] = deque()

    def allow(self, now: Fraction) -> bool:
        while self.log and self.log[0] <= now - PERIOD:
            self.log.popleft()
        if len(self.log) < LIMIT:
            self.log.append(now)
            return True
        return False


class SlidingWindowCounter:
    """Two fixed-window counters, the previous one weighted by how much of it still overlaps
    the last minute: an estimate that assumes the previous minute's traffic was even."""

    state = "window start + 2 counts"

    def __init__(self) -> None:
        self.window, self.previous, self.current = 0, 0, 0

    def allow(self, now: Fraction) -> bool:
        window = now // PERIOD
        if window != self.window:
            self.previous = self.current if window == self.window + 1 else 0
            self.window, self.current = window, 0
        overlap = 1 - (now - window * PERIOD) / PERIOD
        if self.previous * overlap + self.current < LIMIT:
            self.current += 1
            return True
        return False


class TokenBucket:
    """`LIMIT` tokens, refilled continuously at LIMIT per minute; a request takes one."""

    state = "tokens + last refill time"

    def __init__(self) -> None:
        self.tokens, self.last = Fraction(LIMIT), Fraction(0)

    def allow(self, now: Fraction) -> bool:
        self.tokens = min(Fraction(LIMIT), self.tokens + (now - self.last) * LIMIT / PERIOD)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class GCRA:
    """The package's algorithm: the token bucket kept as the time it will be full again."""

    state = "one TAT"

    def __init__(self) -> None:
        self.tat: float | None = None
        self.rate = Rate(LIMIT, float(PERIOD))

    def allow(self, now: Fraction) -> bool:
        new_tat, decision = gcra(self.tat, float(now), self.rate)
        if new_tat is not None:
            self.tat = new_tat
        return decision.allowed


def worst_window(admitted: list[Fraction]) -> int:
    """The most admitted requests in any [t, t + 60 s): the busiest window starts at an
    admitted request, so trying every one of them as a start is enough."""
    return max((bisect.bisect_left(admitted, t + PERIOD) - i for i, t in enumerate(admitted)), default=0)


def main() -> None:
    traffic = arrivals()
    print(f"limit {LIMIT} per {PERIOD} s; {len(traffic)} requests offered (a 200-request burst at t = 60 s,")
    print("then 2 per second for 3 minutes)\n")
    print(f"{'algorithm':<22}{'of the burst':>13}{'in all':>8}{'worst 60-s window':>19}   state per client")
    for algorithm in (FixedWindow(), SlidingLog(), SlidingWindowCounter(), TokenBucket(), GCRA()):
        admitted = [now for now in traffic if algorithm.allow(now)]
        in_burst = sum(now < BURST_END for now in admitted)
        name = type(algorithm).__name__
        print(f"{name:<22}{in_burst:>13}{len(admitted):>8}{worst_window(admitted):>19}   {algorithm.state}")


if __name__ == "__main__":
    main()
