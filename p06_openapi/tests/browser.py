"""A headless Chromium page that records every request trying to leave the machine."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Browser:
    """A headless Chromium page, plus what tried to leave the machine.

    `outside` lists requests for non-loopback hosts that reached the network layer (they
    are aborted, never sent); `blocked` lists those the page's Content-Security-Policy
    stopped inside the browser."""

    page: Any
    outside: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
