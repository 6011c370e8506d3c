"""The command that serves one of the lesson's example apps under a real uvicorn."""

from __future__ import annotations

import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def uvicorn_command(app: str = "app:app") -> list[str]:
    """`uvicorn --app-dir examples <app>` on the free port `running_server` picks."""
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), app]
    return [*command, "--host", "{host}", "--port", "{port}"]
