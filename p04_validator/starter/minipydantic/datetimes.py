"""datetime, date, time and timedelta: ISO 8601 parsing with Pydantic's error wording.

Pydantic parses dates with a Rust crate (speedate); this is a small hand-written scanner that
accepts the same common formats and explains failures with the same phrases, so a 422 body
reads identically. Numbers are Unix timestamps (seconds, or milliseconds when huge).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from minipydantic.errors import Validator, error

__all__ = [
    "date_validator",
    "datetime_validator",
    "format_duration",
    "time_validator",
    "timedelta_validator",
]

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")
_MS_THRESHOLD = 20_000_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _Bad(Exception):
    pass


def datetime_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 4) Return a validator for datetime: datetimes pass; dates, Unix timestamps and ISO "
        "8601 text convert; every failure is explained in Pydantic's words."
    )


def date_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 4) Return a validator for date: dates pass; YYYY-MM-DD text, and datetimes or "
        "timestamps at exact midnight, convert."
    )


def time_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 4) Return a validator for time: times pass; HH:MM[:SS[.ffffff]] text with an optional"
        " zone, and seconds since midnight, convert."
    )


_ISO_DURATION = re.compile(
    r"P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<M>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<D>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)
_CLOCK = re.compile(r"(?:(?P<days>\d+) days?(?:, )?)?(?:(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d(?:\.\d+)?))?")
_UNIT_SECONDS = {"Y": 365 * 86400, "M": 30 * 86400, "W": 7 * 86400, "D": 86400, "h": 3600, "m": 60, "s": 1}


def timedelta_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    raise NotImplementedError(
        "(milestone 4) Return a validator for timedelta: timedeltas pass; seconds, ISO 8601 durations and"
        " '[D day(s), ]HH:MM:SS' convert."
    )


def format_duration(delta: timedelta) -> str:
    """ISO 8601 duration as Pydantic writes it in JSON: "PT1H1.5S", "-PT23H59M55S", "P2D"."""
    raise NotImplementedError(
        "(milestone 6) Return a timedelta as Pydantic writes it in JSON: 'PT1H1.5S', '-PT23H59M55S', 'P2D'."
    )
