"""UUIDs: the text forms the Rust `uuid` crate reads, and its explanations of the rest.

Pydantic parses UUID text with that crate, so a client sends any of its four forms and, for
anything else, reads its reason ("invalid group count: expected 5, found 2") in the 422 body.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from minipydantic.errors import Validator, error

__all__ = ["uuid_validator"]

_HEX = frozenset("0123456789abcdefABCDEF")
_GROUPS = (8, 4, 4, 4, 12)


def _uuid_body(text: str) -> tuple[str, int, bool]:
    """The hyphenated part of a braced ("{...}") or URN ("urn:uuid:...") UUID, its offset in
    `text`, and whether `text` had neither wrapping (only then is 32 hex digits allowed)."""
    if len(text) >= 2 and text[0] == "{" and text[-1] == "}":
        return text[1:-1], 1, False
    if text.startswith("urn:uuid:"):
        return text[9:], 9, False
    return text, 0, True


def _uuid_problem(text: str) -> str:
    """Explain a malformed UUID string the way the Rust `uuid` crate does, quirks included: a
    braced or URN UUID of the right length counts positions from inside the wrapping, any
    other length from the start of the text, and a too-long last group is measured from the
    whole text."""
    body, offset, simple = _uuid_body(text)
    if len(text) in (38, 45) and not simple:
        offset = 0
    for index, char in enumerate(body):
        if char not in _HEX and char != "-":
            return f"invalid character: found `{char}` at {index + offset}"
    groups = body.split("-")
    if len(groups) == 1 and simple:
        return f"invalid length: found {len(text)}"
    if len(groups) != 5:
        return f"invalid group count: expected 5, found {len(groups)}"
    for number, (group, expected) in enumerate(zip(groups[:4], _GROUPS, strict=False)):
        if len(group) != expected:
            return f"invalid group length in group {number}: expected {expected}, found {len(group)}"
    return f"invalid group length in group 4: expected 12, found {len(text) - 24}"


def _parse_uuid(text: str) -> UUID | None:
    """The forms the Rust `uuid` crate reads: 32 hex digits; 8-4-4-4-12 with hyphens, bare,
    in braces ("{...}", 38 characters) or as a URN ("urn:uuid:...", 45 characters)."""
    if len(text) == 32:
        return UUID(text) if _HEX.issuperset(text) else None
    body, _, _ = _uuid_body(text) if len(text) in (38, 45) else (text, 0, True)
    if len(body) != 36 or (body is text and len(text) != 36):
        return None
    groups = body.split("-")
    if [len(group) for group in groups] != list(_GROUPS) or not _HEX.issuperset("".join(groups)):
        return None
    return UUID(body)


def uuid_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    def validate_uuid(value: Any) -> UUID:
        if isinstance(value, UUID):
            return value
        if strict:
            raise error("is_instance_of", value, {"class": "UUID"})
        if isinstance(value, bytes) and len(value) == 16:
            return UUID(bytes=value)
        if isinstance(value, bytes | bytearray):
            value = value.decode("latin-1")
        elif not isinstance(value, str):
            raise error("uuid_type", value)
        parsed = _parse_uuid(value)
        if parsed is None:
            raise error("uuid_parsing", value, {"error": _uuid_problem(value)})
        return parsed

    return validate_uuid
