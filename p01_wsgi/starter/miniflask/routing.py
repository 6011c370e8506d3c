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

    The tests read `pattern`, `view`, `endpoint` and `regex` (an `re.Pattern` compiled once,
    here, that the whole path must fullmatch). Other attributes are yours to choose.
    """

    def __init__(self, pattern: str, view: Callable[..., Any], endpoint: str, methods: Iterable[str]) -> None:
        raise NotImplementedError(
            "Remember the pattern, the view, the endpoint and the methods (milestone 2). Work out, "
            "once, everything matching will need: a compiled regex for the whole path and a "
            "converter per parameter (milestone 3); the methods upper-cased, with HEAD added when "
            "GET is there and OPTIONS always (milestone 4). A pattern that does not start with "
            "'/', names an unknown converter, repeats a parameter name or has a '<' or '>' outside "
            "a well-formed <parameter> is a ValueError whose message contains the pattern."
        )

    def match(self, path: str) -> dict[str, Any] | None:
        """The path parameters, converted, if `path` fits this rule; else None."""
        raise NotImplementedError(
            "If the whole path fits this rule, return its parameters by name, converted to "
            "Python values ({'user_id': 42}); otherwise (including a value the converter refuses) "
            "return None. (Milestone 3)"
        )

    def build(self, params: Mapping[str, Any]) -> str:
        """The URL path for these parameter values; leftover values become the query string."""
        raise NotImplementedError(
            "Return the path this rule matches for these parameter values, each value %-escaped "
            "(the converter's `safe` characters stay as they are); params that are not "
            "parameters of the rule become the query string. A missing parameter is a BuildError "
            "that names it. (Milestone 3)"
        )


class Router:
    """All the rules of an app. Static paths sit in a dict; the rest are tried in order."""

    def __init__(self) -> None:
        raise NotImplementedError(
            "Start with no rules. `self.rules` is public: every Rule added, in order "
            "(the tests read app.router.rules). (Milestone 2)"
        )

    def add(self, rule: Rule) -> None:
        """Register `rule`; the first rule registered for a path and method wins."""
        raise NotImplementedError(
            "Register the rule so match and build can find it (milestone 2). An endpoint name "
            "that another view already uses is refused with a ValueError naming the endpoint "
            "(milestone 3)."
        )

    def match(self, method: str, path: str) -> tuple[Rule, dict[str, Any]]:
        """The rule and parameters for this request, or raise NotFound / MethodNotAllowed."""
        raise NotImplementedError(
            "Return the rule that answers this method on this path, with its converted "
            "parameters. A rule without parameters wins over one with; among rules with "
            "parameters, the first registered wins (milestone 3). No rule fits the path: raise "
            "NotFound (milestone 2). Some rules fit the path but none takes the method: raise "
            "MethodNotAllowed with the methods they take (milestone 4)."
        )

    def allowed_methods(self, path: str) -> set[str]:
        """Every method some rule accepts for `path` (the `Allow` header). Slow path only."""
        raise NotImplementedError(
            "Return every method some rule takes for this path (empty if no rule fits it): what "
            "the Allow header lists. (Milestone 4)"
        )

    def build(self, endpoint: str, params: Mapping[str, Any]) -> str:
        """`url_for`: the path of the rule registered under `endpoint`."""
        raise NotImplementedError(
            "Return the path of the rule registered under `endpoint`, built from `params`; an "
            "unknown endpoint is a BuildError. (Milestone 3)"
        )
