"""A headless Chromium page that records every request trying to leave the machine."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Browser:
    """A headless Chromium page, plus what tried to leave the machine.

    `outside` lists requests for non-loopback hosts that reached the network layer (they
    are aborted, never sent); `blocked` lists those the page's Content-Security-Policy
    stopped inside the browser."""

    page: Any
    outside: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
