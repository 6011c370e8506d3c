"""Path templates compiled once: `/users/{user_id:int}` becomes a regex and its convertors.

Everything that depends only on the template is worked out when a route is created: the
regex that matches a request path and the convertor of each parameter. The request path
then only runs one `fullmatch` and the convertors of the parameters it captured.

`get_route_path` (which part of the path a route matches) and `URLPath` (what url_path_for
returns) belong to the route protocol, so they come from miniasgi, which names it.
"""

import re
from dataclasses import dataclass
from typing import Any

from miniasgi.routing import URLPath, get_route_path

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
        """Write the template with each parameter's value filled in (milestone 6).

        A parameter without a value stays a `{name}` placeholder, as in Starlette (milestone 8
        relies on it: a Mount asked without its prefix's params).
        """
        raise NotImplementedError(
            "Return the template with each {placeholder} replaced, in one pass, by its value written "
            "as text by the parameter's convertor; a parameter missing from `params` stays '{name}'."
        )


def compile_path(template: str) -> CompiledPath:
    """Compile a route path (`/users/{id:int}`) or a host (`{sub}.example.com`) once.

    Milestone 1: `{name}` placeholders. Milestone 7: `{name:type}`. Milestone 9: host names.
    """
    raise NotImplementedError(
        "Return a CompiledPath whose regex matches exactly the paths that fit the template, "
        "with one convertor per {placeholder}; a parameter used twice is a ValueError in "
        "Starlette's words: 'Duplicated param name id at path /a/{id}/b/{id}'."
    )


__all__ = ["PARAM", "WILDCARD", "CompiledPath", "Segment", "URLPath", "compile_path", "get_route_path"]
