"""`python -m coursekit <command>`: what the noxfile's learner sessions run.

Commands: start ID | reset ID | restore ID [BACKUP] | hint ID [N] [--all] | progress | compare ID [--code]
"""

from __future__ import annotations

import sys

from coursekit import hints, progress, workspace
from coursekit.projects import Project, discover, find

USAGE = (
    "usage: python -m coursekit {start ID | reset ID | restore ID [BACKUP] | hint ID [N] [--all] "
    "| progress | compare ID [--code]}"
)


def main(argv: list[str]) -> int:
    if not argv:
        print(USAGE)
        return 2
    command, args = argv[0], argv[1:]
    flags = {a for a in args if a.startswith("-")}
    args = [a for a in args if not a.startswith("-")]
    try:
        if command == "progress":
            print(progress.render(discover()))
            return 0
        if command not in {"start", "reset", "restore", "hint", "compare"}:
            print(USAGE)
            return 2
        if not args:
            print(f"{command} needs a project id, e.g. `nox -s {command} -- p01`")
            return 2
        project = find(args[0])
        if command == "start":
            return _start(project)
        if command == "reset":
            return _reset(project)
        if command == "restore":
            return _restore(project, args[1] if len(args) > 1 else None)
        if command == "hint":
            print(hints.render(project, _milestone(args), show_all="--all" in flags))
            return 0
        from coursekit import compare  # only this command needs a project's environment

        print(compare.code_diff(project) if "--code" in flags else compare.run(project))
        return 0
    except (LookupError, ValueError) as exc:
        print(exc)
        return 2


def _milestone(args: list[str]) -> int | None:
    if len(args) < 2:
        return None
    if not args[1].isdigit():
        raise ValueError(f"a milestone is a number, e.g. `nox -s hint -- {args[0]} 2`; got {args[1]!r}")
    return int(args[1])


def _start(project: Project) -> int:
    copied, target = workspace.start(project)
    if not copied:
        print(f"{target} already exists: your work is kept as it is.")
        print(f"To start over (your copy is backed up first): nox -s reset -- {project.id}")
        return 0
    print(f"Your copy of {project.id} is ready: {target}")
    print(f"Read the lesson: {project.folder.name}/README.md")
    print(f"Then run: nox -s {project.id} -- --milestone 1")
    return 0


def _reset(project: Project) -> int:
    backup, target = workspace.reset(project)
    if backup:
        print(f"Your previous work is safe in {backup}")
        print(f"To bring it back: nox -s restore -- {project.id}")
    print(f"Fresh starter copied to {target}")
    return 0


def _restore(project: Project, name: str | None) -> int:
    restored, saved = workspace.restore(project, name)
    print(f"Restored your earlier copy of {project.id} to {restored}")
    if saved:
        print(f"The copy it replaced is safe in {saved} (nox -s restore -- {project.id} {saved.name})")
    others = [p.name for p in workspace.backups(project) if p != saved]
    if others:
        print(f"Other backups: {', '.join(others)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
