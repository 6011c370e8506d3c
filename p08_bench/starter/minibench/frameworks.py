"""The frameworks under test: where each one's app lives and what it needs installed.

The course's own frameworks are included whenever their packages are installed: the
learner's copies when `nox` puts them on the path, else the reference solutions.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
from dataclasses import dataclass
from typing import Any, Literal

Interface = Literal["asgi", "wsgi"]


@dataclass(frozen=True)
class Framework:
    """One framework: its app (a `module:attribute` path servers can be given) and interface."""

    name: str  # short name, used on the command line and in results
    label: str  # what tables print
    interface: Interface
    app: str  # "package.module:attribute", as uvicorn and gunicorn take it
    requires: tuple[str, ...]  # import names that must be installed
    course: bool = False  # one of the course's own frameworks

    def installed(self) -> bool:
        return all(importlib.util.find_spec(name) is not None for name in self.requires)

    def load(self) -> Any:
        """The app object itself, for the in-process check and timing."""
        module, _, attribute = self.app.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def versions(self) -> dict[str, str]:
        """The installed version of each required distribution (course packages included)."""
        found = {}
        for name in self.requires:
            try:
                found[name] = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                found[name] = "not installed"
        return found


FRAMEWORKS: tuple[Framework, ...] = (
    Framework("fastapi", "FastAPI", "asgi", "minibench.apps.fastapi_app:app", ("fastapi", "pydantic")),
    Framework(
        "starlette", "Starlette", "asgi", "minibench.apps.starlette_app:app", ("starlette", "pydantic")
    ),
    Framework("flask", "Flask", "wsgi", "minibench.apps.flask_app:app", ("flask", "pydantic")),
    Framework("django", "Django", "wsgi", "minibench.apps.django_app:application", ("django", "pydantic")),
    Framework(
        "miniflask", "miniflask (p01)", "wsgi", "minibench.apps.miniflask_app:app",
        ("miniflask", "minipydantic"), course=True,
    ),
    Framework(
        "miniasgi", "miniasgi+minirouter (p02/p03)", "asgi", "minibench.apps.miniasgi_app:app",
        ("miniasgi", "minirouter", "minipydantic"), course=True,
    ),
    Framework(
        "minifast", "minifast (p07)", "asgi", "minibench.apps.minifast_app:app", ("minifast",), course=True
    ),
)  # fmt: skip
BY_NAME = {framework.name: framework for framework in FRAMEWORKS}


def choose(names: list[str] | None = None) -> list[Framework]:
    """The frameworks to run: those named (an unknown or missing one is an error), or every
    installed one."""
    if not names:
        return [framework for framework in FRAMEWORKS if framework.installed()]
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        raise ValueError(f"unknown framework(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    missing = [name for name in names if not BY_NAME[name].installed()]
    if missing:
        raise ValueError(f"not installed: {', '.join(missing)} (pip install it, or leave it out)")
    return [BY_NAME[name] for name in names]
