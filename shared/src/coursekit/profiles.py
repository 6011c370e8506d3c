"""Hypothesis profiles: the same commit always gets the same verdict.

A property test that draws fresh random inputs on every run can pass at noon and fail at one
o'clock on the same code. That is fine for a search, and wrong for a gate. So the course runs
hypothesis *derandomized* (the inputs are derived from the test itself) everywhere a verdict
counts, and keeps randomness for an explicit search:

- `ci`: derandomized, 100 examples. `nox -s test` and any run with `CI=true`.
- `learner`: derandomized, 20 examples, so a milestone run takes seconds, not minutes.
- `explore`: random, 1,000 examples, with hypothesis's example database, so a failure it finds
  replays on the next run (`nox -s explore -- pNN`). Whatever it finds becomes an `@example`
  on the test and a fix in the reference, and from then on every profile checks it.

No profile has a deadline or the too-slow health check: both measure time, and timing belongs
in benchmarks, not in a pass/fail verdict on a shared machine.
"""

from __future__ import annotations

from coursekit.requirements import in_ci

PROFILES = ("ci", "learner", "explore")


def register() -> None:
    """Make the three profiles known to hypothesis (a no-op when it is not installed)."""
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:
        return
    calm = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("ci", calm, derandomize=True, max_examples=100, database=None)
    settings.register_profile("learner", calm, derandomize=True, max_examples=20, database=None)
    settings.register_profile("explore", calm, derandomize=False, max_examples=1000)


def choose() -> str:
    """`ci` when CI=true, otherwise the learner's short derandomized run."""
    return "ci" if in_ci() else "learner"


def load(name: str) -> None:
    try:
        from hypothesis import settings
    except ImportError:
        return
    settings.load_profile(name)
