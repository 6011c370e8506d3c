"""What locust recorded, read back: its counts and its histogram of times per request name,
and the percentiles read from that histogram exactly as locust's own reports compute them.

locust writes these numbers to the JSON file `--json-file` names (`locust/stats.py` keeps
them); `minibench.load` reads it once the run is over. The percentiles are checked against
locust's own code in `tests/test_m2_3_percentiles.py`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Counts:
    """What locust recorded under one request name."""

    requests: int
    failures: int
    total_ms: float  # the sum of the exact times
    histogram: dict[float, int] = field(default_factory=dict)  # rounded time in ms -> requests


def percentile(histogram: Mapping[float, int], fraction: float) -> float:
    """The time locust itself reports as this percentile: that of the request at position
    `int(total * fraction)` in order of time, counted from 0 (the slowest one for 1.0).

    So at most `fraction` of the requests took less: of 100 requests taking 0, 1, ..., 99 ms,
    p50 is 50 ms and p99 99 ms, as locust's own tests have it. (The textbook "nearest rank"
    percentile is one request earlier whenever `total * fraction` is a whole number: 49 and
    98 ms.) The report's numbers are then the ones locust would print for the same requests.

    locust keeps times rounded, not exact: to the millisecond under 100 ms, then to two
    significant digits (147 ms is kept as 150). So a server answering in 0.3 ms reads as
    0 ms, one answering in 0.6 ms as 1 ms: sub-millisecond percentiles say "under a
    millisecond or so", no more. The mean is exact (locust sums the unrounded times).
    """
    raise NotImplementedError(
        "Walk the times in increasing order, adding up their counts, and return the first time whose "
        "requests reach past position int(total x fraction) (counted from 0, at most the last "
        "request); ValueError('no requests') for an empty histogram."
    )


def read_stats(path: Path) -> dict[str, Counts]:
    """locust's JSON stats, per request name (methods merged: a stage sends one kind)."""
    raise NotImplementedError(
        "Read locust's JSON list and return Counts per request name: num_requests, num_failures, "
        "total_response_time and the response_times histogram (keys as floats), entries of the "
        "same name added together."
    )
