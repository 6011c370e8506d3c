"""Reading a callable's definition: how to call it and what it asks for.

This is the only module that uses `inspect` and `typing.get_type_hints`, and the solver calls
it once per callable. Functions, classes (their `__init__`), callable instances (their
`__call__`) and `functools.partial` objects all end up as "a signature plus type hints".
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

from minidi.nodes import Kind


def describe(call: Callable[..., Any]) -> str:
    """A short name for error messages: `get_user`, `Settings`, `Auth()` for an instance."""
    name = getattr(call, "__name__", None)
    return name if isinstance(name, str) else f"{type(call).__name__}()"


def _code_target(call: Callable[..., Any]) -> Any:
    """The function whose definition says how `call` behaves when called."""
    while isinstance(call, functools.partial):
        call = call.func
    if inspect.isclass(call):
        return call.__init__
    if not inspect.isroutine(call):
        return type(call).__call__
    return call


def kind_of(call: Callable[..., Any]) -> Kind:
    """Classify once; the executor branches on the answer instead of re-inspecting."""
    if inspect.isclass(call):
        return Kind.SYNC
    target = _code_target(call)
    targets = (target, inspect.unwrap(target))  # see through functools.wraps decorators
    if any(inspect.isasyncgenfunction(t) for t in targets):
        return Kind.ASYNC_GENERATOR
    if any(inspect.isgeneratorfunction(t) for t in targets):
        return Kind.GENERATOR
    if any(inspect.iscoroutinefunction(t) for t in targets):
        return Kind.ASYNC
    return Kind.SYNC


def parameters(call: Callable[..., Any]) -> list[tuple[inspect.Parameter, Any]]:
    """Each parameter with its resolved annotation (string annotations evaluated, `Annotated`
    kept), or `Any` when it has none. `*args`/`**kwargs` are left out: they may stay empty."""
    hints = typing.get_type_hints(_code_target(call), include_extras=True)
    found = []
    for name, param in inspect.signature(call).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        hint = hints.get(name, param.annotation)  # a `__signature__` may carry its own
        found.append((param, Any if hint is param.empty else hint))
    return found


def split_annotated(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """`Annotated[T, a, b]` -> `(T, (a, b))`; anything else -> `(hint, ())`."""
    if typing.get_origin(hint) is Annotated:
        base, *metadata = typing.get_args(hint)
        return base, tuple(metadata)
    return hint, ()
