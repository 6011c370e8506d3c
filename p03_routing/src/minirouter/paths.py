"""Path templates compiled once: `/users/{user_id:int}` becomes a regex and its convertors.

Everything that depends only on the template is worked out when a route is created: the
regex that matches a request path and the convertor of each parameter. The request path
then only runs one `fullmatch` and the convertors of the parameters it captured. What the
priority rule and the index need (the template's shape, segment by segment) is read from the
same compiled template, by properties, when the router builds its index.

`get_route_path` (which part of the path a route matches) and `URLPath` (what url_path_for
returns) belong to the route protocol, so they come from miniasgi, which names it.
"""

import re
from dataclasses import dataclass
from typing import Any

from miniasgi.routing import URLPath, get_route_path

from minirouter.convertors import CONVERTOR_TYPES, Convertor

# `{name}` or `{name:convertor}`; anything else in braces is literal text.
PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_][a-zA-Z0-9_]*))?}")

WILDCARD = None
"""Index key of a segment that holds parameters: it matches any single segment."""

Segment = str | None


@dataclass(frozen=True, slots=True)
class CompiledPath:
    """A template compiled for matching (`regex`, `convertors`) and for building URLs (`expand`)."""

    template: str
    regex: re.Pattern[str]
    convertors: dict[str, Convertor[Any]]

    @property
    def format(self) -> str:
        """The template with bare `{name}` placeholders (`/users/{id}`), as OpenAPI writes paths."""
        return PARAM.sub(r"{\1}", self.template)

    @property
    def is_static(self) -> bool:
        """A template without parameters matches exactly one path: itself."""
        return not self.convertors

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The template's shape, as the priority rule and the index compare it: each leading
        segment's literal text, or WILDCARD when its parameters stay inside it; stops at a tail."""
        return self._shape()[0]

    @property
    def tail(self) -> bool:
        """True when, after `segments`, a parameter that may cross "/" takes the rest."""
        return self._shape()[1]

    def _shape(self) -> tuple[tuple[Segment, ...], bool]:
        if not self.template.startswith("/"):  # a host: its shape is not a path's
            return (), False
        keys: list[Segment] = []
        for part in self.template[1:].split("/"):
            names = [found.group(1) for found in PARAM.finditer(part)]
            if not names:
                keys.append(part)
            elif all(self.convertors[name].single_segment for name in names):
                keys.append(WILDCARD)
            else:
                return tuple(keys), True
        return tuple(keys), False

    def match(self, text: str) -> dict[str, Any] | None:
        """The converted parameters if `text` matches the whole template, else None.

        A convertor that raises ValueError rejects the text, so bad input is a 404 rather
        than a server error. A path template without parameters matches only itself: one
        string comparison, no regex.
        """
        if not self.convertors and self.template[:1] == "/":
            return {} if text == self.template else None
        found = self.regex.fullmatch(text)
        if found is None:
            return None
        params: dict[str, Any] = found.groupdict()
        try:
            for name, convertor in self.convertors.items():
                params[name] = convertor.convert(params[name])
        except ValueError:
            return None
        return params

    def expand(self, params: dict[str, Any]) -> str:
        """Write the template with each parameter's value (its convertor's `to_string`).

        A parameter without a value stays a `{name}` placeholder, as in Starlette: asking a
        Mount at `/{tenant}` for a route inside it without `tenant` gives `/{tenant}/users`.
        One pass over the template, so a value that looks like a placeholder stays text.
        """

        def fill(found: re.Match[str]) -> str:
            name = found.group(1)
            if name not in params:
                return "{" + name + "}"
            return self.convertors[name].to_string(params[name])

        return PARAM.sub(fill, self.template)


def compile_path(template: str) -> CompiledPath:
    """Compile a route path (`/users/{id:int}`) or a host (`{sub}.example.com`) once.

    Raises ValueError for an unknown convertor or a parameter name used twice, so a typo
    fails at startup, not on the first request.
    """
    is_host = not template.startswith("/")
    regex = []
    convertors: dict[str, Convertor[Any]] = {}
    duplicated: set[str] = set()
    end = 0
    for found in PARAM.finditer(template):
        name, kind = found.group(1), found.group(2) or "str"
        if kind not in CONVERTOR_TYPES:
            known = ", ".join(sorted(CONVERTOR_TYPES))
            raise ValueError(f"unknown convertor {kind!r} in {template!r} (known: {known})")
        if name in convertors:
            duplicated.add(name)
        convertors[name] = CONVERTOR_TYPES[kind]
        regex.append(f"{re.escape(template[end : found.start()])}(?P<{name}>{convertors[name].regex})")
        end = found.end()
    if duplicated:  # Starlette's wording, every duplicate named at once
        names = ", ".join(sorted(duplicated))
        plural = "s" if len(duplicated) > 1 else ""
        raise ValueError(f"Duplicated param name{plural} {names} at path {template}")
    rest = template[end:]
    regex.append(re.escape(_strip_port(rest) if is_host else rest))
    return CompiledPath(
        template=template,
        # Host names are case-insensitive; paths are not.
        regex=re.compile("".join(regex), re.IGNORECASE if is_host else 0),
        convertors=convertors,
    )


def _strip_port(host: str) -> str:
    """A host template matches the host name only; the request's port is ignored."""
    if host.endswith("]") or ":" not in host:
        return host
    return host.rsplit(":", 1)[0]


__all__ = ["PARAM", "WILDCARD", "CompiledPath", "Segment", "URLPath", "compile_path", "get_route_path"]
