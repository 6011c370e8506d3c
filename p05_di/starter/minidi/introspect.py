"""Reading a callable's definition: how to call it and what it asks for.

This is the only module that should use `inspect` and `typing.get_type_hints`, and the
solver calls it once per callable. Functions, classes (their `__init__`), callable instances
(their `__call__`) and `functools.partial` objects all end up as "a signature plus hints".
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from minidi.nodes import Kind


def describe(call: Callable[..., Any]) -> str:
    """A short name for error messages: `get_user`, `Settings`, `Auth()` for an instance."""
    raise NotImplementedError("Return call.__name__, or the type's name plus '()' for an instance.")


def kind_of(call: Callable[..., Any]) -> Kind:
    """Classify once (classes are SYNC; for an instance look at its `__call__`)."""
    raise NotImplementedError(
        "Use inspect.isasyncgenfunction / isgeneratorfunction / iscoroutinefunction to pick a Kind."
    )


def parameters(call: Callable[..., Any]) -> list[tuple[inspect.Parameter, Any]]:
    """Each parameter with its resolved annotation (`Annotated` kept, `Any` when missing),
    leaving out `*args`/`**kwargs`."""
    raise NotImplementedError(
        "Combine inspect.signature(call) with typing.get_type_hints(..., include_extras=True)."
    )


def split_annotated(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """`Annotated[T, a, b]` -> `(T, (a, b))`; anything else -> `(hint, ())`."""
    raise NotImplementedError("Use typing.get_origin and typing.get_args.")
