"""The `Cookie` request header, read the lenient way browsers write it: a browser joins its
cookies with `; ` and quotes a value only sometimes, and clients in the wild send odder text
still. `HTTPConnection.cookies` is this function of every Cookie header, in order."""

from __future__ import annotations

import re

_QUOTED_CHAR = re.compile(r"\\(?:([0-3][0-7][0-7])|(.))")


def parse_cookie_header(cookie_header: str) -> dict[str, str]:
    """Parse a `Cookie:` header the lenient way browsers write it.

    Split on `;`, then on the first `=`; a chunk without `=` is a value with an empty name.
    Quoted values are unquoted. Later duplicates win.
    """
    cookies: dict[str, str] = {}
    for chunk in cookie_header.split(";"):
        name, _, value = chunk.partition("=") if "=" in chunk else ("", "", chunk)
        name, value = name.strip(), value.strip()
        if name or value:
            cookies[name] = _unquote_cookie_value(value)
    return cookies


def _unquote_cookie_value(value: str) -> str:
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    return _QUOTED_CHAR.sub(lambda m: chr(int(m[1], 8)) if m[1] else m[2], value[1:-1])


__all__ = ["parse_cookie_header"]
