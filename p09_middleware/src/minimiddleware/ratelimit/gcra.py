"""The Generic Cell Rate Algorithm (GCRA): a rate limit kept as one number per client.

A rate of `limit` requests per `period` seconds spaces requests `T = period / limit` apart
(the *emission interval*) and tolerates a burst of up to `limit` at once. GCRA remembers, per
client, only the *theoretical arrival time* (TAT): the moment this client's budget would be
full again if it stopped now. Each allowed request pushes the TAT `T` further into the future;
a request is refused when honouring it would push the TAT more than `period` ahead of the
clock. That is a token bucket (capacity `limit`, refilled one token every `T`) written down as
the time it will be full instead of a count of tokens, and the difference is the point: a
count needs a refill timestamp beside it and a refill step, the TAT needs nothing, so the
whole state is one float, a hit is one read-compute-write, and in Redis one key with an
expiry that deletes it exactly when forgetting it changes nothing.

`gcra` is pure (the clock is an argument), so the guarantee can be tested with a fake clock:
in any interval of length `d`, at most `limit + floor(d / T)` requests pass, and a client
sending exactly one request every `T` is never refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Float sums drift: 100 emission intervals of 0.6 s added to a monotonic clock reading of
# 123456.789 land 6e-10 s past 60 s, which without slack would refuse the last request of a
# full burst. A microsecond is the resolution of Redis's clock, far below anything a client
# can observe, and far above the drift of any realistic burst.
_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Rate:
    """`limit` requests per `period` seconds, in bursts of up to `limit`.

    Invalid rates are refused when the limiter is configured: a limit of 0 or a period of 0
    would otherwise surface as a ZeroDivisionError on the first request.
    """

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
    """Decide one request at `now` for a client whose stored TAT is `tat` (None: never seen).

    Returns the TAT to store, or None when the request is refused: a refusal spends nothing,
    so a client hammering a closed door does not push its own reopening further away.
    """
    interval = rate.interval
    # A TAT in the past means a full budget: the client is treated as if it arrived just now.
    start = now if tat is None else max(tat, now)
    new_tat = start + interval
    if new_tat - rate.period > now + _TOLERANCE:
        retry_after = new_tat - rate.period - now
        return None, Decision(False, rate.limit, 0, start - now, retry_after)
    remaining = math.floor((now + rate.period - new_tat + _TOLERANCE) / interval)
    return new_tat, Decision(True, rate.limit, remaining, new_tat - now, 0.0)
