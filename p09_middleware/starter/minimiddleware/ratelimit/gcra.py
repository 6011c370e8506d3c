"""The Generic Cell Rate Algorithm (GCRA): a rate limit kept as one number per client.

A rate of `limit` requests per `period` seconds spaces requests `T = period / limit` apart
(the *emission interval*) and tolerates a burst of up to `limit` at once. GCRA remembers, per
client, only the *theoretical arrival time* (TAT): the moment this client's budget would be
full again if it stopped now. `Rate` and `Decision` are given; you write `gcra`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Float sums drift: 100 emission intervals of 0.6 s added to a monotonic clock reading of
# 123456.789 land 6e-10 s past 60 s. Compare with this much slack (a microsecond).
_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Rate:
    """`limit` requests per `period` seconds, in bursts of up to `limit`."""

    limit: int
    period: float = 60.0

    def __post_init__(self) -> None:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1:
            raise ValueError(
                f"A rate limit allows a whole number of requests, 1 or more, not {self.limit!r}."
            )
        if not (self.period > 0 and math.isfinite(self.period)):
            raise ValueError(f"A rate limit's period is a positive number of seconds, not {self.period!r}.")

    @property
    def interval(self) -> float:
        """The emission interval T: the steady spacing this rate allows forever."""
        return self.period / self.limit


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one request and the numbers its response headers report.

    `remaining`: how many more requests would pass right now. `reset_after`: seconds until
    the full burst is available again. `retry_after`: seconds until the next request would
    pass (0 when this one passed).
    """

    allowed: bool
    limit: int
    remaining: int
    reset_after: float
    retry_after: float


def gcra(tat: float | None, now: float, rate: Rate) -> tuple[float | None, Decision]:
    """Decide one request at `now` for a client whose stored TAT is `tat` (None: never seen)."""
    raise NotImplementedError(
        "Decide whether a request at `now` passes for a client whose theoretical arrival time is "
        "`tat` (None: never seen), allowing bursts of up to rate.limit; return the TAT to store "
        "(None when refused, which spends nothing) and the Decision."
    )
