"""JSON text as Pydantic writes it, from data a dump has already made JSON-able.

Python's `json` module does the writing (compact or indented, UTF-8 kept as it is); the one
place its text differs from Pydantic's Rust writer is a small float, fixed afterwards.
"""

from __future__ import annotations

import json
import re
from typing import Any

_ENCODERS: dict[int | None, json.JSONEncoder] = {}


def json_text(data: Any, indent: int | None = None) -> str:
    """Dumped data as JSON text, compact or indented, as Pydantic writes it. The dump is made of
    fresh containers, so the encoder need not look for cycles."""
    encoder = _ENCODERS.get(indent)
    if encoder is None:
        separators = (",", ":") if indent is None else (",", ": ")
        encoder = _ENCODERS[indent] = json.JSONEncoder(
            ensure_ascii=False, check_circular=False, indent=indent, separators=separators
        )
    text = encoder.encode(data)
    return _SMALL_FLOAT.sub(_as_pydantic_writes_it, text) if "e-0" in text else text


# Python writes 1e-05 and 1.5e-07; Pydantic (Rust) writes 0.00001 and 1.5e-7: exponent -5 in
# decimal form, the others without the zero. Only floats that small look different, and
# their text always holds "e-0", so the common text skips this. A JSON string is matched
# whole first (the alternation), so digits inside strings are never touched.
_SMALL_FLOAT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?)(\d)(?:\.(\d+))?e-0(\d)')


def _as_pydantic_writes_it(found: re.Match[str]) -> str:
    sign, first, rest, exponent = found.groups()
    if first is None:  # a string
        return found.group(0)
    if exponent == "5":
        return f"{sign}0.0000{first}{rest or ''}"
    return f"{sign}{first}{'.' + rest if rest else ''}e-{exponent}"


__all__ = ["json_text"]
