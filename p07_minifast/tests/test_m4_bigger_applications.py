"""Milestone 4: bigger applications: dependencies, routers, background tasks, lifespan, middleware.

Dependencies (functions, classes, sub-dependencies, `yield`, path operation and global
`dependencies=`, caching), bigger applications (APIRouter, include_router), background
tasks, lifespan events, `@app.middleware("http")`, CORS, testing with overrides.

Each test is one chapter of FastAPI's User Guide (see user_guide.py): its programs run by
FastAPI's own tests on minifast. A failure names each FastAPI test that failed and why, and
the folder holding the program (docs_src/) and its test (tests/test_tutorial/).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .user_guide import SUITE, Outcome, check_chapter, run_chapters


@pytest.fixture(scope="module")
def outcome(user_guide: Path) -> Outcome:
    return run_chapters(4, user_guide)


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("chapter", SUITE.milestone(4))
def test_the_chapter_runs_as_on_fastapi(chapter: str, outcome: Outcome) -> None:
    check_chapter(chapter, outcome)
