"""The learner's workspace: where their own code lives, never overwritten.

The reference solution (pNN/src) and the learner's copy (workspace/pNN_name) never touch.
Starting copies the starter in; it refuses to overwrite. Resetting moves the old copy to a
timestamped backup before copying the starter again, and restoring brings a backup back
(backing up what it replaces first), so no learner work is ever lost, in either direction.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from coursekit.projects import Project, course_root

IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def workspace_root() -> Path:
    if env := os.environ.get("COURSE_WORKSPACE"):
        return Path(env).resolve()
    return course_root() / "workspace"


def learner_folder(project: Project) -> Path:
    """workspace/p01_wsgi: the folder that goes on PYTHONPATH in learner mode."""
    return workspace_root() / project.name


def learner_package(project: Project) -> Path:
    return learner_folder(project) / project.package


def results_file(project: Project) -> Path:
    """Where the plugin records the learner's milestone results for this project."""
    return workspace_root() / ".progress" / f"{project.name}.json"


def has_learner_copy(project: Project) -> bool:
    return learner_package(project).is_dir()


def start(project: Project) -> tuple[bool, Path]:
    """Copy the starter in. Returns (copied, where); existing work is left untouched."""
    target = learner_package(project)
    if target.exists():
        return False, target
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(project.starter, target, ignore=IGNORED)
    _write_nox_shim(learner_folder(project))
    return True, target


def _write_nox_shim(folder: Path) -> None:
    """A noxfile beside the learner's package, so plain `nox` there tests this project."""
    noxfile = course_root() / "noxfile.py"
    (folder / "noxfile.py").write_text(
        '"""Lets `nox` work here: it runs the course\'s noxfile (plain `nox` tests this project)."""\n\n'
        "import runpy\n\n"
        f"runpy.run_path({str(noxfile)!r})\n",
        encoding="utf-8",
    )


def reset(project: Project) -> tuple[Path | None, Path]:
    """Back the learner's copy up (if any), then start afresh. Returns (backup, new copy)."""
    backup = _back_up(project)
    _, target = start(project)
    return backup, target


def backups(project: Project) -> list[Path]:
    """The project's backups, oldest first."""
    folder = workspace_root() / ".backups"
    found = [p for p in folder.glob(f"{project.name}-*") if p.is_dir()] if folder.is_dir() else []
    return sorted(found, key=_backup_order)


def restore(project: Project, name: str | None = None) -> tuple[Path, Path | None]:
    """Put a backup (the newest, or the one named) back in place. Returns (restored, saved).

    The copy it replaces is backed up first, so a restore can itself be undone.
    """
    candidates = backups(project)
    if not candidates:
        raise LookupError(f"{project.id} has no backups in {workspace_root() / '.backups'}")
    chosen = candidates[-1] if name is None else next((p for p in candidates if p.name == name), None)
    if chosen is None:
        listed = ", ".join(p.name for p in candidates)
        raise LookupError(f"no backup called {name!r}; {project.id} has: {listed}")
    saved = _back_up(project)
    folder = learner_folder(project)
    shutil.move(str(chosen), str(folder))
    if (folder / "progress.json").exists():  # its results come back with it
        results_file(project).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(folder / "progress.json"), str(results_file(project)))
    return folder, saved


def _back_up(project: Project) -> Path | None:
    """Move the learner's copy (and its recorded results) to a new, timestamped backup."""
    folder = learner_folder(project)
    if not folder.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = workspace_root() / ".backups" / f"{project.name}-{stamp}"
    counter = 1
    while backup.exists():  # two backups within a second must not collide
        counter += 1
        backup = backup.with_name(f"{project.name}-{stamp}-{counter}")
    backup.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(folder), str(backup))
    if results_file(project).exists():  # the old results describe the old code: keep them with it
        shutil.move(str(results_file(project)), str(backup / "progress.json"))
    return backup


def _backup_order(path: Path) -> tuple[str, int]:
    """`p01_wsgi-20261202-101500-2` sorts after `...-101500` and before `...-101501`."""
    stem, _, counter = path.name.rpartition("-")
    if stem.count("-") >= 2 and counter.isdigit() and len(counter) < 6:
        return stem, int(counter)
    return path.name, 1
