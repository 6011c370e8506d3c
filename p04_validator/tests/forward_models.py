"""Module-level models for the forward-reference test: `Later` names a class defined after it."""

from __future__ import annotations

import minipydantic


class Later(minipydantic.BaseModel):
    """Refers to a class defined below it: built on first use, or by model_rebuild()."""

    other: Defined | None = None


class Defined(minipydantic.BaseModel):
    x: int = 0
