"""FastAPI's User Guide as minifast's specification, one group of chapters per milestone.

The chapters are FastAPI's tutorial programs (docs_src/) and FastAPI's own tests for them
(tests/test_tutorial/), from the FastAPI release constraints.txt pins, run with `fastapi`,
`pydantic` and `starlette` imports answered by the course (fastapi_suite.toml). A milestone's
test runs its chapters once, in one subprocess, and judges each chapter on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit import suites

SUITE = suites.Suite.load(Path(__file__).with_name("fastapi_suite.toml"))
Outcome = tuple[suites.Outcome, Path]


@pytest.fixture(scope="session")
def user_guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extracted tutorial programs and tests, once per test session."""
    return suites.prepare(SUITE, tmp_path_factory.mktemp("fastapi-user-guide"))


def run_chapters(milestone: int, folder: Path) -> Outcome:
    return suites.run(SUITE, folder, SUITE.milestone(milestone)), folder


def check_chapter(chapter: str, outcome: Outcome) -> None:
    """Every FastAPI test of `chapter` passed on minifast, except the listed departures."""
    result, folder = outcome
    suites.check(SUITE, result, folder, chapter)
