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
    """

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._lists: dict[str, list[str]] = {}
        for key, value in pairs:
            self._lists.setdefault(key, []).append(value)

    def __getitem__(self, key: str) -> str:
        try:
            return self._lists[key][0]
        except KeyError:
            raise BadRequestKeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)

    def getlist(self, key: str) -> list[str]:
        """Every value sent for `key`, in order; `[]` if there is none."""
        return list(self._lists.get(key, ()))

    def __repr__(self) -> str:
        return f"MultiDict({[(k, v) for k, vs in self._lists.items() for v in vs]!r})"


class Headers:
    """An ordered list of (name, value) pairs, looked up without regard to case.

    It stays a list because that is what WSGI's `start_response` wants and because a
    response may repeat a header (several `Set-Cookie` lines). Every value that comes in is
    checked for CR and LF: a line break would end the header early and let whatever follows
    pass as a header (or a body) of its own, which is response splitting. Werkzeug refuses
    the same values with the same exception.
    """

    __slots__ = ("_items",)

    def __init__(self, headers: HeadersLike | None = None) -> None:
        if headers is None:
            self._items: list[tuple[str, str]] = []
        elif isinstance(headers, Headers):
            self._items = list(headers._items)  # checked when they went in
        else:
            self._items = list(headers.items() if isinstance(headers, Mapping) else headers)
            for name, value in self._items:
                if "\n" in value or "\r" in value:  # inline: this runs for every Response
                    raise _line_break(name, value)

    @overload
    def get(self, name: str) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...
    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header `name` (any case), or `default`."""
        name = name.lower()
        for key, value in self._items:
            if key.lower() == name:
                return value
        return default

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def getlist(self, name: str) -> list[str]:
        """Every value of header `name`, in order."""
        name = name.lower()
        return [value for key, value in self._items if key.lower() == name]

    def __setitem__(self, name: str, value: str) -> None:
        """Replace every header called `name` with this one value."""
        if "\n" in value or "\r" in value:
            raise _line_break(name, value)
        del self[name]
        self._items.append((name, value))

    def __delitem__(self, name: str) -> None:
        name = name.lower()
        self._items = [item for item in self._items if item[0].lower() != name]

    def add(self, name: str, value: str) -> None:
        """Append a header, keeping any others of the same name (e.g. `Set-Cookie`)."""
        if "\n" in value or "\r" in value:
            raise _line_break(name, value)
        self._items.append((name, value))

    def items(self) -> list[tuple[str, str]]:
        """A copy of the pairs, in the order they will be sent."""
        return list(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


def _line_break(name: str, value: str) -> ValueError:
    """The error for a header value holding CR or LF; raised before anything is stored."""
    return ValueError(f"header {name!r}: the value {value!r} contains a line break (CR or LF)")
