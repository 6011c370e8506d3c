"""datetime, date, time and timedelta: ISO 8601 parsing with Pydantic's error wording.

Pydantic parses dates with a Rust crate (speedate); this is a small hand-written scanner that
accepts the same common formats and explains failures with the same phrases, so a 422 body
reads identically. Numbers are Unix timestamps (seconds, or milliseconds when huge).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from minipydantic.constraints import with_number_constraints
from minipydantic.errors import Validator, error

__all__ = [
    "date_validator",
    "datetime_validator",
    "format_duration",
    "time_validator",
    "timedelta_validator",
]

# Text that is a Unix timestamp, as speedate reads it: with a "." a float (exponent allowed),
# without one a 64-bit integer. ASCII digits only: Python's float() would also read "١٧".
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT_TEXT = re.compile(r"[+-]?[0-9]{1,19}")
_MS_THRESHOLD = 20_000_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _Bad(Exception):
    pass


def _as_bytes(text: str) -> str:
    """speedate counts UTF-8 bytes: give every byte its own character so lengths agree."""
    return text if text.isascii() else text.encode("utf-8", "surrogatepass").decode("latin-1")


def _digits(text: str, start: int, what: str) -> int:
    if len(text) < start + 2:
        raise _Bad("input is too short")
    chunk = text[start : start + 2]
    if not chunk.isascii() or not chunk.isdigit():
        raise _Bad(f"invalid character in {what}")
    return int(chunk)


def _parse_date(text: str) -> date:
    """The first ten characters as YYYY-MM-DD."""
    if len(text) < 10:
        raise _Bad("input is too short")
    if not text[:4].isascii() or not text[:4].isdigit():
        raise _Bad("invalid character in year")
    if text[4] != "-":
        raise _Bad("invalid date separator, expected `-`")
    month = _digits(text, 5, "month")
    if text[7] != "-":
        raise _Bad("invalid date separator, expected `-`")
    day = _digits(text, 8, "day")
    if not 1 <= month <= 12:
        raise _Bad("month value is outside expected range of 1-12")
    try:
        return date(int(text[:4]), month, day)
    except ValueError:
        raise _Bad("day value is outside expected range") from None


def _parse_time(text: str, start: int) -> time:
    """HH:MM[:SS[.ffffff]][Z|±HH[:]MM] from `start` to the very end of `text`."""
    if len(text) - start < 5:
        raise _Bad("input is too short")
    hour = _digits(text, start, "hour")
    pos = start + 2
    if pos >= len(text):
        raise _Bad("input is too short")
    if text[pos] != ":":
        raise _Bad("invalid time separator, expected `:`")
    if hour > 23:
        raise _Bad("hour value is outside expected range of 0-23")
    minute = _digits(text, pos + 1, "minute")
    if minute > 59:
        raise _Bad("minute value is outside expected range of 0-59")
    pos += 3
    second = micro = 0
    if pos < len(text) and text[pos] == ":":
        second = _digits(text, pos + 1, "second")
        if second > 59:
            raise _Bad("second value is outside expected range of 0-59")
        pos += 3
        if pos < len(text) and text[pos] in ".,":
            end = pos + 1
            while end < len(text) and text[end].isdigit():
                end += 1
            if end == pos + 1:
                raise _Bad("invalid character in second fraction")
            micro = int(text[pos + 1 : end][:6].ljust(6, "0"))
            pos = end
    tz: timezone | None = None
    if pos < len(text):
        tz, pos = _parse_offset(text, pos)
    if pos != len(text):
        raise _Bad("unexpected extra characters at the end of the input")
    return time(hour, minute, second, micro, tzinfo=tz)


def _parse_offset(text: str, pos: int) -> tuple[timezone, int]:
    sign = text[pos]
    if sign in "Zz":
        return UTC, pos + 1
    if sign not in "+-":
        raise _Bad("invalid timezone sign")
    hours = _digits(text, pos + 1, "timezone hour")
    pos += 3
    minutes = 0
    if pos < len(text):
        pos += text[pos] == ":"
        minutes = _digits(text, pos, "timezone minute")
        pos += 2
    if hours >= 24:
        raise _Bad("timezone offset must be less than 24 hours")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if sign == "-" else offset), pos


def _parse_datetime(text: str) -> datetime:
    day = _parse_date(text)
    if len(text) == 10:
        return datetime(day.year, day.month, day.day)
    if text[10] not in "Tt _":
        raise _Bad("invalid datetime separator, expected `T`, `t`, `_` or space")
    clock = _parse_time(text, 11)
    return datetime.combine(day, clock)


def _timestamp(text: str, limit: float = math.inf) -> float | None:
    """The timestamp in `text`, or None. The datetime reader takes a float only below 2**63
    (beyond, the text is read as a date and fails as one); the date reader takes any."""
    if "." in text:
        return float(text) if _FLOAT_TEXT.fullmatch(text) and abs(float(text)) < limit else None
    if _INT_TEXT.fullmatch(text) and -(2**63) <= int(text) < 2**63:
        return float(int(text))
    return None


def _as_float(value: float, type_error: str) -> float:
    """Pydantic reads a number as a float: an int too large for one is the wrong type."""
    try:
        return float(value)
    except OverflowError:
        raise error(type_error, value) from None


def _from_timestamp(value: float, kind: str, raw: Any) -> datetime:
    if value != value:
        raise error(kind, raw, {"error": "NaN values not permitted"})
    try:
        seconds = value / 1000 if abs(value) > _MS_THRESHOLD else value
        return _EPOCH + timedelta(seconds=seconds)
    except OverflowError:  # past datetime's range, or an int too large for a float
        edge = "after 9999" if value > 0 else "before 0000"
        raise error(kind, raw, {"error": f"dates {edge} are not supported as unix timestamps"}) from None


def datetime_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    def validate_datetime(value: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        if strict or isinstance(value, bool):
            raise error("datetime_type", value)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, int | float):
            return _from_timestamp(_as_float(value, "datetime_type"), "datetime_parsing", value)
        raw = value  # errors show the input as given, bytes included
        if isinstance(value, bytes | bytearray):
            value = value.decode("latin-1")
        if not isinstance(value, str):
            raise error("datetime_type", raw)
        seconds = _timestamp(value, 2.0**63)
        if seconds is not None:
            return _from_timestamp(seconds, "datetime_from_date_parsing", raw)
        text = _as_bytes(value)
        try:
            return _parse_datetime(text)
        except _Bad:
            try:
                _parse_date(text)
                reason = "unexpected extra characters at the end of the input"
            except _Bad as bad:
                reason = str(bad)
            raise error("datetime_from_date_parsing", raw, {"error": reason}) from None

    return _with_bounds(validate_datetime, constraints, datetime.isoformat)


def _with_bounds(base: Validator, constraints: dict[str, Any], show: Any) -> Validator:
    """gt/ge/lt/le on dates and times; the error's ctx shows the bound in ISO form."""
    bounds: dict[str, Any] = {n: constraints[n] for n in ("le", "lt", "ge", "gt") if n in constraints}
    return with_number_constraints(base, bounds, show=show)


