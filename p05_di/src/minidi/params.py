"""The `Depends` marker: a declaration read once, when the graph is solved.

`Depends` does nothing by itself. It is data attached to a parameter, either as the default
value (`db = Depends(get_db)`) or inside `Annotated[Session, Depends(get_db)]`; the solver
finds it there and turns it into a node of the graph. Keeping it inert is what lets the
same declaration be read by the runtime (p05, p07) and by documentation tools (p06).

`Security` is a `Depends` that also names *scopes*: permissions the caller requires
(`Security(get_user, scopes=["items"])`). They add up along the path from the endpoint, so
a dependency deep down, asking for a `SecurityScopes` parameter, learns every scope required
above it; p06 documents them in the operation's `security`, p07 checks them against a token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


@dataclass(frozen=True, slots=True)
class Security(Depends):
    """A `Depends` that requires `scopes` of everything below it: `Security(get_user,
    scopes=["me"])`. Scopes accumulate along the path (the endpoint's first, each once), and
    a dependency reads what reached it through a `SecurityScopes` parameter."""

    _: KW_ONLY
    scopes: Sequence[str] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scopes", tuple(self.scopes or ()))  # hashable, and None is ()


class SecurityScopes:
    """What a parameter annotated `SecurityScopes` receives: the scopes required on the path
    from the endpoint to this use of the dependency, in order (FastAPI's class, same fields).

    `scope_str` is them space-separated, as OAuth2 writes scopes (`WWW-Authenticate: Bearer
    scope="me items"`). Each request gets its own instance: the list is the caller's to keep.
    """

    def __init__(self, scopes: list[str] | None = None) -> None:
        self.scopes: list[str] = scopes or []
        self.scope_str: str = " ".join(self.scopes)

    def __repr__(self) -> str:
        return f"SecurityScopes({self.scopes!r})"
