"""`nox` works from this folder too: it runs the course's noxfile (plain `nox` tests this project)."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[1] / "noxfile.py"))
