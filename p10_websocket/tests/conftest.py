"""Fixtures for p10's tests: a private Redis and a headless Chromium. Helpers that tests import
live in modules beside this one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from coursekit import require
from coursekit.browser import CHROMIUM, CHROMIUM_ARGS
from coursekit.redis_server import running_redis

from .browser import Pages


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The URL of a private redis-server started once for the whole session (a free loopback
    port, no persistence). Tests share it, so each test uses channels of its own (a unique
    prefix or room name) instead of flushing what another test may still be using."""
    require(shutil.which("redis-server") is not None, "redis-server (apt-get install -y redis-server)")
    with running_redis() as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Pages]:
    """A headless Debian Chromium (playwright drives it); `browser.new_page()` opens a page in
    a fresh context. Requests for other hosts than this machine are aborted and recorded."""
    require(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield Pages(chromium)
        finally:
            chromium.close()
