"""Milestone 4: strings with a grammar: dates, times, durations, UUIDs, decimals, emails, URLs.

Each row validates one input for a model field `x` with both libraries. Most of the work is
in the error messages: Pydantic explains *why* a date is wrong ("month value is outside
expected range of 1-12"), and a client sees that text in a 422 body. When a row fails, the
message shows both outcomes; the milestone's hints list the phrases.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .parity import assert_same
from .single import field_model, same_as_pydantic

UUID_TEXT = "12345678-1234-5678-1234-567812345678"

ROWS: list[tuple[Any, list[Any]]] = [
    (Decimal, ["1.5", " 2 ", 1.5, 2, "x", "NaN", "inf", [], True, Decimal("3.10"), 10**30, "٣"]),
    (
        UUID,
        [
            "12345678-1234-5678-1234-567812345678",
            "12345678123456781234567812345678",
            "12345678-1234-5678-1234-56781234567",
            "x",
            "abc",
            "1234-5678",
            1,
            None,
            UUID("12345678-1234-5678-1234-567812345678"),
            # The four forms of the Rust uuid crate: bare, hyphenated, braced, URN.
            "{" + UUID_TEXT + "}",
            "urn:uuid:" + UUID_TEXT,
            "URN:UUID:" + UUID_TEXT,
            "{" + UUID_TEXT.replace("-", "") + "}",
            "{" + UUID_TEXT,
            UUID_TEXT + "}",
            "urn:uuid:" + UUID_TEXT.replace("-", ""),
            "urn:uuid:x",
            "{x}",
            "{}",
            "urn:uuid:",
            "{" + UUID_TEXT[:-1] + "g}",
            "urn:uuid:" + UUID_TEXT[:-2],
            UUID_TEXT[:-1] + "g",
            "1234567812345678123456781234567g",
        ],
    ),
    (
        dt.datetime,
        [
            "2024-01-02T03:04:05",
            "2024-01-02 03:04:05Z",
            "2024-01-02T03:04:05.123456+02:00",
            "2024-01-02T03:04:05.1234567",
            "2024-01-02",
            "2024-01-02T03:04",
            "x",
            "2024-13-01T00:00:00",
            "2024-02-30T00:00:00",
            "2024-01-02T25:00:00",
            "2024-1-2",
            "17000000x",
            1700000000,
            "1700000000",
            1.5e12,
            dt.date(2024, 1, 2),
            None,
            True,
            "2024-01-02X10:00",
            b"x",
            10**30,
            10**400,
            # Timestamps are ASCII digits: Python's float() would also read Arabic-Indic ones.
            "١٧٠٠٠٠٠٠٠٠",
            "1700000000\u0661",
            "+1700000000",
            "-1",
            ".5",
            "1.",
            "1e9",
        ],
    ),
    (
        dt.date,
        [
            "2024-01-02",
            "2024-01-02T00:00:00",
            "2024-01-02T01:00:00",
            "x",
            "2024-1-2",
            "2024-01-02T25:00",
            "2024-01-02T1",
            "2024-01-02X10:00",
            "2024-01-02T10:00:00+25:00",
            "2024-01-02T10:00:61",
            1700000000,
            19000,
            0,
            dt.datetime(2024, 1, 2),
            dt.datetime(2024, 1, 2, 1),
            None,
            "2024-00-10",
            "abcd-01-01",
            "١٧٠٠٠٠٠٠٠٠",
            b"2024-13-01",
            10**30,
            10**400,
        ],
    ),
    (
        dt.time,
        [
            "03:04:05",
            "03:04",
            "10:00:00Z",
            "10:00:00+01:00",
            "10:00:00.5",
            "1:00",
            "10:0",
            "x",
            "25:00",
            "10:61",
            "10:00:00 x",
            "aa:00",
            None,
            b"x",
            float("nan"),
            10**400,
        ],
    ),
    (
        dt.timedelta,
        [
            "PT1H",
            "P1DT2H",
            "P1Y",
            "P1W",
            "PT1.5H",
            "-PT1H",
            "01:00:00",
            "1 day, 01:00:00",
            "2 days, 1:00:00",
            "-1 day, 00:00:01",
            "1 day",
            "P",
            "PT",
            "x",
            "ab",
            "forever",
            3600,
            1.5,
            None,
            "1x",
            "P1X",
            # Clock-style durations: HH:MM and HH:MM:SS (hours may pass 23), after "N day[s], ".
            "03:04",
            "03:04:05",
            "03:04:05.5",
            "03:04:05,5",
            "25:00",
            "100:00",
            "003:04",
            "+03:04",
            "-03:04",
            "3:04",
            "03:4",
            "03:60",
            "03:04:5",
            "03:04:60",
            "03:04Z",
            "03:04 ",
            " 03:04",
            "1:2:3",
            "03:04:05.",
            "1 day, 03:04",
            "1 day 03:04",
            "1d, 03:04",
            "1 days, 03:04",
            "-1 day, 03:04",
            "1 day, -03:04",
            "2 days",
            "1 dax",
            b"x",
            float("nan"),
            10**400,
        ],
    ),
]


@pytest.mark.parametrize(
    ("tp", "value"), [(tp, value) for tp, values in ROWS for value in values], ids=lambda v: repr(v)[:40]
)
def test_formats_parse_like_pydantic(tp: Any, value: Any) -> None:
    """Each input is accepted and converted, or rejected with the same entry and message."""
    same_as_pydantic(lambda lib: tp, value)


@pytest.mark.parametrize("value", ["1.5", "0", -1], ids=repr)
def test_decimal_constraints_match_pydantic(value: Any) -> None:
    """Number constraints apply to Decimal too, with the bound in ctx as a Decimal."""
    same_as_pydantic(lambda lib: Annotated[Decimal, lib.Field(gt=0)], value)


@pytest.mark.parametrize(
    ("tp", "value"),
    [(dt.date, "2024-01-01"), (UUID, "x"), (Decimal, 1), (Decimal, Decimal("1"))],
    ids=repr,
)
def test_strict_formats_want_the_python_type(tp: Any, value: Any) -> None:
    """Strict mode: a date field wants a `date`, a UUID field a `UUID`, a Decimal a `Decimal`."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(strict=True)], value)


