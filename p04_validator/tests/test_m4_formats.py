"""Milestone 4: strings with a grammar: dates, times, durations, UUIDs, decimals, emails, URLs.

Each row validates one input for a model field `x` with both libraries. Most of the work is
in the error messages: Pydantic explains *why* a date is wrong ("month value is outside
expected range of 1-12"), and a client sees that text in a 422 body. When a row fails, the
message shows both outcomes; the milestone's hints list the phrases.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import pytest

from .single import field_model, same_as_pydantic

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
