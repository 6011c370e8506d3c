"""A clock a test controls, for middleware that take `clock=` (timing, access log)."""

from __future__ import annotations


class FakeClock:
    """Returns `now` (seconds) until a test or a fake app moves it: no real time involved,
    so a test can assert an exact duration."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
