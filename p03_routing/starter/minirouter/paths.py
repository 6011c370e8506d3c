"""Path templates compiled once: `/users/{user_id:int}` becomes a regex, a format and keys.

Everything that depends only on the template is worked out here, when a route is created:
the regex that matches a request path, the pieces `url_path_for` glues back together, and
the literal segments the router's index files the route under (milestone 5).
"""

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from miniasgi.types import Scope

from minirouter.convertors import CONVERTOR_TYPES, Convertor

# `{name}` or `{name:convertor}`; anything else in braces is literal text.
PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_][a-zA-Z0-9_]*))?}")

WILDCARD = None
"""Index key of a segment that holds parameters: it matches any single segment."""

Segment = str | None


@dataclass(frozen=True, slots=True)
class CompiledPath:
    """A template compiled for matching, for building URLs and for the router's index.

    `regex` matches a whole path (use `fullmatch`). `format` is the template with plain
    `{name}` placeholders. `convertors` maps each parameter to its Convertor. `_pieces`
    alternates literal text and parameter names: ("/users/", "id", "") for `/users/{id}`.
    `segments` and `tail` are milestone 5's index keys: the literal text of each leading
    segment (WILDCARD for a segment holding single-segment parameters) and whether a
    parameter that can cross "/" (`path`, a custom convertor) follows them.
    """

    template: str
    regex: re.Pattern[str]
    format: str
    convertors: dict[str, Convertor[Any]]
    segments: tuple[Segment, ...]
    tail: bool
    _pieces: tuple[str, ...] = field(repr=False)

    @property
    def is_static(self) -> bool:
        """A template without parameters matches exactly one path: itself."""
        raise NotImplementedError("True when the template has no parameters.")

    def match(self, text: str) -> dict[str, Any] | None:
        """The converted parameters if `text` matches the whole template, else None."""
        raise NotImplementedError(
            "fullmatch the regex; convert each captured value with its convertor; "
            "return None if there is no match or a convertor raises ValueError."
        )

    def expand(self, params: dict[str, Any]) -> str:
        """Write the template with `params` (a value for each of its parameters) filled in."""
        raise NotImplementedError("Join `_pieces`, replacing each parameter name by to_string(its value).")


def compile_path(template: str) -> CompiledPath:
    """Compile a route path (`/users/{id:int}`) or a host (`{sub}.example.com`) once.

    Raises ValueError for an unknown convertor or a parameter name used twice.
    """
    raise NotImplementedError(
        "Walk PARAM.finditer(template): escape the literal text between placeholders, put each "
        "convertor's regex in a named group, build format and _pieces; hosts (no leading '/') "
        "ignore a port and match case-insensitively; compute segments/tail for milestone 5."
    )


def get_route_path(scope: Scope) -> str:
    """The part of `path` this router is responsible for: `path` minus `root_path`.

    ASGI keeps the full path in `path` and the prefix mounts have consumed in `root_path`.
    """
    raise NotImplementedError(
        "Return scope['path'] without the scope's root_path prefix (only if it really is a "
        "prefix, ending at a '/'; '' if the path is exactly the root_path)."
    )


class URLPath(str):
    """The path `url_path_for` builds, remembering the protocol and host it belongs to."""

    protocol: Literal["http", "websocket", ""]
    host: str

    def __new__(cls, path: str, protocol: Literal["http", "websocket", ""] = "", host: str = "") -> "URLPath":
        url = super().__new__(cls, path)
        url.protocol = protocol
        url.host = host
        return url
