"""`nox -s hint -- pNN [N] [--all]`: hints one at a time, gentlest first.

Each call reveals one more hint of the milestone the learner is on (or the one they name),
and shows the ones already revealed above it, like rustlings' `hint`: the first nudge is
often enough, and the last one is close to the answer. Which hints were shown is kept in
the workspace, beside the progress records.
"""

from __future__ import annotations

import json
from pathlib import Path

from coursekit import progress
from coursekit.projects import Project
from coursekit.workspace import workspace_root


def _state_file() -> Path:
    return workspace_root() / ".progress" / "hints.json"


def _read() -> dict[str, int]:
    try:
        data = json.loads(_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write(state: dict[str, int]) -> None:
    path = _state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")


def render(
    project: Project, number: int | None = None, show_all: bool = False, watching: bool = False
) -> str:
    """Reveal the next hint (or all of them) and describe where the learner stands; in watch
    mode (`watching`), the next one is a key press away, not a command."""
    chosen = number if number is not None else progress.current_milestone(project)
    milestone = project.milestone(chosen)
    key = f"{project.id}.{milestone.number}"
    state = _read()
    total = len(milestone.hints)
    shown = total if show_all else min(state.get(key, 0) + 1, total)
    if shown > state.get(key, 0):
        state[key] = shown
        _write(state)
    lines = [f"{project.id} milestone {milestone.number}: {milestone.title}", ""]
    if not total:
        lines.append("No hints for this milestone: the lesson (README.md) walks through it.")
    for index, hint in enumerate(milestone.hints[:shown], start=1):
        lines.append(f"  {index}. {hint}")
    lines.append("")
    if shown < total and watching:
        lines.append(f"Hint {shown} of {total}. Press h for the next one.")
    elif shown < total:
        lines.append(
            f"Hint {shown} of {total}. The next one: nox -s hint -- {project.id} {milestone.number}"
            f"   (all of them: nox -s hint -- {project.id} {milestone.number} --all)"
        )
    elif total:
        lines.append(
            f"That was every hint for milestone {milestone.number}. One way to write it is the "
            f"reference: nox -s compare -- {project.id} --code"
        )
    lines += [
        f"Lesson: {project.folder.name}/README.md",
        f"Check it: nox -s {project.id} -- --milestone {milestone.number}",
    ]
    return "\n".join(lines)
