"""The `Depends` marker: a declaration read once, when the graph is solved.

`Depends` does nothing by itself. It is data attached to a parameter, either as the default
value (`db = Depends(get_db)`) or inside `Annotated[Session, Depends(get_db)]`; the solver
finds it there and turns it into a node of the graph. Keeping it inert is what lets the
same declaration be read by the runtime (p05, p07) and by documentation tools (p06).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import Any, Literal

Scope = Literal["function", "request"]
"""When a `yield` dependency's teardown runs: right after the endpoint returns ("function"),
or when the caller closes the request's exit stack ("request", the default for generators)."""


@dataclass(frozen=True, slots=True)
class Depends:
    """Declare that a parameter's value is the result of calling `dependency`.

    `dependency=None` means "call the parameter's annotation": `user: Annotated[User,
    Depends()]` calls `User(...)`. `use_cache=False` asks for a fresh call at every place the
    dependency appears instead of one shared result per request. `scope` only matters for
    `yield` dependencies (see `Scope`).
    """

    dependency: Callable[..., Any] | None = None
    _: KW_ONLY
    use_cache: bool = True
    scope: Scope | None = None
