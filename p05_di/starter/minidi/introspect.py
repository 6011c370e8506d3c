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
    name = getattr(call, "__name__", None)
    return name if isinstance(name, str) else f"{type(call).__name__}()"


def kind_of(call: Callable[..., Any]) -> Kind:
    """How `call` must be called, decided once so that running never inspects anything."""
    raise NotImplementedError(
        "Return how `call` is called: Kind.ASYNC when calling it gives a coroutine, "
        "Kind.GENERATOR / Kind.ASYNC_GENERATOR for a `def`/`async def` with `yield`, else "
        "Kind.SYNC. Milestone 1 only stores the answer: `return Kind.SYNC` will do until "
        "milestone 2."
    )


def parameters(call: Callable[..., Any]) -> list[tuple[inspect.Parameter, Any]]:
    """Each parameter of `call`, in order, with its annotation: string annotations evaluated,
    `Annotated[...]` kept whole, `Any` when there is none."""
    raise NotImplementedError(
        "Return (parameter, annotation) for each parameter a caller must fill, in order; "
        "leave out *args and **kwargs. String annotations must come back evaluated, and "
        "Annotated[...] with its extras."
    )


def split_annotated(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """`Annotated[T, a, b]` -> `(T, (a, b))`; anything else -> `(hint, ())`."""
    raise NotImplementedError("Return the annotation without Annotated, and Annotated's extras (or ()).")
