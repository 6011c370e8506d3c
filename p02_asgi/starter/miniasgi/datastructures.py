"""The small containers a request is made of: query strings, forms, uploads, state, addresses.

ASGI hands us raw material (a byte string for the query, a dict for the lifespan state);
these classes give it the shape HTTP actually has. Query strings and forms are *multi-valued*
(`?tag=a&tag=b`), so they are kept as the list of pairs they arrived as, with a dict beside
it for the common "one value" lookup. `URL` (urls.py) and `Headers` (headers.py) have rules of
their own and live in their own modules; they are importable from here too, as in Starlette.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from shlex import shlex
from typing import IO, Any, NamedTuple, TypeVar, overload
from urllib.parse import parse_qsl, urlencode

from miniasgi.concurrency import run_in_threadpool
from miniasgi.headers import Headers, MutableHeaders, RawHeaders
from miniasgi.urls import URL

__all__ = [
    "URL",
    "Address",
    "CommaSeparatedStrings",
    "FormData",
    "Headers",
    "ImmutableMultiDict",
    "MultiDict",
    "MutableHeaders",
    "QueryParams",
    "RawHeaders",
    "Secret",
    "State",
    "UploadFile",
]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

Pairs = Mapping[Any, Any] | Iterable[tuple[Any, Any]]


class Address(NamedTuple):
    """The (host, port) pair of a client or server socket."""

    host: str
    port: int


def _pairs_of(items: Pairs) -> list[tuple[Any, Any]]:
    """Every (key, value) pair: all values of a multi-dict, the items of a mapping, or the pairs."""
    if isinstance(items, list | tuple):  # the common case first: an ABC check costs more
        return list(items)
    if isinstance(items, ImmutableMultiDict):
        return items.multi_items()
    if isinstance(items, Mapping):
        return list(items.items())
    return list(items)


class ImmutableMultiDict(Mapping[K, V]):
    """A read-only mapping where each key may carry several values.

    `md["k"]` is the *last* value (the one a form or query string "ends up" with), `getlist`
    is all of them, `multi_items()` is every pair in order. Build it from pairs, a mapping,
    another multi-dict (all its values), plus keyword arguments.
    """

    __slots__ = ("_dict", "_list")

    def __init__(self, items: Pairs = (), /, **extra: V) -> None:
        pairs = _pairs_of(items) + list(extra.items())
        self._list: list[tuple[K, V]] = pairs
        self._dict: dict[K, V] = dict(pairs)

    def getlist(self, key: K) -> list[V]:
        return [value for name, value in self._list if name == key]

    def multi_items(self) -> list[tuple[K, V]]:
        return list(self._list)

    def __getitem__(self, key: K) -> V:
        return self._dict[key]

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, /, default: V | T) -> V | T: ...
    def get(self, key: K, /, default: Any = None) -> Any:
        """The dict's own `get`: Mapping's would raise and catch a KeyError for a missing key."""
        return self._dict.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._dict

    def __iter__(self) -> Iterator[K]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def __eq__(self, other: object) -> bool:
        """Same pairs; the order of the keys does not matter, the order of one key's values does."""
        if not isinstance(other, ImmutableMultiDict):
            return False
        by_key = itemgetter(0)
        return sorted(self._list, key=by_key) == sorted(other._list, key=by_key)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._list!r})"


