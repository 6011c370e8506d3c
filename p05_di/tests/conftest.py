"""Fixtures: `parity` runs a scenario under minidi and FastAPI; `example` is examples/app.py."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from .scenarios import EXAMPLES, Scenario, outcome_fastapi, outcome_minidi


@pytest.fixture
def parity() -> Callable[..., Any]:
    """Assert the scenario behaves identically under minidi and FastAPI; return the outcome."""

    def check(build: Scenario, **kwargs: Any) -> Any:
        expected = outcome_fastapi(build, **kwargs)
        got = outcome_minidi(build, **kwargs)
        assert got == expected, f"minidi differs from FastAPI\nexpected: {expected}\ngot:      {got}"
        return got

    return check


@pytest.fixture(scope="session")
def example() -> ModuleType:
    """examples/app.py imported as a module (it only uses minidi's public API)."""
    spec = importlib.util.spec_from_file_location("minidi_example_app", EXAMPLES / "app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
