"""`nox -s compare -- pNN`: the same scenarios through your code, the reference and the real library.

Each project's `compare.py` defines `observe(impl)`. We run it three times, each in its own
process, because the learner's and the reference package share one import name: a process
can hold only one `miniflask`. PYTHONPATH decides which copy a process imports.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from coursekit.projects import Project, dependencies, discover
from coursekit.workspace import has_learner_copy, learner_folder, learner_package


def learner_pythonpath(project: Project) -> list[str]:
    """The learner's copies of this project and of the earlier ones it stands on, where started."""
    projects = [*dependencies(project, discover(project.folder.parent)), project]
    return [str(learner_folder(p)) for p in projects if has_learner_copy(p)]


def _observe(project: Project, impl: str, pythonpath: list[str]) -> tuple[dict[str, Any] | str, list[str]]:
    """One side's observations (or a sentence saying why there are none), and the stubs it hit."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath)}
    result = subprocess.run(
        [sys.executable, "-m", "coursekit.observe", str(project.folder / "compare.py"), impl],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        return "could not run the scenarios:\n" + result.stderr[-2000:], []
    outcome: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if "error" in outcome:
        return "could not run the scenarios:\n" + outcome["error"][-2000:], outcome["stubs"]
    return outcome["observed"], outcome["stubs"]


def run(project: Project) -> str:
    """Observe every side and describe, scenario by scenario, where they differ."""
    sides: dict[str, dict[str, Any] | str] = {}
    stubs: dict[str, list[str]] = {}
    if has_learner_copy(project):
        sides["yours"], stubs["yours"] = _observe(project, "mini", learner_pythonpath(project))
    sides["reference"], stubs["reference"] = _observe(project, "mini", [])
    sides[project.real_library or "real"], _ = _observe(project, "real", [])
    report = render(sides, stubs)
    if "yours" not in sides:
        report += f"\n(You have no copy of {project.id} yet: `nox -s start -- {project.id}` to begin.)"
    return report


def render(sides: dict[str, dict[str, Any] | str], stubs: dict[str, list[str]] | None = None) -> str:
    """Scenario by scenario, same or DIFFER; then what could not run, and the stubs behind it."""
    lines: list[str] = []
    broken = {name: text for name, text in sides.items() if isinstance(text, str)}
    working = {name: obs for name, obs in sides.items() if not isinstance(obs, str)}
    scenarios = sorted({key for obs in working.values() for key in obs})
    differing = 0
    for scenario in scenarios:
        values = {name: obs.get(scenario, "<missing>") for name, obs in working.items()}
        first = next(iter(values.values()))
        if all(value == first for value in values.values()):  # as values: 150 == 150.0
            lines.append(f"  same   {scenario}")
            continue
        differing += 1
        lines.append(f"  DIFFER {scenario}")
        for name, value in values.items():
            lines.append(f"           {name:>10}: {json.dumps(value, sort_keys=True, default=repr)}")
    sides_named = ", ".join(working)
    for name, text in broken.items():  # last, beside the summary, where nobody scrolls past it
        lines += ["", f"[{name}] {text}"]
    lines.append("")
    lines.append(f"{len(scenarios)} scenarios through {sides_named}: {differing} differ.")
    for name, hit in (stubs or {}).items():
        if hit:  # a 500 or a traceback, explained: the function behind it is still a stub
            lines.append(f"Not written yet in {name}: {', '.join(hit)}. Write them, then compare again.")
    return "\n".join(lines)


def code_diff(project: Project) -> str:
    """A unified diff of the learner's package against the reference, file by file."""
    if not has_learner_copy(project):
        return f"No copy of {project.id} in your workspace yet: nox -s start -- {project.id}"
    mine, ref = learner_package(project), project.reference
    names = sorted(
        {p.relative_to(mine) for p in mine.rglob("*.py")} | {p.relative_to(ref) for p in ref.rglob("*.py")}
    )
    chunks: list[str] = []
    for name in names:
        a, b = _lines(ref / name), _lines(mine / name)
        chunks.extend(difflib.unified_diff(a, b, f"reference/{name}", f"yours/{name}"))
    return "".join(chunks) or "Your code is identical to the reference."


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
