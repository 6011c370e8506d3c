"""The small containers a request is made of: headers, query strings, URLs, state.

ASGI hands us raw material (a list of byte pairs for headers, a byte string for the query);
these classes give it the shape HTTP actually has. Headers and query strings are *multi-valued*
(`Set-Cookie` twice, `?tag=a&tag=b`), header names are case-insensitive, and all of it is
decoded as latin-1 because that is what the bytes on the wire are defined to be.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

from miniasgi.types import Scope

RawHeaders = list[tuple[bytes, bytes]]

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


class Address(NamedTuple):
    """The (host, port) pair of a client or server socket."""

    host: str
    port: int


class Headers(Mapping[str, str]):
    """Case-insensitive, multi-valued, read-only view over ASGI's raw header list.

    Lookups lower-case the name once and compare bytes, so nothing is decoded until asked for.
    `headers["x"]` is the first value; `getlist("x")` is every value in arrival order.
    """

    __slots__ = ("_list",)

    def __init__(self, headers: Mapping[str, str] | None = None, *, raw: RawHeaders | None = None) -> None:
        raise NotImplementedError(
            "Milestone 4: wrap `raw` (that very list), or build the list from the mapping with "
            "lower-cased names; passing both is a TypeError."
        )

    @property
    def raw(self) -> RawHeaders:
        """A copy of the byte pairs, in the shape an ASGI message wants."""
        return list(self._list)

    def getlist(self, key: str) -> list[str]:
        raise NotImplementedError(
            "Milestone 4: every value of this header, whatever the case of `key`, in the order they came."
        )

    def keys(self) -> list[str]:  # type: ignore[override]
        return [key.decode("latin-1") for key, _ in self._list]

    def values(self) -> list[str]:  # type: ignore[override]
        return [value.decode("latin-1") for _, value in self._list]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return [(key.decode("latin-1"), value.decode("latin-1")) for key, value in self._list]

    def __getitem__(self, key: str) -> str:
        raise NotImplementedError(
            "Milestone 4: the first value of this header, whatever the case of `key`; KeyError when "
            "it is absent."
        )

    def __contains__(self, key: object) -> bool:
        raise NotImplementedError(
            "Milestone 4: whether this header is present, whatever the case of `key` (a key that is "
            "not a str never is)."
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Headers) and sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(raw={self._list!r})"


class MutableHeaders(Headers):
    """Headers you can change in place; edits write straight into the wrapped raw list.

    That is what makes `MutableHeaders(raw=message["headers"])` useful in middleware: setting a
    header rewrites the outgoing ASGI message itself.
    """

    __slots__ = ()

    def __setitem__(self, key: str, value: str) -> None:
        """Replace every value of `key` with a single one (or add it)."""
        raise NotImplementedError(
            "Milestone 4: make `value` the header's only value, in the wrapped list: it replaces "
            "the first value where it stands and the others go (appended when absent)."
        )

    def __delitem__(self, key: str) -> None:
        raise NotImplementedError("Milestone 4: remove every value of this header from the wrapped list.")

    def append(self, key: str, value: str) -> None:
        """Add one more value, keeping the existing ones (e.g. a second `Set-Cookie`)."""
        raise NotImplementedError(
            "Milestone 4: add one more value for this header at the end, keeping the existing ones."
        )

    def setdefault(self, key: str, value: str) -> str:
        if key in self:
            return self[key]
        self.append(key, value)
        return value


class ImmutableMultiDict(Mapping[str, str]):
    """A read-only mapping where each key may carry several values.

    `md["k"]` is the *last* value (the one a form or query string "ends up" with), `getlist`
    is all of them, `multi_items()` is every pair in order.
    """

    __slots__ = ("_dict", "_list")

    def __init__(self, items: Iterable[tuple[str, str]] | Mapping[str, str] = ()) -> None:
        pairs = list(items.items()) if isinstance(items, Mapping) else list(items)
        self._list: list[tuple[str, str]] = pairs
        self._dict: dict[str, str] = dict(pairs)

    def getlist(self, key: str) -> list[str]:
        return [value for name, value in self._list if name == key]

    def multi_items(self) -> list[tuple[str, str]]:
        return list(self._list)

    def __getitem__(self, key: str) -> str:
        return self._dict[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ImmutableMultiDict) and sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._list!r})"


class QueryParams(ImmutableMultiDict):
    """The decoded query string; built from `b"a=1&a=2"`, a str, pairs or a mapping."""

    __slots__ = ()

    def __init__(self, query: str | bytes | Iterable[tuple[str, str]] | Mapping[str, str] = "") -> None:
        raise NotImplementedError(
            "Milestone 4: hold the (name, value) pairs of a query string given as bytes or str "
            "(percent-decoded, '+' as a space, blank values kept), or given as pairs or a mapping."
        )

    def __str__(self) -> str:
        return urlencode(self._list)


class FormData(ImmutableMultiDict):
    """The fields of an `application/x-www-form-urlencoded` body."""

    __slots__ = ()


class URL:
    """A parsed URL that can be rebuilt with parts replaced.

    Parsing happens once, lazily; a request that never looks at its URL never pays for it.
    """

    __slots__ = ("_parts", "_url")

    def __init__(self, url: str = "") -> None:
        self._url = url
        self._parts: SplitResult | None = None

    @classmethod
    def from_scope(cls, scope: Scope) -> URL:
        """Rebuild the URL the client asked for: Host header first, then the server address."""
        raise NotImplementedError(
            "Milestone 4: the full URL the client asked for, scheme://host/path?query: the host "
            "from the Host header, else the server address (without the port when it is the "
            "scheme's default)."
        )

    @property
    def components(self) -> SplitResult:
        if self._parts is None:
            self._parts = urlsplit(self._url)
        return self._parts

    @property
    def scheme(self) -> str:
        return self.components.scheme

    @property
    def netloc(self) -> str:
        return self.components.netloc

    @property
    def path(self) -> str:
        return self.components.path

    @property
    def query(self) -> str:
        return self.components.query

    @property
    def fragment(self) -> str:
        return self.components.fragment

    @property
    def hostname(self) -> str | None:
        return self.components.hostname

    @property
    def port(self) -> int | None:
        return self.components.port

    @property
    def is_secure(self) -> bool:
        return self.scheme in ("https", "wss")

    def replace(self, **parts: Any) -> URL:
        """A new URL with some of scheme/netloc/path/query/fragment swapped out."""
        return URL(self.components._replace(**parts).geturl())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str | URL) and str(self) == str(other)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        return f"URL({self._url!r})"


class State:
    """Attribute-style access to a plain dict: `request.state.db` instead of `state["db"]`.

    It wraps the dict rather than copying it, so the lifespan state dict the server hands to
    each request is the storage itself.
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
