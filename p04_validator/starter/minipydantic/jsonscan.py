"""Where JSON text goes wrong, and why, in the words of Pydantic's parser (jiter).

`json.loads` is fast but words its complaints differently, points at other places, and
accepts a few things Pydantic refuses. When a document is refused (or might be), this module
reads it again, slowly, the way Pydantic's Rust parser reads it, and says where it stops:
`locate(data)` returns ("expected `,` or `}`", index) or None for a document it accepts.

The rules, as Pydantic applies them:
- the text is UTF-8 bytes: no byte order mark, no UTF-16; positions count bytes, and
  `line L column C` is where the byte at the error index sits (a newline there is column 0);
- whitespace is space, tab, CR and LF only; `NaN`, `Infinity` and `-Infinity` are numbers;
- an integer part of more than 4300 digits is "number out of range";
- `\\uD800`-`\\uDBFF` must be followed by `\\uDC00`-`\\uDFFF`, and a trailing surrogate never
  comes first; a string's bytes must be UTF-8 once its escapes are decoded;
- a value nested in more than 200 containers is "recursion limit exceeded".
"""

from __future__ import annotations

import re

__all__ = ["locate", "position"]

_WS = re.compile(rb"[ \t\n\r]*")
_PLAIN = re.compile(rb'[^"\\\x00-\x1f]*')  # string bytes that need no attention
_DIGITS = re.compile(rb"[0-9]*")
_ESCAPES = {
    ord('"'): b'"',
    ord("\\"): b"\\",
    ord("/"): b"/",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
}
_HEX = frozenset(b"0123456789abcdefABCDEF")
_MAX_DEPTH = 200  # values inside more containers than this are refused
_MAX_INTEGER = 4300  # digits of an integer part


class _Stop(Exception):
    """The parser stops here: `reason` at byte `index`."""

    def __init__(self, reason: str, index: int) -> None:
        self.reason = reason
        self.index = index


def position(data: bytes, index: int) -> str:
    """ "line L column C" for a byte index, counted the way Pydantic counts: columns are byte
    offsets from 1; at the end of the text the column is the last byte's (0 for empty text)."""
    if index < len(data):
        line = data.count(b"\n", 0, index + 1) + 1
        start = data.rfind(b"\n", 0, index + 1) + 1
        return f"line {line} column {index + 1 - start}"
    line = data.count(b"\n") + 1
    column = len(data) - (data.rfind(b"\n") + 1)
    return f"line {line} column {column}"


def locate(data: bytes) -> tuple[str, int] | None:
    """The first thing Pydantic's parser refuses in `data`, as (reason, byte index), or None."""
    try:
        _Reader(data).document()
    except _Stop as stop:
        return stop.reason, stop.index
    return None


