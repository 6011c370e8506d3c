"""Path templates compiled once: `/users/{user_id:int}` becomes a regex, a format and keys.

Everything that depends only on the template is worked out here, when a route is created:
the regex that matches a request path, the pieces `url_path_for` glues back together, and
the literal segments the router's index files the route under. The request path then only
runs one `fullmatch` and the convertors of the parameters it captured.
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

    `segments` and `tail` are the index keys: the literal text of each leading segment (or
    WILDCARD for a segment with single-segment parameters) and whether a parameter that can
    cross "/" (`path`, or a custom convertor) follows them.
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
        return not self.convertors

    def match(self, text: str) -> dict[str, Any] | None:
        """The converted parameters if `text` matches the whole template, else None.

        A convertor that raises ValueError rejects the text, so bad input is a 404 rather
        than a server error.
        """
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
        """Write the template with `params` (a value for each of its parameters) filled in."""
        pieces = list(self._pieces)
        for i in range(1, len(pieces), 2):
            name = pieces[i]
            pieces[i] = self.convertors[name].to_string(params[name])
        return "".join(pieces)


def compile_path(template: str) -> CompiledPath:
    """Compile a route path (`/users/{id:int}`) or a host (`{sub}.example.com`) once.

    Raises ValueError for an unknown convertor or a parameter name used twice, so a typo
    fails at startup, not on the first request.
    """
    is_host = not template.startswith("/")
    regex, fmt, pieces = [], [], []
    convertors: dict[str, Convertor[Any]] = {}
    end = 0
    for found in PARAM.finditer(template):
        name, kind = found.group(1), found.group(2) or "str"
        if kind not in CONVERTOR_TYPES:
            known = ", ".join(sorted(CONVERTOR_TYPES))
            raise ValueError(f"unknown convertor {kind!r} in {template!r} (known: {known})")
        if name in convertors:
            raise ValueError(f"parameter {name!r} appears twice in {template!r}")
        convertors[name] = CONVERTOR_TYPES[kind]
        literal = template[end : found.start()]
        regex.append(f"{re.escape(literal)}(?P<{name}>{convertors[name].regex})")
        fmt.append(f"{literal}{{{name}}}")
        pieces += [literal, name]
        end = found.end()
    rest = template[end:]
    fmt.append(rest)
    pieces.append(rest)
    if is_host:
        rest = _strip_port(rest)
    regex.append(re.escape(rest))
    segments, tail = _index_keys(template) if not is_host else ((), False)
    return CompiledPath(
        template=template,
        # Host names are case-insensitive; paths are not.
        regex=re.compile("".join(regex), re.IGNORECASE if is_host else 0),
        format="".join(fmt),
        convertors=convertors,
        segments=segments,
        tail=tail,
        _pieces=tuple(pieces),
    )


def _strip_port(host: str) -> str:
    """A host template matches the host name only; the request's port is ignored."""
    if host.endswith("]") or ":" not in host:
        return host
    return host.rsplit(":", 1)[0]


def _index_keys(template: str) -> tuple[tuple[Segment, ...], bool]:
    keys: list[Segment] = []
    for part in template[1:].split("/"):
        params = [CONVERTOR_TYPES[found.group(2) or "str"] for found in PARAM.finditer(part)]
        if not params:
            keys.append(part)
        elif all(convertor.single_segment for convertor in params):
            keys.append(WILDCARD)
        else:
            return tuple(keys), True
    return tuple(keys), False


def get_route_path(scope: Scope) -> str:
    """The part of `path` this router is responsible for: `path` minus `root_path`.

    ASGI keeps the full path in `path` and the prefix mounts have consumed in `root_path`
    (Starlette does the same since 0.33), so a mounted app still sees the real URL.
    """
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if len(path) == len(root_path):
        return ""
    return path[len(root_path) :] if path[len(root_path)] == "/" else path


class URLPath(str):
    """The path `url_path_for` builds, remembering the protocol and host it belongs to."""

    protocol: Literal["http", "websocket", ""]
    host: str

    def __new__(cls, path: str, protocol: Literal["http", "websocket", ""] = "", host: str = "") -> "URLPath":
        url = super().__new__(cls, path)
        url.protocol = protocol
        url.host = host
        return url
