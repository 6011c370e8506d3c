"""Find the course's projects and read their `course.toml`.

The noxfile and every learner command discover projects from the folders on disk
(`pNN_name/course.toml`) instead of a hard-coded list, so adding p07 is adding a folder.
The root `course.toml` is the plan of all ten; a planned project (no folder yet) is named as
such, so `nox -s p07` says "planned" rather than "no such session".
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_FOLDER = re.compile(r"^p(\d\d)_\w+$")


@dataclass(frozen=True)
class Milestone:
    number: int
    title: str
    hints: tuple[str, ...]


@dataclass(frozen=True)
class Project:
    """One project folder, as course.toml describes it."""

    id: str  # "p01"
    folder: Path  # <root>/p01_wsgi
    title: str
    package: str  # the import name, e.g. "miniflask"
    real_library: str
    oracles: tuple[str, ...]  # distributions the parity tests trust; their pins are printed
    serve: tuple[str, ...]
    milestones: tuple[Milestone, ...]

    @property
    def name(self) -> str:
        """The folder name, e.g. "p01_wsgi": also the learner's workspace folder name."""
        return self.folder.name

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def reference(self) -> Path:
        return self.folder / "src" / self.package

    @property
    def starter(self) -> Path:
        return self.folder / "starter" / self.package

    def milestone(self, number: int) -> Milestone:
        for milestone in self.milestones:
            if milestone.number == number:
                return milestone
        known = ", ".join(str(m.number) for m in self.milestones)
        raise LookupError(f"{self.id} has no milestone {number} (it has {known})")


def dependencies(project: Project, projects: list[Project], extras: bool = False) -> list[Project]:
    """The earlier course packages a project declares in its pyproject, transitively, in order.

    These are the building blocks it stands on: the ones a learner's copy can replace. With
    `extras`, also those its optional dependencies name (p05's example runs on miniasgi), which
    an environment must install too, editable like the rest.
    """
    by_package = {p.package: p for p in projects}
    found: dict[str, Project] = {}
    pending = [project]
    while pending:
        data = tomllib.loads((pending.pop().folder / "pyproject.toml").read_text(encoding="utf-8"))
        declared = list(data["project"].get("dependencies", []))
        if extras:
            groups = data["project"].get("optional-dependencies", {}).values()
            declared += [requirement for group in groups for requirement in group]
        for requirement in declared:
            name = re.split(r"[\s<>=!~;@\[]", requirement, maxsplit=1)[0].lower()
            if name in by_package and name not in found:
                found[name] = by_package[name]
                pending.append(by_package[name])
    return sorted(found.values(), key=lambda p: p.number)


def course_root() -> Path:
    """The monorepo's root: $COURSE_ROOT, else the nearest folder holding noxfile.py."""
    if env := os.environ.get("COURSE_ROOT"):
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "noxfile.py").exists() and (folder / "shared").is_dir():
            return folder
    raise LookupError("cannot find the course root: run this from inside the course folder")


@functools.cache  # the plugin asks for every test report; a course.toml does not change mid-run
def load(folder: Path) -> Project:
    data = tomllib.loads((folder / "course.toml").read_text(encoding="utf-8"))
    milestones = tuple(
        Milestone(number=int(m["number"]), title=str(m["title"]), hints=tuple(m.get("hints", ())))
        for m in data.get("milestones", [])
    )
    return Project(
        id=str(data["id"]),
        folder=folder,
        title=str(data["title"]),
        package=str(data["package"]),
        real_library=str(data.get("real_library", "")),
        oracles=tuple(data.get("oracles", [data["real_library"]] if data.get("real_library") else [])),
        serve=tuple(data.get("serve", ())),
        milestones=tuple(sorted(milestones, key=lambda m: m.number)),
    )


def discover(root: Path | None = None) -> list[Project]:
    """Every project folder under the root, in course order."""
    root = root or course_root()
    folders = sorted(p for p in root.iterdir() if _FOLDER.match(p.name) and (p / "course.toml").exists())
    return [load(folder) for folder in folders]


def find(key: str, root: Path | None = None) -> Project:
    """Look a project up by id ("p01", "1", "01") or folder name ("p01_wsgi")."""
    projects = discover(root)
    wanted = key.strip().lower()
    if wanted.isdigit():
        wanted = f"p{int(wanted):02d}"
    for project in projects:
        if wanted in (project.id, project.name, project.package):
            return project
    known = ", ".join(p.id for p in projects)
    for entry in planned(root):
        if wanted in (entry.id, entry.folder, entry.package):
            raise LookupError(f"{entry.describe()} is planned, not in the course yet. Ready now: {known}")
    raise LookupError(f"no project called {key!r}; the course has: {known}")


@dataclass(frozen=True)
class Planned:
    """A project of the plan (the root course.toml) whose folder does not exist yet."""

    id: str
    folder: str
    package: str
    summary: str

    def describe(self) -> str:
        return f"{self.id} ({self.package}: {self.summary})"


def planned(root: Path | None = None) -> list[Planned]:
    """The plan's projects that have no folder yet, in course order."""
    root = root or course_root()
    plan = root / "course.toml"
    if not plan.exists():
        return []
    entries = tomllib.loads(plan.read_text(encoding="utf-8")).get("projects", [])
    return [
        Planned(str(e["id"]), str(e["folder"]), str(e["package"]), str(e.get("summary", "")))
        for e in entries
        if not (root / str(e["folder"]) / "course.toml").exists()
    ]


def project_of(path: Path) -> Project | None:
    """The project a test file belongs to: the nearest parent folder holding course.toml."""
    for folder in path.resolve().parents:
        if _FOLDER.match(folder.name) and (folder / "course.toml").exists():
            return load(folder)
    return None
