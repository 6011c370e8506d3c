"""The course kit: what every project shares.

Two audiences use it. The learner meets it through `nox` (start, reset, hint, progress,
compare) and through the pytest plugin that turns failures into next steps. Test authors use
`running_server`, `running_redis` and `require` from here.

The learner commands use only the standard library, so `nox -s start` and friends need no
virtual environment. That is why the test helpers below (which need pytest and httpx) are
imported lazily, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coursekit.redis_server import running_redis
    from coursekit.requirements import require
    from coursekit.servers import free_port, running_server

__all__ = ["free_port", "require", "running_redis", "running_server"]

_LAZY = {
    "free_port": "servers",
    "running_server": "servers",
    "require": "requirements",
    "running_redis": "redis_server",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'coursekit' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"coursekit.{_LAZY[name]}"), name)
