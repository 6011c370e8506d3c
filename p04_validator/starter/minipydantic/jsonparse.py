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


def parse_json(data: Any) -> Any:
    raise NotImplementedError(
        "(milestone 6) Return the Python value of JSON text; broken JSON is one json_invalid entry worded"
        " as Pydantic words it."
    )
