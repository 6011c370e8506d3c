"""`Headers` and `MutableHeaders`: HTTP headers as ASGI carries them, made easy to ask.

ASGI gives headers as a list of `(name, value)` byte pairs with lower-case names, in the order
they arrived. That list is already the right data structure: headers repeat (`Set-Cookie`
twice), their order can matter, and their names are case-insensitive. So these classes keep
the list itself and only add a friendly interface: a lookup lower-cases the name once and
compares bytes, and a value is decoded (as latin-1, what HTTP defines the bytes to be) only
when it is returned.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from miniasgi.types import Scope

RawHeaders = list[tuple[bytes, bytes]]


class Headers(Mapping[str, str]):
    """Case-insensitive, multi-valued, read-only view over ASGI's raw header list.

    Build it from a mapping (`Headers({"Content-Type": "text/plain"})`), around a raw list
    (`Headers(raw=message["headers"])`, that very list) or from a scope
    (`Headers(scope=scope)`). `headers["x"]` is the first value; `getlist("x")` is every value
    in arrival order.
    """

    __slots__ = ("_list",)

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        *,
        raw: RawHeaders | None = None,
        scope: Scope | None = None,
    ) -> None:
        if sum(given is not None for given in (headers, raw, scope)) > 1:
            raise TypeError("Give headers as a mapping, raw= or scope=, not several.")
        if raw is not None:
            self._list = raw
        elif scope is not None:
            self._list = _raw_list_of(scope)
        else:
            pairs = (headers or {}).items()
            self._list = [(key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in pairs]

    @property
    def raw(self) -> RawHeaders:
        """A copy of the byte pairs, in the shape an ASGI message wants."""
        return list(self._list)

    def getlist(self, key: str) -> list[str]:
        name = key.lower().encode("latin-1")
        return [value.decode("latin-1") for header, value in self._list if header == name]

    def mutablecopy(self) -> MutableHeaders:
        """An editable copy: changing it leaves these headers alone."""
        return MutableHeaders(raw=list(self._list))

    def keys(self) -> list[str]:  # type: ignore[override]
        return [key.decode("latin-1") for key, _ in self._list]

    def values(self) -> list[str]:  # type: ignore[override]
        return [value.decode("latin-1") for _, value in self._list]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return [(key.decode("latin-1"), value.decode("latin-1")) for key, value in self._list]

    def __getitem__(self, key: str) -> str:
        name = key.lower().encode("latin-1")
        for header, value in self._list:
            if header == name:
                return value.decode("latin-1")
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        name = key.lower().encode("latin-1")
        return any(header == name for header, _ in self._list)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Headers) and sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """As a dict when no name repeats (the readable form), else as the raw pairs."""
        as_dict = dict(self.items())
        if len(as_dict) == len(self._list):
            return f"{type(self).__name__}({as_dict!r})"
        return f"{type(self).__name__}(raw={self.raw!r})"


def _raw_list_of(scope: Scope) -> RawHeaders:
    """The scope's header list, made a real list and stored back, so edits reach the scope.

    ASGI allows any iterable of pairs there (a tuple, say), and a hand-built scope may have
    none at all: both become a list in the scope.
    """
    raw = scope.get("headers")
    if not isinstance(raw, list):
        raw = scope["headers"] = list(raw or ())
    return raw


class MutableHeaders(Headers):
    """Headers you can change in place; edits write straight into the wrapped raw list.

    That is what makes `MutableHeaders(raw=message["headers"])` (or `scope=message`) useful in
    middleware: setting a header rewrites the outgoing ASGI message itself.
    """

    __slots__ = ()

    def __setitem__(self, key: str, value: str) -> None:
        """Replace every value of `key` with a single one, where the first one stood (or add it)."""
        name = key.lower().encode("latin-1")
        encoded = value.encode("latin-1")
        positions = [index for index, (header, _) in enumerate(self._list) if header == name]
        for index in reversed(positions[1:]):
            del self._list[index]
        if positions:
            self._list[positions[0]] = (name, encoded)
        else:
            self._list.append((name, encoded))

    def __delitem__(self, key: str) -> None:
        name = key.lower().encode("latin-1")
        self._list[:] = [(header, value) for header, value in self._list if header != name]

    def append(self, key: str, value: str) -> None:
        """Add one more value, keeping the existing ones (e.g. a second `Set-Cookie`)."""
        self._list.append((key.lower().encode("latin-1"), value.encode("latin-1")))

    def setdefault(self, key: str, value: str) -> str:
        if key in self:
            return self[key]
        self.append(key, value)
        return value

    def update(self, other: Mapping[str, str]) -> None:
        """Set each header of `other` (replacing, not appending, like `h[k] = v`)."""
        for key, value in other.items():
            self[key] = value

    def __or__(self, other: Any) -> MutableHeaders:
        """`headers | {"x": "1"}`: a copy with `other` set on it."""
        if not isinstance(other, Mapping):
            return NotImplemented
        merged = self.mutablecopy()
        merged.update(other)
        return merged

    def __ior__(self, other: Any) -> MutableHeaders:
        """`headers |= {"x": "1"}`: set `other` on these headers, in place."""
        if not isinstance(other, Mapping):
            return NotImplemented
        self.update(other)
        return self
