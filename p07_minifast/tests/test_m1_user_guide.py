"""Milestone 1: an application, path operations, parameters, bodies and response models.

The first chapters of FastAPI's User Guide: path and query parameters with their
validations, headers and cookies, parameter models, request bodies (single, several,
embedded, nested), extra data types, response models, status codes, jsonable_encoder,
body updates.

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
    return run_chapters(1, user_guide)


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("chapter", SUITE.milestone(1))
def test_the_chapter_runs_as_on_fastapi(chapter: str, outcome: Outcome) -> None:
    check_chapter(chapter, outcome)
