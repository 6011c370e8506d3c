"""The learner's workspace: where their own code lives, never overwritten.

The reference solution (pNN/src) and the learner's copy (workspace/pNN_name) never touch.
Starting copies the starter in; it refuses to overwrite. Resetting moves the old copy to a
timestamped backup before copying the starter again, so no learner work is ever lost.
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
    return True, target


def reset(project: Project) -> tuple[Path | None, Path]:
    """Back the learner's copy up (if any), then start afresh. Returns (backup, new copy)."""
    backup = None
    folder = learner_folder(project)
    if folder.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = workspace_root() / ".backups" / f"{project.name}-{stamp}"
        counter = 1
        while backup.exists():  # two resets within a second must not collide
            counter += 1
            backup = backup.with_name(f"{project.name}-{stamp}-{counter}")
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(folder), str(backup))
        if results_file(project).exists():  # the old results describe the old code: keep them with it
            shutil.move(str(results_file(project)), str(backup / "progress.json"))
    _, target = start(project)
    return backup, target
