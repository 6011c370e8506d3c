"""The maintainers' check: every starter is a fair starting point.

For each project: the starter imports cleanly, exposes exactly the reference's public names
and signatures, and fails every milestone (so each milestone is real work). That the
reference passes everything is the rest of the suite.

The starter runs are the expensive part (a project's whole suite each), so they run once,
side by side, in the learner's short hypothesis profile, and the tests read their results.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from coursekit import progress
from coursekit.projects import Project

from .layout import PROJECTS, ROOT

ids = [p.id for p in PROJECTS]


def _run(
    args: list[str], pythonpath: str, *, measured: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": pythonpath, "COURSE_ROOT": str(ROOT), **env}
    if not measured:  # a whole suite on a starter under coverage's tracer costs twice the time
        for name in ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START"):
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=600,
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
def test_starter_has_the_reference_public_api(project: Project) -> None:
    """The starter's public names and signatures equal the reference's, name by name."""
    reference = _api(project, "")
    starter = _api(project, str(project.folder / "starter"))
    assert sorted(starter) == sorted(reference), "the starter exports different names"
    for name, shape in reference.items():
        assert starter[name] == shape, f"{project.package}.{name} differs between starter and reference"


@pytest.fixture(scope="module")
def starter_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Each project's tests on its starter: (the recorded results, pytest's output), run in parallel."""
    folder = tmp_path_factory.mktemp("starter-results")

    def run(project: Project) -> tuple[Path, str]:
        results = folder / f"{project.id}.json"
        tests = str(project.folder / "tests")
        args = [
            "-m",
            "pytest",
            tests,
            "-q",
            "--tb=no",
            "-p",
            "no:cacheprovider",
            "--hypothesis-profile=learner",
        ]
        done = _run(args, str(project.folder / "starter"), measured=False, COURSE_RESULTS_FILE=str(results))
        return results, done.stdout[-3000:]

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(ids, pool.map(run, PROJECTS), strict=True))


@pytest.mark.parametrize("project", PROJECTS, ids=ids)
@pytest.mark.timeout(600)
def test_every_milestone_fails_on_the_starter(
    project: Project, starter_runs: dict[str, tuple[Path, str]]
) -> None:
    """Run the project's tests against the starter: every milestone must have work left to do."""
    results, output = starter_runs[project.id]
    counts = progress.load(project, results)
    for milestone in project.milestones:
        count = counts.get(milestone.number)
        assert count is not None, f"milestone {milestone.number} has no tests; pytest said:\n{output}"
        assert count.failed > 0, f"milestone {milestone.number} passes on the starter: {count}"
