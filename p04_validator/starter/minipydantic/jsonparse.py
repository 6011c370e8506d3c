"""JSON text -> Python values, accepting and refusing exactly what Pydantic's parser does.

The standard library's C parser does the work on the fast path. It differs from Pydantic's
(jiter) in a few places: a str holding a lone surrogate (`string_unicode`), bytes that are not
UTF-8 (a byte order mark, UTF-16), `\\uD800` escapes without their pair, integer parts over
4300 digits, and values nested in more than 200 containers. `jsonscan` (given complete) reads
a document the way Pydantic does and says where and why it stops.
"""

from __future__ import annotations

import json
from typing import Any

from minipydantic.errors import error
from minipydantic.jsonscan import locate, position

__all__ = ["parse_json"]


def parse_json(data: Any) -> Any:
    """The Python value of JSON `data` (str, bytes or bytearray); raises `Invalid` with
    Pydantic's entry (`json_type`, `string_unicode` or `json_invalid`) otherwise."""
    raise NotImplementedError(
        "(milestone 6) Return the Python value of JSON text. Not str/bytes/bytearray: json_type; a str "
        "holding a lone surrogate: string_unicode; text Pydantic refuses: one json_invalid entry whose "
        "ctx error is '<reason> at line L column C' (jsonscan.locate and position)."
    )
