"""The `lib` fixture: a behaviour test runs against minipydantic and, as its oracle, Pydantic."""

from __future__ import annotations

from typing import Any

import pytest

from .parity import LIBS


@pytest.fixture(params=["mini", pytest.param("real", marks=pytest.mark.oracle)])
def lib(request: pytest.FixtureRequest) -> Any:
    """Run a behaviour test against both libraries, so the test itself is checked by the oracle."""
    return LIBS[request.param]
