"""`python -m coursekit <command>`: what the noxfile's learner sessions run.

Commands: start ID | reset ID | hint ID [N] | progress | compare ID [--code]
"""

from __future__ import annotations

import sys

from coursekit import hints, progress, workspace
from coursekit.projects import Project, discover, find

USAGE = "usage: python -m coursekit {start ID | reset ID | hint ID [N] | progress | compare ID [--code]}"


def main(argv: list[str]) -> int:
    if not argv:
        print(USAGE)
        return 2
    command, args = argv[0], argv[1:]
    try:
        if command == "progress":
            print(progress.render(discover()))
            return 0
        if not args:
            print(f"{command} needs a project id, e.g. `nox -s {command} -- p01`")
            return 2
        project = find(args[0])
        if command == "start":
            return _start(project)
        if command == "reset":
            backup, target = workspace.reset(project)
            if backup:
                print(f"Your previous work is safe in {backup}")
            print(f"Fresh starter copied to {target}")
            return 0
        if command == "hint":
            number = int(args[1]) if len(args) > 1 else None
            print(hints.render(project, number))
            return 0
        if command == "compare":
            from coursekit import compare  # only this command needs a project's environment

            print(compare.code_diff(project) if "--code" in args else compare.run(project))
            return 0
    except (LookupError, ValueError) as exc:
        print(exc)
        return 2
    print(USAGE)
    return 2


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


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
