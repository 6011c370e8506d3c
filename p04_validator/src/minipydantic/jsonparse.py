"""JSON text -> Python values, accepting and refusing exactly what Pydantic's parser does.

The standard library's C scanner does the work on the fast path, called directly. It differs
from Pydantic's parser (jiter) in a few places, and each is checked with a test that costs
little for ordinary documents: a str holding a lone surrogate (`string_unicode`), bytes that
are not UTF-8 (a byte order mark, UTF-16), `\\uD800` escapes without their pair, integer parts
over 4300 digits, and values nested in more than 200 containers (counting the brackets of a
long document costs about 1 ns per byte, the one test that grows with its size). Whenever a
document is refused, or one of those tests fires, `jsonscan` reads it again the way Pydantic
does, to report the same `json_invalid` entry: its wording and its "line L column C".
"""

from __future__ import annotations

import json
import re
from typing import Any

from minipydantic.errors import Invalid, error
from minipydantic.jsonscan import locate, position

__all__ = ["parse_json"]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONG_INTEGER = re.compile(r"(?<![0-9])[0-9]{4301}")
_MAX_DEPTH = 200
_SHORTEST_DEEP = 2 * _MAX_DEPTH + 2  # no shorter text can nest a value 201 containers deep
# A document's shape: containers as "(" and ")", strings as quotes (their brackets as parens).
_PARENS = bytes(0x28 if b in b"[{" else 0x29 if b in b"]}" else b for b in range(256))
_NOT_SHAPE = bytes(b for b in range(256) if b not in b'[]{}"')
_QUOTED = re.compile(rb'"[^"]*"')
# The C scanner `json.loads` runs, called directly: loads wraps it in three Python calls and
# two regex matches for the whitespace around the value, which cost more than the scan of a
# small document. Text that starts with whitespace (or anything it refuses) goes to loads.
_scan: Any = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # (set in its __init__)
_WHITESPACE = " \t\n\r"  # JSON's, the only whitespace allowed after the value


def parse_json(data: Any) -> Any:
    """The Python value of JSON `data` (str, bytes or bytearray); raises `Invalid` with
    Pydantic's entry (`json_type`, `string_unicode` or `json_invalid`) otherwise."""
    if type(data) is str:
        text = data
    elif type(data) is bytes or isinstance(data, bytes | bytearray):
        try:
            text = data.decode()
        except UnicodeDecodeError:  # not UTF-8: Pydantic reads the bytes and stops somewhere
            raise _refused(data, bytes(data), "invalid unicode code point") from None
    elif isinstance(data, str):
        text = str(data)
    else:
        raise error("json_type", data)
    if not text.isascii() and _LONE_SURROGATE.search(text):
        raise error("string_unicode", data)  # a str that cannot be UTF-8 at all
    try:
        value, end = _scan(text, 0)
        if end != len(text) and text[end:].strip(_WHITESPACE):
            raise ValueError(text)  # trailing characters
    except (StopIteration, ValueError, RecursionError):  # also leading whitespace, or a BOM
        value = _loads(data, text)
    if (len(text) > _SHORTEST_DEEP or "\\" in text) and _suspicious(text, value):
        found = locate(text.encode())
        if found is not None:
            raise _invalid(data, text.encode(), *found)
    return value


def _loads(data: Any, text: str) -> Any:
    """`json.loads`, whose refusals are located and worded as Pydantic's parser words them."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _refused(data, text.encode(), str(exc)) from None


def _suspicious(text: str, value: Any) -> bool:
    """Might Pydantic refuse what `json.loads` accepted? Each test is cheap on its own guard."""
    if "\\" in text and _SURROGATE_ESCAPE.search(text) and _holds_surrogate(value):
        return True
    if len(text) <= _SHORTEST_DEEP:
        return False
    if len(text) > 4300 and _LONG_INTEGER.search(text):
        return True
    return text.count("[") + text.count("{") > _MAX_DEPTH and _nests_deep(text)


def _holds_surrogate(value: Any) -> bool:
    """Did an escape leave a lone surrogate in a string? (A pair becomes one character.)"""
    try:
        json.dumps(value, ensure_ascii=False).encode()
    except (UnicodeEncodeError, RecursionError):  # (too deep to tell: the reader will say)
        return True
    return False


def _nests_deep(text: str) -> bool:
    """Might valid JSON `text` nest some value in more than 200 containers? Its shape is its
    brackets outside strings; each pass of `replace("()", "")` peels one level off every
    container, so a shape still there after 200 passes has 201 containers open at once."""
    raw = text.encode()
    if b"\\" in raw:  # drop escaped backslashes, then escaped quotes: every quote left delimits
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    shape = raw.translate(_PARENS, _NOT_SHAPE).replace(b'""', b"")
    if b'"' in shape:  # strings holding brackets
        shape = _QUOTED.sub(b"", shape)
    for _ in range(_MAX_DEPTH):
        if not shape:
            return False
        shape = shape.replace(b"()", b"")
    return bool(shape)


def _refused(data: Any, raw: bytes, fallback: str) -> Invalid:
    found = locate(raw)
    if found is None:  # json.loads refused what Pydantic reads (its stack ran out): say why
        return error("json_invalid", data, {"error": fallback})
    return _invalid(data, raw, *found)


def _invalid(data: Any, raw: bytes, reason: str, index: int) -> Invalid:
    return error("json_invalid", data, {"error": f"{reason} at {position(raw, index)}"})
