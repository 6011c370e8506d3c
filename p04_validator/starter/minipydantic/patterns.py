"""`Field(pattern=...)`: regular expressions that run in linear time, as Pydantic's do.

Python's `re` is a backtracking engine: `^(a+)+$` against "aaaa...a!" tries every way of
splitting the a's before it gives up, so each extra character doubles the time. A pattern
like that in a public API is a denial of service (ReDoS): one short request holds a worker
for minutes. Pydantic avoids it by matching with Rust's `regex` crate, an automaton that
reads each character once. We do the same with RE2 (the `google-re2` package), the engine
Rust's crate was modelled on: same syntax for everything common, same guarantee.

The price is what a linear-time engine cannot do: backreferences (`(a)\\1`) and look-around
(`(?=...)`, `(?<!...)`). Such a pattern is refused when the model is defined (a
`SchemaError`), as Pydantic refuses it, never at request time.

Two differences with `re` matter for validation, and RE2 already behaves like Rust there:
`$` is the very end of the text (`re` also matches before a final newline, so `^[a-z]+$`
would take "ab\\n"), and a lone surrogate cannot be matched at all (a `string_unicode`
error). Where RE2 differs from Rust by default, `\\d`, `\\s` and `\\w` (ASCII in RE2,
Unicode in Rust), `compile_pattern` rewrites them into the Unicode classes Rust uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

from minipydantic.fields import SchemaError

__all__ = ["compile_pattern", "rust_classes"]

# Rust's Unicode meaning of the Perl classes, written with what RE2 understands.
_WORD = (
    r"\p{L}\p{M}\p{Nd}\p{Pc}\p{Nl}\x{200C}\x{200D}"  # letters, marks, digits, connectors, joiners
    r"\x{24B6}-\x{24E9}\x{1F130}-\x{1F149}\x{1F150}-\x{1F169}\x{1F170}-\x{1F189}"  # enclosed letters
)
_SPACE = r"\t\n\x{0B}\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}"
_OUTSIDE = {
    "d": r"\p{Nd}",
    "D": r"\P{Nd}",
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}
# Inside [...] a negated class cannot be spliced in, so \W and \S keep RE2's ASCII meaning.
_INSIDE = {"d": r"\p{Nd}", "D": r"\P{Nd}", "w": _WORD, "s": _SPACE}

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # the error is raised to the caller; RE2 need not print it too


def rust_classes(pattern: str) -> str:
    """`pattern` with `\\d`, `\\s`, `\\w` (and negations) spelled as Rust's Unicode classes."""
    out: list[str] = []
    in_class = False
    index, size = 0, len(pattern)
    while index < size:
        char = pattern[index]
        if char == "\\" and index + 1 < size:
            letter = pattern[index + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(letter, char + letter))
            index += 2
            continue
        if in_class and pattern.startswith("[:", index):  # a POSIX class such as [:alpha:]
            end = pattern.find(":]", index + 2)
            if end != -1:
                out.append(pattern[index : end + 2])
                index = end + 2
                continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            for opener in ("^", "]"):  # "[]a]" and "[^]a]": a "]" first is a literal
                if pattern.startswith(opener, index):
                    out.append(opener)
                    index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def compile_pattern(pattern: str) -> Callable[[Any, str], None]:
    """Compile once (raising `SchemaError` for what RE2 cannot run) and return a check that
    raises `string_pattern_mismatch` (or `string_unicode`) for text that does not match."""
    raise NotImplementedError(
        "(milestone 2) Compile the pattern with re2 (after rust_classes), raising SchemaError when "
        "the class is defined if RE2 refuses it; return check(raw, text) that searches the text and "
        "raises string_pattern_mismatch (ctx pattern) or, for a lone surrogate, string_unicode."
    )