def _exact_date(moment: datetime, value: Any) -> date:
    if moment.time() != time(0) or moment.tzinfo not in (None, UTC):
        raise error("date_from_datetime_inexact", value)
    return moment.date()


def date_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    def validate_date(value: Any) -> date:
        if type(value) is date:
            return value
        if strict or isinstance(value, bool):
            raise error("date_type", value)
        if isinstance(value, datetime):
            return _exact_date(value, value)
        if isinstance(value, date):
            return value
        if isinstance(value, int | float):
            seconds = _as_float(value, "date_type")
            return _exact_date(_from_timestamp(seconds, "date_from_datetime_parsing", value), value)
        raw = value  # errors show the input as given, bytes included
        if isinstance(value, bytes | bytearray):
            value = value.decode("latin-1")
        if not isinstance(value, str):
            raise error("date_type", raw)
        stamp = _timestamp(value)
        if stamp is not None:
            return _exact_date(_from_timestamp(stamp, "date_from_datetime_parsing", raw), raw)
        text = _as_bytes(value)
        try:
            if len(text) == 10:
                return _parse_date(text)
            return _exact_date(_parse_datetime(text), raw)
        except _Bad as bad:
            raise error("date_from_datetime_parsing", raw, {"error": str(bad)}) from None

    return _with_bounds(validate_date, constraints, str)


def time_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    def validate_time(value: Any) -> time:
        if isinstance(value, time):
            return value
        if strict or isinstance(value, bool):
            raise error("time_type", value)
        if isinstance(value, int | float):
            if math.isnan(_as_float(value, "time_type")):
                raise error("time_parsing", value, {"error": "NaN values not permitted"})
            if value < 0:
                raise error("time_parsing", value, {"error": "time in seconds should be positive"})
            if value >= 86400:
                raise error("time_parsing", value, {"error": "numeric times may not exceed 86,399 seconds"})
            return (_EPOCH + timedelta(seconds=value)).timetz()
        raw = value  # errors show the input as given, bytes included
        if isinstance(value, bytes | bytearray):
            value = value.decode("latin-1")
        if not isinstance(value, str):
            raise error("time_type", raw)
        try:
            return _parse_time(_as_bytes(value), 0)
        except _Bad as bad:
            raise error("time_parsing", raw, {"error": str(bad)}) from None

    return _with_bounds(validate_time, constraints, time.isoformat)


