"""JSON text -> Python values, with parse failures worded like Pydantic's (serde_json's).

The standard library parser does the work; only its error message is translated, because a
client sees it in the 422 body as a `json_invalid` entry.
"""

from __future__ import annotations

import json
from typing import Any

from minipydantic.errors import error

__all__ = ["parse_json"]

_PHRASES = {
    "Expecting value": "expected value",
    "Extra data": "trailing characters",
    "Expecting property name enclosed in double quotes": "key must be a string",
    "Expecting ',' delimiter": "expected `,` or `}`",
    "Expecting ':' delimiter": "expected `:`",
    "Unterminated string starting at": "EOF while parsing a string",
    "Invalid control character at": "control character (\\u0000-\\u001F) found while parsing a string",
}


def _explain(exc: json.JSONDecodeError) -> str:
    if exc.pos >= len(exc.doc.rstrip()) and exc.msg in (
        "Expecting value",
        "Expecting property name enclosed in double quotes",
    ):
        return f"EOF while parsing a value at line {exc.lineno} column {max(exc.colno - 1, 0)}"
    phrase = _PHRASES.get(exc.msg, exc.msg)
    return f"{phrase} at line {exc.lineno} column {exc.colno}"


def parse_json(data: Any) -> Any:
    if not isinstance(data, str | bytes | bytearray):
        raise error("json_type", data)
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        reason = _explain(exc)
        raise error("json_invalid", data, {"error": reason}) from None
    except UnicodeDecodeError as exc:
        raise error("json_invalid", data, {"error": str(exc)}) from None
    except RecursionError:  # nested deeper than Python's stack allows
        raise error("json_invalid", data, {"error": "recursion limit exceeded"}) from None
