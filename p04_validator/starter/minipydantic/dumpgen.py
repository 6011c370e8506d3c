"""Write a model's serialiser as Python source, once per model class and set of dump options.

The generic walk (`serialize`) asks every value what it is and every field what the options
say, on every dump. All of those answers but one depend only on the code: the fields, their
declared types, the options. So, as `codegen` does for validation, we answer them once and
write the answers out as a function (`dumper_source(Model, mode="json")` shows it):

    def dump_Order(m, depth):
        d = m.__dict__
        if len(d) != 4 or depth >= 252:  # not just its fields, or deep
            return dump_fields(m, None, None, O, depth)
        try:
            f_id = d['id']
            ...
        level = depth + 1  # in JSON mode every model is a level
        if type(f_id) is not int:
            f_id = dump_field(f_id, O, level)
        if type(f_lines) is list:
            f_lines = [dump_Line(x, level) if type(x) is M_Line else dump_any(x, O, level) for x in f_lines]
        else:
            f_lines = dump_field(f_lines, O, level)
        ...
        return {'id': f_id, 'lines': f_lines, ...}

The question left per value is "does it have the declared type?" (`type(v) is str`). If it
does, it is converted inline (kept, or `iso(v)` for a datetime, a list comprehension for a
`list[Line]`, a call to the nested model's own function). Anything else (a value assigned or
given to `model_construct`, a subclass, data typed `Any`, a container inside a container)
goes to the generic walk, which dumps any value. So the generated code never decides an
answer the walk would give differently; it only skips the questions.

The walk also serves, whole, what one function per model cannot know in advance: a call with
`include`/`exclude`, an instance whose `__dict__` is not exactly its fields (a field left out
of `model_construct`), one holding extras, and a model within four levels of the depth limit
(the walk counts the levels exactly; up to there nothing generated can reach the limit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from minipydantic.dumpplan import LIMIT, Options, plan_of

__all__ = ["NEAR_LIMIT", "model_dumper", "type_dumper"]

# (guard, form): "type(v) is datetime", "iso(v)". A form None: the value is dumped as it is.
Cases: TypeAlias = list[tuple[str, str | None]]
NEAR_LIMIT = LIMIT - 4  # a model whose parent is this deep is dumped by the generic walk


def model_dumper(cls: Any, options: Options, runtime: Mapping[str, Any]) -> tuple[Callable[..., Any], str]:
    """The serialiser of model class `cls` for `options`, and its source. `runtime` holds the
    generic walk's entry points the generated code falls back to (see serialize)."""
    raise NotImplementedError(
        "(milestone 9, optional) Return dump(m, depth) for `cls` and `options`, written as straight-line "
        "source and exec'd once, and that source: one block per field that keeps or converts a value of "
        "the declared type inline and hands any other value back to the generic walk (`runtime`)."
    )


def type_dumper(tp: Any, options: Options, runtime: Mapping[str, Any]) -> tuple[Callable[..., Any], str]:
    """The serialiser of a TypeAdapter's type: `dump(value)`. The value sits where the walk
    puts any value it is given (depth 0)."""
    raise NotImplementedError(
        "(milestone 9, optional) Return dump(value) for a value of type `tp`, written as source like "
        "model_dumper's, and that source."
    )
