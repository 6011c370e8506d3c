"""The real libraries' versions: pinned in constraints.txt, printed in every test header.

A parity test is only as stable as its oracle: a new Pydantic release may change an error
message, and the same commit would go red. So every environment the course builds installs
the oracles at the exact versions in the root `constraints.txt`, and the test header shows
them, with a warning when the installed one is not the pinned one.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;#]+)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(root: Path) -> dict[str, str]:
    """name -> version for every `name==version` line of constraints.txt."""
    try:
        text = (root / "constraints.txt").read_text(encoding="utf-8")
    except OSError:
        return {}
    found = (_PIN.match(line.strip()) for line in text.splitlines())
    return {_canonical(m.group(1)): m.group(2) for m in found if m}


def describe(names: tuple[str, ...], root: Path) -> list[str]:
    """Header lines: each oracle's installed version, and whether it is the pinned one."""
    pinned = pins(root)
    shown, warnings = [], []
    for name in names:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        shown.append(f"{name} {installed}")
        wanted = pinned.get(_canonical(name))
        if wanted is None:
            warnings.append(f"  WARNING: constraints.txt does not pin {name}")
        elif wanted != installed:
            warnings.append(
                f"  WARNING: {name} {installed} is installed but constraints.txt pins {wanted}: "
                "parity verdicts may differ from CI's"
            )
    note = "" if warnings else " (as constraints.txt pins them)"
    return [f"Oracles: {', '.join(shown)}{note}", *warnings]
