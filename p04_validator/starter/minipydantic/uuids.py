"""UUIDs: the text forms the Rust `uuid` crate reads, and its explanations of the rest.

Pydantic parses UUID text with that crate, so a client sends any of its four forms and, for
anything else, reads its reason ("invalid group count: expected 5, found 2") in the 422 body.
"""

from __future__ import annotations

from typing import Any

from minipydantic.errors import Validator

__all__ = ["uuid_validator"]

_HEX = frozenset("0123456789abcdefABCDEF")
_GROUPS = (8, 4, 4, 4, 12)


def uuid_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 4) Return a validator for UUID: UUIDs pass; 32 hex digits, or 8-4-4-4-12 with "
        "hyphens, bare, in braces ('{...}') or after 'urn:uuid:', convert (lax); other text is "
        "refused with the uuid crate's reason."
    )
