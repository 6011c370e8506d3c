"""Fixtures for p09's tests. Helpers that tests import live in modules beside this one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from coursekit import require
from coursekit.redis_server import running_redis


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The URL of a private redis-server started once for the whole session (a free loopback
    port, no persistence). Tests share it, so each test uses keys of its own (a unique prefix
    or path) instead of flushing what another test may still be using."""
    require(shutil.which("redis-server") is not None, "redis-server (apt-get install -y redis-server)")
    with running_redis() as url:
        yield url
