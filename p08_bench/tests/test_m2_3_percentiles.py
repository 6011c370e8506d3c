"""Milestone 2 parity: locust is the oracle. The percentiles minibench reads from locust's
histogram are the ones locust itself would report for the same requests.

locust is never imported here (it patches the standard library on import): one locust process,
started once for the module, answers every histogram. Each line it reads is a batch of requests
as JSON, `[[milliseconds, how many], ...]`; it logs them into a locust StatsEntry (which rounds
them into its histogram, as in a real run) and prints the histogram and locust's percentiles.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from minibench.locuststats import percentile

PERCENTILES = (0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 1.0)

ORACLE = f"""
import json, sys
from locust.stats import RequestStats, StatsEntry

for line in sys.stdin:
    answers = []
    for times in json.loads(line):
        entry = StatsEntry(RequestStats(), "oracle", "GET")
        for ms, count in times:
            for _ in range(count):
                entry.log(ms, 0)
        percentiles = [entry.get_response_time_percentile(p) for p in {PERCENTILES!r}]
        answers.append({{"histogram": entry.response_times, "percentiles": percentiles}})
    print(json.dumps(answers), flush=True)
"""

Times = list[tuple[float, int]]  # (response time in ms, how many requests took it)


@dataclass(frozen=True)
class Locust:
    """The locust process: requests in, locust's histograms and percentiles out."""

    process: subprocess.Popen[str]
    stderr: IO[str]

    def ask(self, batch: list[Times]) -> list[dict[str, Any]]:
        """One answer per list of times, in order: one line out, one line back."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None
        assert stdout is not None
        stdin.write(json.dumps(batch) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            self.stderr.seek(0)
            raise RuntimeError(f"the locust process stopped answering; it printed:\n{self.stderr.read()}")
        answers: list[dict[str, Any]] = json.loads(line)
        return answers


@pytest.fixture(scope="module")
def locust() -> Iterator[Locust]:
    """One locust process for every example (each start takes a second or two); leaving the
    `with` closes its stdin, which ends its loop, and waits for it."""
    with (
        tempfile.TemporaryFile(mode="w+") as stderr,
        subprocess.Popen(
            [sys.executable, "-c", ORACLE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as process,
    ):
        yield Locust(process, stderr)


def differences(locust: Locust, batch: list[Times]) -> list[str]:
    """Every histogram on which minibench and locust disagree, and at which percentiles, in words."""
    found = []
    for answer in locust.ask(batch):
        histogram = {float(ms): count for ms, count in answer["histogram"].items()}  # as read_stats does
        wrong = [
            f"p{fraction * 100:g}: locust {theirs} ms, minibench.locuststats.percentile {ours:g} ms"
            for fraction, theirs in zip(PERCENTILES, answer["percentiles"], strict=True)
            if (ours := percentile(histogram, fraction)) != theirs
        ]
        if wrong:
            found.append(f"{described(histogram)}\n  " + "\n  ".join(wrong))
    return found


def described(histogram: dict[float, int]) -> str:
    """A histogram short enough to read: its first and last times when it has many."""
    pairs = [f"{ms:g} ms: {count}" for ms, count in sorted(histogram.items())]
    if len(pairs) > 12:
        pairs = [*pairs[:6], "...", *pairs[-6:]]
    return f"{sum(histogram.values())} requests {{{', '.join(pairs)}}}"


# Response times as they come in: any float, in every range locust rounds differently.
milliseconds = st.one_of(
    st.integers(0, 120).map(float),
    st.floats(0, 100),
    st.floats(100, 1000),
    st.floats(1000, 10_000),
    st.floats(10_000, 70_000),
)
times = st.lists(st.tuples(milliseconds, st.integers(1, 30)), min_size=1, max_size=12)


@pytest.mark.timeout(120)
@given(times=times)
@example(times=[(float(ms), 1) for ms in range(100)])  # locust's own test: 0 to 99 ms, p50 is 50
@example(times=[(1.0, 1), (2.0, 1)])  # two requests: is the median the first or the second?
@example(times=[(0.4, 3), (0.6, 1)])  # sub-millisecond: three read as 0 ms, one as 1 ms
@example(times=[(147.0, 2), (3432.0, 1), (58760.0, 1)])  # kept as 150, 3400 and 59000 ms
@example(times=[(1.2, 990), (250.0, 9), (12345.0, 1)])  # a long tail: p99.9 is the slowest request?
def test_percentiles_equal_locusts_own(locust: Locust, times: Times) -> None:
    """For the same requests, `percentile(histogram, p)` returns what locust's own
    `get_response_time_percentile(p)` does, for locust's report's percentiles, on the histogram
    locust keeps (times rounded to the millisecond under 100 ms, to two digits above). When this
    fails, the message names the histogram and the percentile: count the requests at or below
    each time by hand, and compare with how locust picks its request (locust/stats.py,
    `calculate_response_time_percentile`)."""
    assert "locust" not in sys.modules, "locust was imported into the tests' process: it patches the stdlib"
    found = differences(locust, [times])
    assert not found, "minibench and locust disagree:\n" + "\n".join(found)
