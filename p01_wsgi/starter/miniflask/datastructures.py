"""The two dictionaries HTTP needs and Python lacks.

A query string may repeat a key (`?tag=a&tag=b`), and header names ignore case
(`content-type` is `Content-Type`). A plain `dict` gets both wrong, so we write two small
containers: `MultiDict` for query strings and forms, `Headers` for header lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeAlias, overload

from miniflask.exceptions import BadRequestKeyError

HeadersLike: TypeAlias = "Headers | Mapping[str, str] | Iterable[tuple[str, str]]"


class MultiDict(Mapping[str, str]):
    """A mapping whose keys may have several values; `d[key]` is the first one.

    A missing key raises `BadRequestKeyError`, which is both a `KeyError` (so `.get` and
    `in` behave) and a 400: a client that forgot a form field made a mistake, not the server.
    Subclassing `Mapping` gives you `get`, `in`, `keys`, `items` once the three methods
    below exist.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        raise NotImplementedError("Store the pairs as a dict of key -> list of values, in arrival order.")

    def __getitem__(self, key: str) -> str:
        raise NotImplementedError("Return the first value for key; raise BadRequestKeyError(key) if absent.")

    def __iter__(self) -> Iterator[str]:
        raise NotImplementedError("Iterate over the distinct keys, in the order they first appeared.")

    def __len__(self) -> int:
        raise NotImplementedError("Return the number of distinct keys.")

    def getlist(self, key: str) -> list[str]:
        """Every value sent for `key`, in order; `[]` if there is none."""
        raise NotImplementedError("Return a copy of the list of values for key, or [] when it is missing.")


class Headers:
    """An ordered list of (name, value) pairs, looked up without regard to case.

    It stays a list because that is what WSGI's `start_response` wants and because a
    response may repeat a header (several `Set-Cookie` lines).
    """

    def __init__(self, headers: HeadersLike | None = None) -> None:
        raise NotImplementedError(
            "Keep a list of (name, value) pairs copied from a Headers, a mapping or pairs."
        )

    @overload
    def get(self, name: str) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...
    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header `name` (any case), or `default`."""
        raise NotImplementedError("Compare names with .lower() and return the first matching value.")

    def __getitem__(self, name: str) -> str:
        raise NotImplementedError("Like get(name), but raise KeyError when the header is missing.")

    def __contains__(self, name: object) -> bool:
        raise NotImplementedError("True if a header with this name (any case) exists.")

    def getlist(self, name: str) -> list[str]:
        """Every value of header `name`, in order."""
        raise NotImplementedError("Return all values whose name matches, ignoring case.")

    def __setitem__(self, name: str, value: str) -> None:
        """Replace every header called `name` with this one value."""
        raise NotImplementedError("Remove every header with this name (any case), then append (name, value).")

    def __delitem__(self, name: str) -> None:
        raise NotImplementedError("Remove every header with this name, ignoring case.")

    def add(self, name: str, value: str) -> None:
        """Append a header, keeping any others of the same name (e.g. `Set-Cookie`)."""
        raise NotImplementedError("Append (name, value) to the list.")

    def items(self) -> list[tuple[str, str]]:
        """A copy of the pairs, in the order they will be sent."""
        raise NotImplementedError("Return a new list of the (name, value) pairs.")

    def __len__(self) -> int:
        raise NotImplementedError("Return the number of header lines.")
