"""URL rules: from '/users/<int:id>' to a compiled regex, and back again with `build`.

All the thinking happens once, in `Rule.__init__`, when the route is registered: parse the
pattern, pick each converter, compile one anchored regex. Matching a request is then a dict
lookup (static paths) or a `fullmatch` per dynamic rule, plus a converter call per value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple
from urllib.parse import quote, urlencode

from miniflask.exceptions import MethodNotAllowed, NotFound


class Converter(NamedTuple):
    """How one kind of path parameter looks in a URL, and how it becomes a Python value."""

    regex: str
    to_python: Callable[[str], Any]
    safe: str  # characters `build` leaves unquoted


CONVERTERS: dict[str, Converter] = {
    "string": Converter(r"[^/]+", str, "!$&'()*+,:;=@"),
    "int": Converter(r"[0-9]+", int, ""),
    "float": Converter(r"[0-9]+\.[0-9]+", float, "."),
    "path": Converter(r"[^/].*", str, "!$&'()*+,:;=@/"),
}

# `<name>` or `<converter:name>`; anything else between angle brackets is a mistake.
_PARAM = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)>")


class BuildError(LookupError):
    """`url_for` was asked for an endpoint that does not exist, or a parameter is missing."""


class Rule:
    """One route: a compiled pattern, the methods it accepts and the view that answers.

    Attributes the rest of the framework (and the tests) use: `pattern`, `view`, `endpoint`,
    `methods` (a frozenset that always has OPTIONS, and HEAD when it has GET),
    `auto_options` (True unless the user listed OPTIONS), `regex` (compiled, anchored by
    fullmatch), `converters` (name -> Converter), `is_static` (no parameters).
    """

    def __init__(self, pattern: str, view: Callable[..., Any], endpoint: str, methods: Iterable[str]) -> None:
        raise NotImplementedError(
            "Walk _PARAM.finditer(pattern): re.escape the static text between parameters, put "
            "f'(?P<{name}>{converter.regex})' for each parameter, then re.compile the joined "
            "string once. Raise ValueError (quoting the pattern) for an unknown converter, a "
            "repeated name, a leftover '<' or '>', or a pattern not starting with '/'."
        )

    def match(self, path: str) -> dict[str, Any] | None:
        """The path parameters, converted, if `path` fits this rule; else None."""
        raise NotImplementedError(
            "fullmatch the compiled regex; convert each group with its converter's to_python "
            "(a ValueError from int() means 'no match'); return the dict or None."
        )

    def build(self, params: Mapping[str, Any]) -> str:
        """The URL path for these parameter values; leftover values become the query string."""
        raise NotImplementedError(
            "Raise BuildError if a parameter is missing; quote each value with "
            "quote(str(value), safe=converter.safe); urlencode(extra, doseq=True) the rest."
        )


class Router:
    """All the rules of an app. Static paths sit in a dict; the rest are tried in order."""

    def __init__(self) -> None:
        raise NotImplementedError(
            "Keep `rules` (every Rule, in order), a dict path -> {method: Rule} for static "
            "rules, a list of dynamic rules, and a dict endpoint -> Rule for url_for."
        )

    def add(self, rule: Rule) -> None:
        """Register `rule`; the first rule registered for a path and method wins."""
        raise NotImplementedError(
            "Refuse (ValueError) an endpoint name already used by another view; then file the "
            "rule as static or dynamic."
        )

    def match(self, method: str, path: str) -> tuple[Rule, dict[str, Any]]:
        """The rule and parameters for this request, or raise NotFound / MethodNotAllowed."""
        raise NotImplementedError(
            "Try the static dict first, then each dynamic rule. If the path matched but no rule "
            "takes this method, raise MethodNotAllowed(self.allowed_methods(path)); else NotFound()."
        )

    def allowed_methods(self, path: str) -> set[str]:
        """Every method some rule accepts for `path` (the `Allow` header). Slow path only."""
        raise NotImplementedError(
            "Union the methods of every rule (static or dynamic) whose pattern matches path."
        )

    def build(self, endpoint: str, params: Mapping[str, Any]) -> str:
        """`url_for`: the path of the rule registered under `endpoint`."""
        raise NotImplementedError(
            "Find the rule for endpoint (BuildError if none) and return rule.build(params)."
        )
