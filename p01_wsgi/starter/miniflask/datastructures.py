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
        raise NotImplementedError(
            "Remember every (key, value) pair, so each key can give back all its values in the "
            "order they came. (Milestone 5)"
        )

    def __getitem__(self, key: str) -> str:
        raise NotImplementedError(
            "Return the first value sent for `key`; a key never sent raises BadRequestKeyError(key). "
            "(Milestone 5)"
        )

    def __iter__(self) -> Iterator[str]:
        raise NotImplementedError("Yield each key once, in the order keys first came. (Milestone 5)")

    def __len__(self) -> int:
        raise NotImplementedError("Return how many different keys there are. (Milestone 5)")

    def getlist(self, key: str) -> list[str]:
        """Every value sent for `key`, in order; `[]` if there is none."""
        raise NotImplementedError(
            "Return a new list of every value sent for `key`, in order; [] for a key never sent. "
            "(Milestone 5)"
        )

    def __repr__(self) -> str:
        raise NotImplementedError(
            "Show every pair in order, as MultiDict([('a', '1'), ('b', '2'), ('a', '3')]). (Milestone 5)"
        )


class Headers:
    """An ordered list of (name, value) pairs, looked up without regard to case.

    It stays a list because that is what WSGI's `start_response` wants and because a
    response may repeat a header (several `Set-Cookie` lines). A value with a line break (CR
    or LF) is refused: it would end the header early and let the rest pass as a header of its
    own (response splitting).
    """

    def __init__(self, headers: HeadersLike | None = None) -> None:
        raise NotImplementedError(
            "Start from a copy of the given header lines: another Headers, a mapping {name: value} "
            "or (name, value) pairs; none means no headers. Changing the copy must not change the "
            "original. A value containing CR or LF raises ValueError (it would split the "
            "response). (Milestone 1)"
        )

    @overload
    def get(self, name: str) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...
    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header `name` (any case), or `default`."""
        raise NotImplementedError(
            "Return the value of the first header called `name`, in any case ('content-type' finds "
            "Content-Type), or `default` when there is none. (Milestone 1)"
        )

    def __getitem__(self, name: str) -> str:
        raise NotImplementedError(
            "Return the first value of header `name` (any case); a missing header is a KeyError. "
            "(Milestone 1)"
        )

    def __contains__(self, name: object) -> bool:
        raise NotImplementedError("Say whether a header with this name exists, in any case. (Milestone 1)")

    def getlist(self, name: str) -> list[str]:
        """Every value of header `name`, in order."""
        raise NotImplementedError(
            "Return every value of header `name` (any case), in order; [] when there is none. (Milestone 6)"
        )

    def __setitem__(self, name: str, value: str) -> None:
        """Replace every header called `name` with this one value."""
        raise NotImplementedError(
            "Leave exactly one header called `name`, with this value: any header of that name, in "
            "any case, is replaced. A value containing CR or LF raises ValueError and changes "
            "nothing. (Milestone 1)"
        )

    def __delitem__(self, name: str) -> None:
        raise NotImplementedError("Remove every header called `name`, in any case. (Milestone 6)")

    def add(self, name: str, value: str) -> None:
        """Append a header, keeping any others of the same name (e.g. `Set-Cookie`)."""
        raise NotImplementedError(
            "Add one more header line at the end, keeping the others of the same name; a value "
            "containing CR or LF raises ValueError, as in milestone 1. (Milestone 6)"
        )

    def items(self) -> list[tuple[str, str]]:
        """A copy of the pairs, in the order they will be sent."""
        raise NotImplementedError(
            "Return the header lines as a new list of (name, value) pairs, in order: what "
            "start_response gets. (Milestone 1)"
        )

    def __len__(self) -> int:
        raise NotImplementedError("Return how many header lines there are. (Milestone 6)")

    def __repr__(self) -> str:
        raise NotImplementedError("Show the pairs in order, as Headers([('X-A', '1')]). (Milestone 6)")
