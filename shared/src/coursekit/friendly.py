"""Turn a failing test into a next step a beginner can act on.

pytest already shows what was expected and what came back. What it cannot know is the
course: that a `NotImplementedError` means "this is still the starter's stub", whose stub it
is (p03's tests may stop in *your p02*, and then p02 is what to finish), or that a missing
name lives in a particular module of the reference. This module adds that.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from coursekit.projects import Milestone, Project

_MISSING_NAME = re.compile(
    r"cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'"
    r"|module '(?P<module2>[\w.]+)' has no attribute '(?P<name2>\w+)'"
)

Frame = tuple[Path, int, str]  # file, line, function


@dataclass(frozen=True)
class Code:
    """One project's package as this run imports it: where, and whose."""

    project: Project
    folder: Path
    yours: bool  # the learner's copy (or the starter), not the reference


@dataclass(frozen=True)
class Culprit:
    """The line of course code a failure comes from."""

    frame: Frame
    code: Code
    stub: bool  # a NotImplementedError raised right there: a body not written yet

    @property
    def where(self) -> str:
        return f"{shown(self.frame[0])}:{self.frame[1]}"


def culprit(exc: BaseException, frames: list[Frame], codes: list[Code], project: Project) -> Culprit | None:
    """Which of the learner's lines a failure comes from, when the answer helps them.

    A `NotImplementedError` raised in the learner's code is a stub: the innermost such frame
    is the body left to write, whichever project it belongs to. Any other error is pinned on
    the learner's code only when it was raised inside their copy of an *earlier* project:
    then that project, not the one under test, is where to look. The reference is never a
    culprit (its own `NotImplementedError`s are abstract methods, not stubs).
    """
    located = [(frame, code) for frame in frames for code in codes if frame[0].is_relative_to(code.folder)]
    if not located or not located[-1][1].yours:
        return None
    frame, code = located[-1]
    if isinstance(exc, NotImplementedError):
        return Culprit(frame, code, stub=True)
    if code.project.number < project.number:
        return Culprit(frame, code, stub=False)
    return None


def explain(
    exc: BaseException,
    frames: list[Frame],
    project: Project,
    milestone: Milestone | None,
    docstring: str | None,
    codes: list[Code],
) -> str:
    """A short paragraph: which milestone, what the test checks, and what to do next."""
    lines = []
    if milestone:
        lines.append(f"Milestone {milestone.number} ({milestone.title}).")
    if docstring:
        lines.append("This test checks: " + " ".join(docstring.split()))
    found = culprit(exc, frames, codes, project)
    if found is not None and found.code.project.number < project.number:
        lines.append(earlier_unfinished(found, project))  # no hint of this milestone will help
        return "\n".join(lines)
    lines.append(_advice(exc, found, project, codes))
    if milestone:
        lines.append(f"Stuck? Hints: nox -s hint -- {project.id} {milestone.number}")
    return "\n".join(lines)


def earlier_unfinished(found: Culprit, project: Project) -> str:
    """The advice when the tests of `project` stop in an earlier project's code."""
    earlier = found.code.project
    what = (
        f"`{found.frame[2]}` in {found.where} is not written yet"
        if found.stub
        else f"the error was raised in `{found.frame[2]}` at {found.where}"
    )
    return (
        f"This fails inside YOUR {earlier.id} ({earlier.package}), not in {project.id}: {what}. "
        f"Finish {earlier.id} first (nox -s {earlier.id}), or test {project.id} on the reference "
        f"{earlier.id}: nox -s {project.id} -- --reference-deps"
    )


def _advice(exc: BaseException, found: Culprit | None, project: Project, codes: list[Code]) -> str:
    if found is not None and found.stub:
        return f"Not written yet: `{found.frame[2]}` in {found.where}. Write it, then rerun this milestone."
    match = _MISSING_NAME.search(str(exc)) if isinstance(exc, (ImportError, AttributeError)) else None
    if match:
        name = match.group("name") or match.group("name2")
        module = match.group("module") or match.group("module2")
        if module.split(".")[0] == project.package:
            home = defining_module(project.reference, name)
            folder = next((shown(c.folder) for c in codes if c.project == project), Path(project.package))
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
