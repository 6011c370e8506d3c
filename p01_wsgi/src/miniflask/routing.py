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
    """One route: a compiled pattern, the methods it accepts and the view that answers."""

    def __init__(self, pattern: str, view: Callable[..., Any], endpoint: str, methods: Iterable[str]) -> None:
        if not pattern.startswith("/"):
            raise ValueError(f"route {pattern!r} must start with '/'")
        self.pattern = pattern
        self.view = view
        self.endpoint = endpoint
        methods = {method.upper() for method in methods}
        if "GET" in methods:
            methods.add("HEAD")  # same headers as GET, no body: the Response drops it
        self.auto_options = "OPTIONS" not in methods
        self.methods = frozenset(methods | {"OPTIONS"})

        regex: list[str] = []
        self.parts: list[str] = []  # static text and parameter names, alternating
        self.converters: dict[str, Converter] = {}
        position = 0
        for match in _PARAM.finditer(pattern):
            static = pattern[position : match.start()]
            name, kind = match["name"], match["converter"] or "string"
            if kind not in CONVERTERS:
                raise ValueError(
                    f"route {pattern!r}: unknown converter {kind!r}; use one of {sorted(CONVERTERS)}"
                )
            if name in self.converters:
                raise ValueError(f"route {pattern!r} uses the parameter {name!r} twice")
            regex += [re.escape(static), f"(?P<{name}>{CONVERTERS[kind].regex})"]
            self.parts += [static, name]
            self.converters[name] = CONVERTERS[kind]
            position = match.end()
        self.parts.append(pattern[position:])
        regex.append(re.escape(pattern[position:]))
        if "<" in "".join(self.parts[::2]) or ">" in "".join(self.parts[::2]):
            raise ValueError(f"route {pattern!r} has a malformed <parameter>")
        self.is_static = not self.converters
        self.regex = re.compile("".join(regex), re.DOTALL)
        # Only non-string converters need a call per request; keep that list short.
        self._casts = [
            (name, conv.to_python) for name, conv in self.converters.items() if conv.to_python is not str
        ]

    def match(self, path: str) -> dict[str, Any] | None:
        """The path parameters, converted, if `path` fits this rule; else None."""
        found = self.regex.fullmatch(path)
        if found is None:
            return None
        params: dict[str, Any] = found.groupdict()
        try:
            for name, cast in self._casts:
                params[name] = cast(params[name])
        except ValueError:  # e.g. an int longer than Python will parse: no such resource
            return None
        return params

    def build(self, params: Mapping[str, Any]) -> str:
        """The URL path for these parameter values; leftover values become the query string."""
        missing = [name for name in self.converters if name not in params]
        if missing:
            raise BuildError(f"cannot build a URL for {self.endpoint!r}: missing {', '.join(missing)}")
        pieces = [
            part if i % 2 == 0 else quote(str(params[part]), safe=self.converters[part].safe)
            for i, part in enumerate(self.parts)
        ]
        extra = {key: value for key, value in params.items() if key not in self.converters}
        return "".join(pieces) + ("?" + urlencode(extra, doseq=True) if extra else "")


class Router:
    """All the rules of an app. Static paths sit in a dict; the rest are tried in order."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self._static: dict[str, dict[str, Rule]] = {}
        self._dynamic: list[Rule] = []
        self._by_endpoint: dict[str, Rule] = {}

    def add(self, rule: Rule) -> None:
        """Register `rule`; the first rule registered for a path and method wins."""
        known = self._by_endpoint.get(rule.endpoint)
        if known is not None and known.view is not rule.view:
            raise ValueError(f"endpoint {rule.endpoint!r} is already used by {known.view.__qualname__}")
        self._by_endpoint.setdefault(rule.endpoint, rule)
        self.rules.append(rule)
        if rule.is_static:
            by_method = self._static.setdefault(rule.pattern, {})
            for method in rule.methods:
                by_method.setdefault(method, rule)
        else:
            self._dynamic.append(rule)

    def match(self, method: str, path: str) -> tuple[Rule, dict[str, Any]]:
        """The rule and parameters for this request, or raise NotFound / MethodNotAllowed."""
        by_method = self._static.get(path)
        if by_method is not None:
            rule = by_method.get(method)
            if rule is not None:
                return rule, {}
        for rule in self._dynamic:
            params = rule.match(path)
            if params is not None and method in rule.methods:
                return rule, params
        allowed = self.allowed_methods(path)
        if allowed:
            raise MethodNotAllowed(allowed)
        raise NotFound()

    def allowed_methods(self, path: str) -> set[str]:
        """Every method some rule accepts for `path` (the `Allow` header). Slow path only."""
        allowed = set(self._static.get(path, ()))
        for rule in self._dynamic:
            if rule.match(path) is not None:
                allowed |= rule.methods
        return allowed

    def build(self, endpoint: str, params: Mapping[str, Any]) -> str:
        """`url_for`: the path of the rule registered under `endpoint`."""
        rule = self._by_endpoint.get(endpoint)
        if rule is None:
            raise BuildError(f"no route has the endpoint {endpoint!r}; known: {sorted(self._by_endpoint)}")
        return rule.build(params)
