"""Turn a failing test into a next step a beginner can act on.

pytest already shows what was expected and what came back. What it cannot know is the
course: that a `NotImplementedError` means "this is still the starter's stub", or that a
missing name lives in a particular module of the reference. This module adds that.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from coursekit.projects import Milestone, Project

_MISSING_NAME = re.compile(
    r"cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'"
    r"|module '(?P<module2>[\w.]+)' has no attribute '(?P<name2>\w+)'"
)


def explain(
    exc: BaseException,
    frames: list[tuple[Path, int, str]],
    project: Project,
    milestone: Milestone | None,
    docstring: str | None,
    code_folder: Path | None,
) -> str:
    """A short paragraph: which milestone, what the test checks, and what to do next."""
    lines = []
    if milestone:
        lines.append(f"Milestone {milestone.number} ({milestone.title}).")
    if docstring:
        lines.append("This test checks: " + " ".join(docstring.split()))
    lines.append(_advice(exc, frames, project, code_folder))
    if milestone:
        lines.append(f"Stuck? Hints: nox -s hint -- {project.id} {milestone.number}")
    return "\n".join(lines)


def _advice(
    exc: BaseException, frames: list[tuple[Path, int, str]], project: Project, code_folder: Path | None
) -> str:
    stub = stub_frame(exc, frames, code_folder)
    if stub is not None:
        where = f"{shown(stub[0])}:{stub[1]}"
        return f"Not written yet: `{stub[2]}` in {where}. Write it, then rerun this milestone."
    match = _MISSING_NAME.search(str(exc)) if isinstance(exc, (ImportError, AttributeError)) else None
    if match:
        name = match.group("name") or match.group("name2")
        module = match.group("module") or match.group("module2")
        if module.split(".")[0] == project.package:
            home = defining_module(project.reference, name)
            folder = shown(code_folder) if code_folder else Path(project.package)
            target = folder / home if home else folder
            return (
                f"`{module}` has no `{name}` yet. Define it in {target} and export it from the "
                f"package's __init__.py (the reference keeps it in {home or 'the package'})."
            )
    if isinstance(exc, ModuleNotFoundError) and exc.name == project.package:
        return (
            f"Python cannot find `{project.package}`. Start the project with "
            f"`nox -s start -- {project.id}`, or test the reference with `-- --reference`."
        )
    return "Compare what was expected with what came back (above), then look at the code it names."


def stub_frame(
    exc: BaseException, frames: list[tuple[Path, int, str]], folder: Path | None
) -> tuple[Path, int, str] | None:
    """For a NotImplementedError: the innermost frame inside the code under test (the stub)."""
    if not isinstance(exc, NotImplementedError) or not frames:
        return None
    inside = [f for f in frames if folder is not None and f[0].is_relative_to(folder)]
    return (inside or frames)[-1]


def shown(path: Path) -> Path:
    """Paths relative to where the learner stands, so they can be opened as printed."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def defining_module(package_dir: Path, name: str) -> str | None:
    """Which module of the reference package defines `name` at top level (a cheap AST scan)."""
    for path in sorted(package_dir.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        for node in tree.body:
            defined = _defined_names(node)
            if name in defined:
                return str(path.relative_to(package_dir))
    return None


def _defined_names(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    return set()
