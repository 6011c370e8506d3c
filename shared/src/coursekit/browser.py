"""The headless Chromium the course's browser tests drive (p06's docs pages, p10's chat page).

Debian's Chromium, driven by playwright, started with the flags that keep it on this machine:
no background networking, no component updates, no sync. A test machine has no network
beyond the package registries, and a browser that phones home on start would fill the tests
with refused connections (or, on a machine that has a network, leak). `--no-sandbox` because
CI runs as root, where Chromium's sandbox refuses to start.
"""

from pathlib import Path

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
"""The hosts a page under test may reach: everything else is a request leaving the machine."""
