"""Milestone 13: Starlette's own tests pass on miniasgi + minirouter.

FastAPI is a subclass of Starlette, and the capstone (p07) stands on p02 + p03 the same way,
so the course's Starlette is held to Starlette's own specification: its tests. They come
from the Starlette release the course pins (fetched once from the package index, then
cached), and `import starlette.routing` is answered by minirouter, and so on (the alias
table in starlette_suite.toml). Each test below is one of Starlette's test files: it passes
when every test in it passes, except the departures starlette_suite.toml lists with the
lesson's reason. A failure names each Starlette test that failed and why: open that test in
the extracted suite (its path is printed) to read what it expects.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit import suites

SUITE = suites.Suite.load(Path(__file__).with_name("starlette_suite.toml"))


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[suites.Outcome, Path]:
    target = suites.prepare(SUITE, tmp_path_factory.mktemp("starlette-suite"))
    return suites.run(SUITE, target), target


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("test_file", SUITE.files)
def test_starlettes_own_tests_pass(test_file: str, outcome: tuple[suites.Outcome, Path]) -> None:
    """Every Starlette test in this file passes on the course's Starlette, except the listed
    departures; and every listed departure still fails (or it is no longer a departure)."""
    result, target = outcome
    suites.check(SUITE, result, target, test_file)
