"""Milestone 1: FastAPI's User Guide, first chapters, runs on minifast.

Each test is one chapter of FastAPI's tutorial (path and query parameters, bodies, response
models...): the chapter's programs, exactly as FastAPI's documentation ships them, run by
FastAPI's own tests for them, with `import fastapi` answered by minifast and `import
pydantic` by minipydantic (fastapi_suite.toml). Every status code, every JSON body (422
error lists included) and every `/openapi.json` must come out as FastAPI's tests expect. A
failure names each FastAPI test that failed and why; the extracted files (the tutorial
program under docs_src/, its test under tests/test_tutorial/) are in the folder it prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coursekit import suites

SUITE = suites.Suite.load(Path(__file__).with_name("fastapi_suite.toml"))
CHAPTERS = SUITE.milestone(1)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[suites.Outcome, Path]:
    target = suites.prepare(SUITE, tmp_path_factory.mktemp("fastapi-suite"))
    return suites.run(SUITE, target, CHAPTERS), target


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_chapter_runs_as_on_fastapi(chapter: str, outcome: tuple[suites.Outcome, Path]) -> None:
    """Every FastAPI test of this chapter passes on minifast, except the listed departures."""
    result, target = outcome
    suites.check(SUITE, result, target, chapter)