class _Reader:
    """One pass over the bytes; containers are tracked on an explicit stack, so depth costs
    no Python recursion."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.end = len(data)

    def skip(self, i: int) -> int:
        return _WS.match(self.data, i).end()  # type: ignore[union-attr]

    def document(self) -> None:
        i = self.skip(0)
        if i == self.end:
            raise _Stop("EOF while parsing a value", i)
        i = self.values(i)
        i = self.skip(i)
        if i < self.end:
            raise _Stop("trailing characters", i)

    def values(self, i: int) -> int:
        """Read the value starting at `i` (not whitespace) with everything inside it."""
        data, stack = self.data, bytearray()  # stack: b"[" or b"{" per open container
        while True:
            byte = data[i]
            if byte == 0x5B or byte == 0x7B:  # [ or {
                stack.append(byte)
                i = self.skip(i + 1)
                closing = 0x5D if byte == 0x5B else 0x7D
                if i == self.end:
                    raise _Stop(_EOF[byte], i)
                if data[i] == closing:
                    stack.pop()
                    i += 1
                else:
                    i = self.key(i) if byte == 0x7B else i
                    self.check_depth(len(stack), i)
                    continue
            elif byte == 0x22:  # "
                i = self.string(i)
            else:
                i = self.scalar(i, byte)
            # After a value: close containers or move to the next item.
            while stack:
                top = stack[-1]
                i = self.skip(i)
                if i == self.end:
                    raise _Stop(_EOF[top], i)
                closing = 0x5D if top == 0x5B else 0x7D
                if data[i] == closing:
                    stack.pop()
                    i += 1
                    continue
                if data[i] != 0x2C:  # ,
                    raise _Stop("expected `,` or `]`" if top == 0x5B else "expected `,` or `}`", i)
                i = self.skip(i + 1)
                if i == self.end:
                    raise _Stop("EOF while parsing a value", i)
                if data[i] == closing:
                    raise _Stop("trailing comma", i)
                if top == 0x7B:
                    if data[i] != 0x22:
                        raise _Stop("key must be a string", i)
                    i = self.key(i)
                self.check_depth(len(stack), i)
                break
            else:
                return i

    def key(self, i: int) -> int:
        """An object key and its colon; returns where the value starts."""
        if self.data[i] != 0x22:
            raise _Stop("key must be a string", i)
        i = self.skip(self.string(i))
        if i == self.end:
            raise _Stop("EOF while parsing an object", i)
        if self.data[i] != 0x3A:  # :
            raise _Stop("expected `:`", i)
        i = self.skip(i + 1)
        if i == self.end:
            raise _Stop("EOF while parsing a value", i)
        return i

    @staticmethod
    def check_depth(depth: int, i: int) -> None:
        if depth > _MAX_DEPTH:
            raise _Stop("recursion limit exceeded", i)

    def scalar(self, i: int, byte: int) -> int:
        if byte == 0x6E:  # n
            return self.word(i, b"null")
        if byte == 0x74:  # t
            return self.word(i, b"true")
        if byte == 0x66:  # f
            return self.word(i, b"false")
        if byte == 0x4E:  # N
            return self.word(i, b"NaN")
        if byte == 0x2D or 0x30 <= byte <= 0x39 or byte == 0x49:  # - digit I
            return self.number(i)
        raise _Stop("expected value", i)

    def word(self, i: int, word: bytes) -> int:
        """A literal: the first byte matched already; a wrong byte is "expected ident"."""
        for offset in range(1, len(word)):
            j = i + offset
            if j == self.end:
                raise _Stop("EOF while parsing a value", j)
            if self.data[j] != word[offset]:
                raise _Stop("expected ident", j)
        return i + len(word)

    def number(self, start: int) -> int:
        data, i = self.data, start
        if data[i] == 0x2D:  # -
            i += 1
            if i == self.end:
                raise _Stop("EOF while parsing a value", i)
        first = data[i]
        if first == 0x49:  # I
            return self.word(i, b"Infinity")
        if first == 0x30:  # 0: no more integer digits may follow
            i += 1
            if i < self.end and 0x30 <= data[i] <= 0x39:
                raise _Stop("invalid number", i)
        elif 0x31 <= first <= 0x39:
            digits = i
            i = _DIGITS.match(data, i + 1).end()  # type: ignore[union-attr]
            if i - digits > _MAX_INTEGER:
                raise _Stop("number out of range", digits + _MAX_INTEGER + 1)
        else:
            raise _Stop("invalid number", i)
        if i < self.end and data[i] == 0x2E:  # .
            i = self.digits(i + 1)
        if i < self.end and data[i] in b"eE":
            i += 1
            if i < self.end and data[i] in b"+-":
                i += 1
            i = self.digits(i)
        return i

    def digits(self, i: int) -> int:
        """At least one digit (after '.', 'e' or an exponent sign)."""
        if i == self.end:
            raise _Stop("EOF while parsing a value", i)
        if not 0x30 <= self.data[i] <= 0x39:
            raise _Stop("invalid number", i)
        return _DIGITS.match(self.data, i + 1).end()  # type: ignore[union-attr]

    def string(self, quote: int) -> int:
        """A string from its opening quote; returns the index after the closing one. Escapes
        are decoded into `decoded`, whose UTF-8 is checked at the end, as Pydantic does (so an
        invalid byte after an escape is reported at its offset in the decoded bytes)."""
        data, start = self.data, quote + 1
        i = _PLAIN.match(data, start).end()  # type: ignore[union-attr]
        decoded = bytearray()
        chunk = start
        while True:
            if i == self.end:
                raise _Stop("EOF while parsing a string", i)
            byte = data[i]
            if byte == 0x22:
                break
            if byte < 0x20:
                raise _Stop("control character (\\u0000-\\u001F) found while parsing a string", i)
            decoded += data[chunk:i]  # a backslash
            i += 1
            if i == self.end:
                raise _Stop("EOF while parsing a string", i)
            escape = data[i]
            if escape == 0x75:  # u
                char, i = self.unicode_escape(i)
                decoded += char.encode("utf-8")
            elif escape in _ESCAPES:
                decoded += _ESCAPES[escape]
            else:
                raise _Stop("invalid escape", i)
            chunk = i + 1
            i = _PLAIN.match(data, chunk).end()  # type: ignore[union-attr]
        decoded += data[chunk:i]
        if not decoded.isascii():
            try:
                decoded.decode("utf-8")
            except UnicodeDecodeError as bad:
                raise _Stop("invalid unicode code point", start + bad.start) from None
        return i + 1

    def hex4(self, u: int) -> tuple[int, int]:
        """The four hex digits after the `u` at index `u`: (code, index of the last digit)."""
        if u + 5 > self.end:
            raise _Stop("EOF while parsing a string", self.end)
        for j in range(u + 1, u + 5):
            if self.data[j] not in _HEX:
                raise _Stop("invalid escape", j)
        return int(self.data[u + 1 : u + 5], 16), u + 4

    def unicode_escape(self, u: int) -> tuple[str, int]:
        """A \\uXXXX escape (with its pair when it is a leading surrogate)."""
        code, last = self.hex4(u)
        if 0xDC00 <= code <= 0xDFFF:
            raise _Stop("lone leading surrogate in hex escape", last)
        if not 0xD800 <= code <= 0xDBFF:
            return chr(code), last
        following = self.data[last + 1 : last + 3]
        if following == b"\\u":
            low, last = self.hex4(last + 2)
            if not 0xDC00 <= low <= 0xDFFF:
                raise _Stop("lone leading surrogate in hex escape", last)
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), last
        if len(following) == 2:
            raise _Stop("unexpected end of hex escape", last + (2 if following[0] == 0x5C else 1))
        if not following or following == b"\\":
            raise _Stop("EOF while parsing a string", self.end)
        raise _Stop("unexpected end of hex escape", last + 1)


_EOF = {0x5B: "EOF while parsing a list", 0x7B: "EOF while parsing an object"}
