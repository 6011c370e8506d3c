"""Milestone results: recorded by the pytest plugin, shown by `nox -s progress` and `hint`.

Each test run over the learner's code leaves a small JSON file per project. Reading those
files is instant, so the progress view never re-runs a test suite; instead it notices when
the learner edited code after the last run and says the result may be stale.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.projects import Project
from coursekit.workspace import has_learner_copy, learner_package, results_file

PASSED, FAILING, NOT_STARTED = "passed", "failing", "not started"
SYMBOL = {PASSED: "✔", FAILING: "✘", NOT_STARTED: "·"}


@dataclass(frozen=True)
class Counts:
    passed: int = 0
    failed: int = 0

    @property
    def status(self) -> str:
        if self.failed:
            return FAILING
        return PASSED if self.passed else NOT_STARTED


def record(path: Path, project: Project, counts: dict[int, Counts]) -> None:
    """Merge this run's counts into the file: a `--milestone 2` run keeps milestone 3's result."""
    previous = _read(path).get("milestones", {})
    merged = {**previous, **{str(n): [c.passed, c.failed] for n, c in counts.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"project": project.id, "when": time.time(), "milestones": merged}
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")


def load(project: Project, path: Path | None = None) -> dict[int, Counts]:
    raw = _read(path or results_file(project)).get("milestones", {})
    return {int(n): Counts(passed=p, failed=f) for n, (p, f) in raw.items()}


def is_stale(project: Project) -> bool:
    """True when the learner changed a file after the last recorded run."""
    path = results_file(project)
    if not path.exists() or not has_learner_copy(project):
        return False
    when = float(_read(path).get("when", 0.0))
    return any(f.stat().st_mtime > when for f in learner_package(project).rglob("*.py"))


def status_of(project: Project) -> dict[int, str]:
    """Milestone number -> passed / failing / not started, for the learner's copy."""
    counts = load(project) if has_learner_copy(project) else {}
    return {m.number: counts.get(m.number, Counts()).status for m in project.milestones}


def current_milestone(project: Project) -> int:
    """The first milestone not yet passed: where the learner is working."""
    for number, status in status_of(project).items():
        if status != PASSED:
            return number
    return project.milestones[-1].number


def render(projects: list[Project]) -> str:
    lines = ["Course progress   ✔ passed   ✘ failing   · not started", ""]
    width = max(len(p.title) for p in projects)
    for project in projects:
        statuses = status_of(project)
        marks = " ".join(f"{SYMBOL[s]}{n}" for n, s in statuses.items())
        if not has_learner_copy(project):
            advice = f"not started: nox -s start -- {project.id}"
        elif all(s == PASSED for s in statuses.values()):
            advice = "done" + (" (files changed since: rerun to confirm)" if is_stale(project) else "")
        else:
            number = current_milestone(project)
            advice = f"next: nox -s {project.id} -- --milestone {number}"
            if is_stale(project):
                advice += "   (files changed since the last run)"
        lines.append(f"{project.id}  {project.title:<{width}}  {marks}   {advice}")
    return "\n".join(lines)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def results_override() -> Path | None:
    """Where the maintainers' check asks the plugin to write results (any code, not just the learner's)."""
    env = os.environ.get("COURSE_RESULTS_FILE")
    return Path(env) if env else None
