from __future__ import annotations

from pathlib import Path

import pytest
from coursekit.projects import Project

from .layout import PROJECTS, ROOT


@pytest.fixture
def learner_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away learner workspace, so kit tests never touch a real one."""
    monkeypatch.setenv("COURSE_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("COURSE_ROOT", str(ROOT))
    return tmp_path / "workspace"


@pytest.fixture
def first_project() -> Project:
    return PROJECTS[0]