class MultiDict(ImmutableMultiDict[Any, Any]):
    """A multi-dict you can edit. `md[k] = v` makes v the only value of k; `append` adds one."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        self.setlist(key, [value])

    def __delitem__(self, key: Any) -> None:
        del self._dict[key]
        self._list = [(k, v) for k, v in self._list if k != key]

    def pop(self, key: Any, default: Any = None) -> Any:
        """Remove every value of `key`; return its last one (or `default`)."""
        self._list = [(k, v) for k, v in self._list if k != key]
        return self._dict.pop(key, default)

    def popitem(self) -> tuple[Any, Any]:
        key, value = self._dict.popitem()
        self._list = [(k, v) for k, v in self._list if k != key]
        return key, value

    def poplist(self, key: Any) -> list[Any]:
        values = self.getlist(key)
        self.pop(key)
        return values

    def clear(self) -> None:
        self._dict.clear()
        self._list.clear()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self._dict:
            self.append(key, default)
        return self._dict[key]

    def setlist(self, key: Any, values: list[Any]) -> None:
        """Make `values` all the values of `key` (an empty list removes the key)."""
        if not values:
            self.pop(key)
            return
        self._list = [(k, v) for k, v in self._list if k != key] + [(key, v) for v in values]
        self._dict[key] = values[-1]

    def append(self, key: Any, value: Any) -> None:
        self._list.append((key, value))
        self._dict[key] = value

    def update(self, items: Pairs = (), /, **extra: Any) -> None:
        """Each key given replaces all the values it had; the other keys stay as they were."""
        new = MultiDict(items, **extra)
        self._list = [(k, v) for k, v in self._list if k not in new._dict] + new._list
        self._dict.update(new._dict)


class QueryParams(ImmutableMultiDict[str, str]):
    """The decoded query string; built from `b"a=1&a=2"`, a str, pairs or a mapping.

    Strings are parsed like `parse_qsl(..., keep_blank_values=True)`: `%C3%A9` is `é`, `+` a
    space, `empty=` gives `""`. Bytes are decoded as latin-1 first (the percent-escapes carry
    the UTF-8). Keys and values are kept as strings.
    """

    __slots__ = ()

    def __init__(self, query: str | bytes | Pairs = "", /, **extra: Any) -> None:
        raise NotImplementedError(
            "Milestone 4: hold the (name, value) pairs of a query string given as bytes or str "
            "(percent-decoded, '+' as a space, blank values kept), or given as pairs, a mapping or "
            "another multi-dict (all its values), plus `extra`; keys and values as str."
        )

    def __str__(self) -> str:
        return urlencode(self._list)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class UploadFile:
    """A file sent in a multipart form: its name and headers, and its bytes in `file`.

    The parser writes the bytes into a `SpooledTemporaryFile`, which keeps them in memory up
    to a size and then moves them to a file on disk. On disk, every read, write, seek and
    close is a blocking system call, so these async methods hand it to a worker thread; in
    memory they just do it. `file` is the plain (blocking) file, for code that runs in a
    thread anyway. `size` counts the bytes written through `write` (None: not counted).
    """

    __slots__ = ("file", "filename", "headers", "size")

    def __init__(
        self,
        file: IO[bytes],
        *,
        size: int | None = None,
        filename: str | None = None,
        headers: Headers | None = None,
    ) -> None:
        self.file = file
        self.size = size
        self.filename = filename
        self.headers = headers if headers is not None else Headers()

    @property
    def content_type(self) -> str | None:
        """The part's own Content-Type header (what the client says the file is), if any."""
        return self.headers.get("content-type")

    def _on_disk(self) -> bool:
        """A SpooledTemporaryFile says whether it has rolled over to disk (`_rolled`); any
        other file is taken to be on disk."""
        return bool(getattr(self.file, "_rolled", True))

    def _write_blocks(self, growth: int) -> bool:
        """On disk already, or about to roll over (past `_max_size`; 0 means never)."""
        if self._on_disk():
            return True
        limit: int = getattr(self.file, "_max_size", 0)
        return bool(limit) and self.file.tell() + growth > limit

    async def write(self, data: bytes) -> None:
        raise NotImplementedError(
            "Milestone 9: add the bytes to `file` (and their count to `size`, when it is counted): "
            "in a worker thread when the write touches the disk (`_write_blocks`), directly otherwise."
        )

    async def read(self, size: int = -1) -> bytes:
        raise NotImplementedError(
            "Milestone 9: up to `size` bytes of `file` (all of it with -1), read in a worker thread "
            "when the file is on disk (`_on_disk`)."
        )

    async def seek(self, offset: int) -> None:
        raise NotImplementedError(
            "Milestone 9: move `file` to `offset`, in a worker thread when the file is on disk."
        )

    async def close(self) -> None:
        raise NotImplementedError("Milestone 9: close `file`, in a worker thread when the file is on disk.")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(filename={self.filename!r}, size={self.size!r}, headers={self.headers!r})"
        )


class FormData(ImmutableMultiDict[str, str | UploadFile]):
    """The fields of a form: text values, and `UploadFile`s for the files of a multipart one.

    The files hold open (temporary) files: `close()` closes them. `async with
    request.form() as form:` does it when the block ends.
    """

    __slots__ = ()

    async def close(self) -> None:
        raise NotImplementedError("Milestone 9: close every UploadFile among the form's values.")


class State:
    """Attribute-style access to a plain dict: `request.state.db` instead of `state["db"]`.

    It wraps the dict rather than copying it, so the lifespan state dict the server hands to
    each request is the storage itself. `state["db"]`, `len(state)` and `iter(state)` work
    too; it is deliberately not a `Mapping`, whose methods (`state.items`, `state.keys`) would
    hide values stored under those names.
    """

    __slots__ = ("_state",)

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "_state", {} if state is None else state)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._state[name]
        except KeyError:
            raise AttributeError(f"'State' object has no attribute {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        self._state[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self._state[name]
        except KeyError:
            raise AttributeError(f"'State' object has no attribute {name!r}") from None

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delitem__(self, key: str) -> None:
        del self._state[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def __len__(self) -> int:
        return len(self._state)


class CommaSeparatedStrings(Sequence[str]):
    """`"a, 'b, c', d"` as `["a", "b, c", "d"]`: a setting such as allowed hosts, split on
    commas the way a shell splits words, so quotes can keep a comma inside an item."""

    __slots__ = ("_items",)

    def __init__(self, value: str | Sequence[str]) -> None:
        if isinstance(value, str):
            splitter = shlex(value, posix=True)
            splitter.whitespace = ","
            splitter.whitespace_split = True
            self._items = [item.strip() for item in splitter]
        else:
            self._items = list(value)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"

    def __str__(self) -> str:
        return ", ".join(repr(item) for item in self._items)


class Secret:
    """A string that stays out of logs and tracebacks: its repr is masked; `str()` reveals it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def __repr__(self) -> str:
        return f"{type(self).__name__}('**********')"

    def __str__(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)
