"""Path templates compiled once: `/users/{user_id:int}` becomes a regex and its convertors.

Everything that depends only on the template is worked out when a route is created: the
regex that matches a request path and the convertor of each parameter. The request path
then only runs one `fullmatch` and the convertors of the parameters it captured.
"""

import re
from dataclasses import dataclass
from typing import Any, Literal

from miniasgi.types import Scope

from minirouter.convertors import CONVERTOR_TYPES, Convertor

# `{name}` or `{name:convertor}`; anything else in braces is literal text.
# group(1) is the name, group(2) the convertor's name (None when the template has no `:type`).
PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_][a-zA-Z0-9_]*))?}")

WILDCARD = None
"""Index key of a segment that holds parameters: it matches any single segment."""

Segment = str | None


@dataclass(frozen=True, slots=True)
class CompiledPath:
    """A template compiled for matching (`regex`, `convertors`) and for building URLs (`expand`).

    `template` is the text the route was given, `regex` the compiled pattern a whole request
    path must match, `convertors` maps each parameter name (in template order) to its Convertor.
    """

    template: str
    regex: re.Pattern[str]
    convertors: dict[str, Convertor[Any]]

    @property
    def format(self) -> str:
        """The template with bare `{name}` placeholders (`/users/{id}`), as OpenAPI writes paths.

        Written for you: the router never needs it, p06's OpenAPI documents do.
        """
        return PARAM.sub(r"{\1}", self.template)

    @property
    def is_static(self) -> bool:
        """A template without parameters matches exactly one path: itself (milestone 10)."""
        raise NotImplementedError("Say whether this template has no parameters at all.")

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The leading segments a matching path must have (milestone 10)."""
        raise NotImplementedError(
            "Describe the template's segments from the left: each one's literal text, or WILDCARD "
            "when it holds parameters that never cross '/'; stop before a segment whose parameter "
            "may cross '/' (a tail)."
        )

    @property
    def tail(self) -> bool:
        """True when, after `segments`, a parameter that may cross "/" takes the rest (milestone 10)."""
        raise NotImplementedError(
            "Say whether the template goes on, after `segments`, with a parameter that may cross '/'."
        )

    def match(self, text: str) -> dict[str, Any] | None:
        """The converted parameters if `text` matches the whole template, else None (milestone 1)."""
        raise NotImplementedError(
            "Return {name: value} for each parameter when the WHOLE text fits the template "
            "({} for a template without parameters), or None when it does not fit."
        )

    def expand(self, params: dict[str, Any]) -> str:
        """Write the template with `params` (a value for each of its parameters) filled in (milestone 6)."""
        raise NotImplementedError(
            "Return the template with each {placeholder} replaced by its value, written as text "
            "by the parameter's convertor."
        )


def compile_path(template: str) -> CompiledPath:
    """Compile a route path (`/users/{id:int}`) or a host (`{sub}.example.com`) once.

    Milestone 1: `{name}` placeholders. Milestone 7: `{name:type}`. Milestone 9: host names.
    """
    raise NotImplementedError(
        "Return a CompiledPath whose regex matches exactly the paths that fit the template, "
        "with one convertor per {placeholder}; raise ValueError naming a parameter used twice."
    )


def get_route_path(scope: Scope) -> str:
    """The part of `path` this router is responsible for: `path` minus `root_path` (milestone 8).

    ASGI keeps the full path in `path` and the prefix mounts (or a proxy) consumed in `root_path`.
    """
    raise NotImplementedError(
        "Return the request's path without the root_path in front of it: '' when the path is the "
        "root_path itself, and the path unchanged when root_path is not a whole-segment prefix of it."
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