_ISO_DURATION = re.compile(
    r"P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<M>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<D>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)
_DAYS = re.compile(r"([0-9]+) ?[dD](?:[aA][yY][sS]?)?,? ?")
_UNIT_SECONDS = {"Y": 365 * 86400, "M": 30 * 86400, "W": 7 * 86400, "D": 86400, "h": 3600, "m": 60, "s": 1}


def _parse_duration(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body.startswith("P"):
        iso = _ISO_DURATION.fullmatch(body)
        if body in ("P", "PT"):
            raise _Bad("input is too short")
        if iso is None or body.endswith("T"):
            raise _Bad("quantity invalid in date part of duration")
        parts = iso.groupdict()
        total = sum(float(parts[unit]) * scale for unit, scale in _UNIT_SECONDS.items() if parts[unit])
        return timedelta(seconds=sign * total)
    if not body:
        raise _Bad("input is too short")
    # speedate reads "N days, ..." when it sees a "d" or the text is short, else a clock time.
    if "d" not in body and len(body) >= 5:
        return sign * _clock_duration(body)
    return sign * _days_duration(body)


def _clock_duration(text: str) -> timedelta:
    """H+:MM[:SS[.ffffff]]: any number of hours ("25:00" is a day and an hour)."""
    hours_end = 0
    while hours_end < len(text) and "0" <= text[hours_end] <= "9":
        hours_end += 1
    if hours_end == 0 or hours_end == len(text) or text[hours_end] != ":":
        raise _Bad("invalid character in hour")
    minute = _two_digits(text, hours_end + 1, "minute")
    if minute > 59:
        raise _Bad("minute value is outside expected range of 0-59")
    pos, second, micro = hours_end + 3, 0, 0
    if pos < len(text) and text[pos] == ":":
        second = _two_digits(text, pos + 1, "second")
        if second > 59:
            raise _Bad("second value is outside expected range of 0-59")
        pos += 3
        if pos < len(text) and text[pos] in ".,":
            end = pos + 1
            while end < len(text) and "0" <= text[end] <= "9":
                end += 1
            if end == pos + 1:
                raise _Bad("second fraction digits missing after `.`")
            micro, pos = int(text[pos + 1 : end][:6].ljust(6, "0")), end
    if pos != len(text):
        raise _Bad("unexpected extra characters at the end of the input")
    return timedelta(hours=int(text[:hours_end]), minutes=minute, seconds=second, microseconds=micro)


def _two_digits(text: str, start: int, what: str) -> int:
    chunk = text[start : start + 2]
    if len(chunk) != 2 or not ("0" <= chunk[0] <= "9" and "0" <= chunk[1] <= "9"):
        raise _Bad(f"invalid character in {what}")
    return int(chunk)


def _days_duration(text: str) -> timedelta:
    """N day[s][,] [HH:MM[:SS]] or Nd ...: days, then optionally a time of day."""
    match = _DAYS.match(text)
    if match is None or text[match.end() : match.end() + 1] in ("a", "A"):
        if not "0" <= text[0] <= "9":
            raise _Bad("invalid digit in duration")
        raise _Bad('"day" identifier in duration not correctly formatted')
    days, pos = int(match[1]), match.end()
    if pos == len(text):
        return timedelta(days=days)
    return timedelta(days=days) + _clock_duration(text[pos:])


def timedelta_validator(strict: bool, constraints: dict[str, Any]) -> Validator:
    def validate_timedelta(value: Any) -> timedelta:
        if isinstance(value, timedelta):
            return value
        if strict:
            raise error("time_delta_type", value)
        raw = value  # errors show the input as given, bytes included
        try:
            if isinstance(value, int | float):
                if math.isnan(_as_float(value, "time_delta_type")):
                    raise _Bad("NaN values not permitted")
                return timedelta(seconds=value)
            if isinstance(value, bytes | bytearray):
                value = value.decode("latin-1")
            if isinstance(value, str):
                return _parse_duration(_as_bytes(value))
        except _Bad as bad:
            raise error("time_delta_parsing", raw, {"error": str(bad)}) from None
        except (OverflowError, ValueError):
            raise error(
                "time_delta_parsing", raw, {"error": "durations may not exceed 999,999,999 days"}
            ) from None
        raise error("time_delta_type", raw)

    return validate_timedelta


def format_duration(delta: timedelta) -> str:
    """ISO 8601 duration as Pydantic writes it in JSON: "PT1H1.5S", "-PT23H59M55S", "P2D"."""
    sign = "-" if delta < timedelta(0) else ""
    delta = abs(delta)
    hours, rest = divmod(delta.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}P{delta.days}D" if delta.days else f"{sign}P"
    clock = f"{hours}H" if hours else ""
    clock += f"{minutes}M" if minutes else ""
    if seconds or delta.microseconds:
        clock += f"{seconds}.{delta.microseconds:06d}".rstrip("0").rstrip(".") + "S"
    if clock or not delta.days:
        text += "T" + (clock or "0S")
    return text
