"""The maintainers' check: every starter is a fair starting point.

For each project: the starter imports cleanly, exposes exactly the reference's public names
and signatures, and fails every milestone (so each milestone is real work). That the
reference passes everything is the rest of the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from coursekit import progress
from coursekit.projects import Project

from .layout import PROJECTS, ROOT

ids = [p.id for p in PROJECTS]


def _run(args: list[str], pythonpath: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": pythonpath, "COURSE_ROOT": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=900,
        check=False,
    )


def _api(project: Project, pythonpath: str) -> dict[str, object]:
    result = _run(["-m", "coursekit.maintainers", project.package], pythonpath)
    assert result.returncode == 0, (
        f"{project.package} does not import from {pythonpath or 'src'}:\n{result.stderr}"
    )
    api: dict[str, object] = json.loads(result.stdout)
    return api


@pytest.mark.parametrize("project", PROJECTS, ids=ids)
@pytest.mark.timeout(120)
def test_starter_has_the_reference_public_api(project: Project) -> None:
    """The starter's public names and signatures equal the reference's, name by name."""
    reference = _api(project, "")
    starter = _api(project, str(project.folder / "starter"))
    assert sorted(starter) == sorted(reference), "the starter exports different names"
    for name, shape in reference.items():
        assert starter[name] == shape, f"{project.package}.{name} differs between starter and reference"


@pytest.mark.parametrize("project", PROJECTS, ids=ids)
@pytest.mark.timeout(900)
def test_every_milestone_fails_on_the_starter(project: Project, tmp_path: Path) -> None:
    """Run the project's tests against the starter: every milestone must have work left to do."""
    results = tmp_path / "results.json"
    run = _run(
        ["-m", "pytest", str(project.folder / "tests"), "-q", "-p", "no:cacheprovider", "--timeout=30"],
        str(project.folder / "starter"),
        COURSE_RESULTS_FILE=str(results),
    )
    assert run.returncode == 1, f"expected test failures on the starter, pytest said:\n{run.stdout[-3000:]}"
    counts = progress.load(project, results)
    for milestone in project.milestones:
        count = counts.get(milestone.number)
        assert count is not None, f"milestone {milestone.number} has no tests"
        assert count.failed > 0, f"milestone {milestone.number} passes on the starter: {count}"