@pytest.mark.parametrize(
    "value",
    ["a@b.co", " a@b.co ", "a@b.co\n", "\r", b" \r", "John Doe <a@b.co>", '"J" <a@b.co>', "x" * 2049, 1],
    ids=repr,
)
def test_email_addresses_are_checked_like_pydantic(value: Any) -> None:
    """EmailStr follows Pydantic's steps before email-validator: at most 2048 characters, no
    CR or LF, "Name <address>" reduced to the address, outer spaces dropped; errors show the
    input as it was given."""
    same_as_pydantic(lambda lib: lib.EmailStr, value)


URLS = [
    "https://Example.com:443/a?b=1#c",
    "http://example.com",
    "ftp://x.com",
    "x",
    1,
    "http://",
    "git+ssh://host/repo",
    "https://" + "a" * 2100 + ".com",
]


@pytest.mark.parametrize("value", URLS, ids=lambda v: repr(v)[:40])
@pytest.mark.parametrize("kind", ["HttpUrl", "AnyUrl"])
def test_urls_are_parsed_like_pydantic(kind: str, value: Any) -> None:
    """URLs are normalised (lower-case scheme and host, default port dropped, "/" for an empty
    path); HttpUrl also wants http or https and at most 2083 characters."""
    same_as_pydantic(lambda lib: getattr(lib, kind), value)


def test_url_parts(lib: Any) -> None:
    """A validated URL exposes scheme, host, port (default filled in), path, query and fragment."""
    model = field_model(lib, lib.HttpUrl)
    url = model(x="https://user:pw@Example.com/a/b?q=1#top").x
    parts = (url.scheme, url.host, url.port, url.path, url.query, url.fragment, url.username, url.password)
    assert parts == ("https", "example.com", 443, "/a/b", "q=1", "top", "user", "pw")
    assert str(url) == "https://user:pw@example.com/a/b?q=1#top"


@functools.cache
def _format_model(lib: Any, tp: Any) -> Any:
    return field_model(lib, tp)


clock_text = st.text(alphabet="0123456789:., -+dayZT", max_size=12)
number_text = st.from_regex(r"\A[+-]?[0-9]{0,11}(\.[0-9]{0,3})?([eE][+-]?[0-9]{1,2})?\Z") | st.text(
    alphabet="0123456789.+-e \u0661\u0663", max_size=12
)


@given(st.sampled_from([dt.datetime, dt.date, dt.time, dt.timedelta]), number_text | clock_text)
@example(dt.datetime, "١٧٠٠٠٠٠٠٠٠")
@example(dt.timedelta, "03:04")
# Found by hypothesis: exponents after a ".", a digit run with no ":", hour range checked after
# the separator, and floats at or past 2**63 read as a date by the datetime reader only.
@example(dt.datetime, "0.e0")
@example(dt.timedelta, "00000")
@example(dt.time, "240\u0661")
@example(dt.datetime, "1.E20")
@example(dt.date, "1.e20")
@example(dt.datetime, "0000-0e\u06610")  # the month is read before the second "-"
def test_random_timestamp_and_clock_text_agrees_with_pydantic(tp: Any, text: str) -> None:
    """Digit strings (timestamps), clock times and durations made of random pieces: the same
    value or the same error phrase as Pydantic's speedate."""
    assert_same(lambda lib: _format_model(lib, tp).model_validate({"x": text}).x)


@pytest.mark.parametrize(
    ("tp", "bounds", "value"),
    [
        (dt.date, {"ge": dt.date(2020, 1, 1)}, "2019-12-31"),
        (dt.date, {"ge": dt.date(2020, 1, 1)}, "2020-01-01"),
        (dt.datetime, {"lt": dt.datetime(2020, 1, 1, 10)}, "2021-01-01T00:00"),
        (dt.time, {"gt": dt.time(10)}, "09:00"),
        (dt.time, {"le": dt.time(10)}, "09:00"),
    ],
    ids=repr,
)
def test_dates_and_times_take_bounds_like_pydantic(tp: Any, bounds: dict[str, Any], value: Any) -> None:
    """gt/ge/lt/le work on dates, datetimes and times (the ctx shows the bound in ISO form)."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(**bounds)], value)
