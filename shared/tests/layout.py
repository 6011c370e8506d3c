"""Where the course is: the repository root and its projects, as the kit tests see them."""

from pathlib import Path

from coursekit.projects import discover

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = discover(ROOT)
