"""`nox -s hint -- pNN [N]`: the hints for where the learner is, gentlest first."""

from __future__ import annotations

from coursekit import progress
from coursekit.projects import Project


def render(project: Project, number: int | None = None) -> str:
    chosen = number if number is not None else progress.current_milestone(project)
    milestone = project.milestone(chosen)
    lines = [f"{project.id} milestone {milestone.number}: {milestone.title}", ""]
    if not milestone.hints:
        lines.append("No hints for this milestone: the lesson (README.md) walks through it.")
    for index, hint in enumerate(milestone.hints, start=1):
        lines.append(f"  {index}. {hint}")
    lines += [
        "",
        f"Lesson: {project.folder.name}/README.md",
        f"Check it: nox -s {project.id} -- --milestone {milestone.number}",
    ]
    return "\n".join(lines)
