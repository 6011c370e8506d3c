"""Milestone 6: dumping nested models back to dicts and JSON, and reading JSON input.

`model_dump` follows the values (models recurse, containers map over their items) and honours
include/exclude/by_alias/exclude_*; `mode="json"` makes every value JSON-ready. JSON input is
parsed, then validated; broken JSON is one `json_invalid` entry, never a JSONDecodeError.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import minipydantic

from .cases import CASES
from .corpus import models
from .deep import nested, shape
from .parity import assert_same, plain

DUMP_OPTIONS: list[dict[str, Any]] = [
    {},
    {"mode": "json"},
    {"by_alias": True},
    {"exclude_unset": True},
    {"exclude_defaults": True},
    {"exclude_none": True},
    {"mode": "json", "exclude_unset": True, "by_alias": True},
    {"include": {"items", "order_id"}},
    {"exclude": {"items": {0: {"tags"}}, "notes": True}},
    {"include": {"items": {"__all__": {"name"}}}},
]


def _valid_cases() -> list[tuple[str, Any]]:
    valid = []
    for name, data in CASES:
        try:
            getattr(models(pydantic), name).model_validate(data)
        except pydantic.ValidationError:
            continue
        valid.append((name, data))
    return valid


@pytest.mark.parametrize("options", DUMP_OPTIONS, ids=repr)
@pytest.mark.parametrize(("name", "data"), _valid_cases(), ids=[n for n, _ in _valid_cases()])
def test_model_dump_matches_pydantic(name: str, data: Any, options: dict[str, Any]) -> None:
    """model_dump with include/exclude/by_alias/exclude_* and mode="json" gives Pydantic's dict."""
    mine = getattr(models(minipydantic), name).model_validate(data).model_dump(**options)
    real = getattr(models(pydantic), name).model_validate(data).model_dump(**options)
    assert plain(mine) == plain(real), f"\nminipydantic: {mine}\npydantic:     {real}"


@pytest.mark.parametrize(("name", "data"), _valid_cases(), ids=[n for n, _ in _valid_cases()])
def test_model_dump_json_text_matches_pydantic(name: str, data: Any) -> None:
    """model_dump_json produces the same compact JSON text, byte for byte."""
    mine = getattr(models(minipydantic), name).model_validate(data).model_dump_json()
    real = getattr(models(pydantic), name).model_validate(data).model_dump_json()
    assert mine == real, f"\nminipydantic: {mine}\npydantic:     {real}"


def test_model_dump_json_indent_and_iteration(lib: Any) -> None:
    """model_dump_json(indent=2) pretty-prints; iterating a model yields (name, value) pairs."""

    class Point(lib.BaseModel):
        x: int = 1

    assert Point().model_dump_json(indent=2) == '{\n  "x": 1\n}'
    assert dict(Point()) == {"x": 1}
    assert str(Point()) == "x=1"


def test_validate_json_errors_match_pydantic() -> None:
    """Broken JSON and non-object JSON give the same entries as Pydantic (text and position)."""
    for text in ['{"name": "x", "age": ', "[1]", '{"name": "x", "age": 1} x', '{"name": "x", "age": x}']:
        assert_same(lambda lib, text=text: models(lib).User.model_validate_json(text))


@pytest.mark.parametrize(
    "text", ['{"a": ', "[1", '{"a": 1} x', "", "nul", '{"a" 1}', "{a: 1}", "[1,]", b"\xff"]
)
def test_malformed_json_is_a_json_invalid_entry(text: Any) -> None:
    """Broken JSON never raises json.JSONDecodeError: it is one `json_invalid` entry with loc ()."""
    with pytest.raises(minipydantic.ValidationError) as caught:
        models(minipydantic).User.model_validate_json(text)
    [entry] = caught.value.errors()
    assert entry["type"] == "json_invalid", entry
    assert entry["loc"] == ()
    assert entry["msg"].startswith("Invalid JSON: ")


def test_json_nested_too_deep_is_json_invalid(lib: Any) -> None:
    """JSON nested 2000 levels deep is refused by the parser: one `json_invalid` entry, not a
    RecursionError."""
    text = '{"value": 1, "children": [' * 2000 + '{"value": 1}' + "]}" * 2000
    with pytest.raises(lib.ValidationError) as caught:
        models(lib).Node.model_validate_json(text)
    assert [e["type"] for e in caught.value.errors()] == ["json_invalid"]


# -- JSON text exactly as Pydantic reads it ---------------------------------------------------

DIGITS = "1" * 5000
JSON_TEXTS: list[Any] = [
    # Numbers Pydantic's parser refuses: an integer part of more than 4300 digits.
    '{"i": ' + DIGITS + "}",
    '{"i": -' + DIGITS[:4300] + "}",
    '{"i": ' + DIGITS[:4300] + "}",
    '{"f": ' + DIGITS[:4301] + ".5}",
    '{"f": ' + DIGITS[:4300] + ".5e3}",
    '{"f": 0.' + DIGITS + "}",
    DIGITS,
    '{"i": 00}',
    '{"i": -}',
    '{"i": 1.}',
    '{"i": 1e+}',
    '{"i": NaN, "f": -Infinity}',
    '{"i": Inf}',
    '{"i": -NaN}',
    # Escapes: a lone surrogate is refused, a surrogate pair is one character.
    '{"s": "\\ud800"}',
    '{"s": "\\udc00"}',
    '{"s": "a\\ud800b"}',
    '{"s": "\\ud800\\u0041"}',
    '{"s": "\\ud800\\n"}',
    '{"s": "\\ud800\\uzz"}',
    '{"s": "\\ud83d\\ude00"}',
    '{"\\ud800": 1}',
    '{"s": "\\u12"}',
    '{"s": "\\x"}',
    # Encodings: the text is UTF-8 without a byte order mark; anything else is refused.
    b'\xef\xbb\xbf{"i": 1}',
    '\ufeff{"i": 1}',
    '{"i": 1}'.encode("utf-16"),
    '{"i": 1}'.encode("utf-16-le"),
    '{"i": 1}'.encode("utf-16-be"),
    '{"i": 1}'.encode("utf-32"),
    b'{"s": "\xff"}',
    b'{"s": "\\n\\n\xff"}',
    b'{"s": "\xed\xa0\x80"}',
    b"\xff",
    bytearray(b'{"i": 1,'),
    '{"s": "\ud800"}',
    # Positions count UTF-8 bytes; a newline inside a string is reported at column 0.
    '{"s": "日本"  x}',
    '{"s": "a\nb"}',
    "[1,\n]",
    "\n\n",
]


@pytest.mark.parametrize("text", JSON_TEXTS, ids=lambda text: repr(text)[:40])
def test_json_text_is_read_as_pydantic_reads_it(text: Any) -> None:
    """model_validate_json reads JSON as Pydantic's parser does: the same values, and for text it
    refuses the same `json_invalid` entry (the same wording and "line L column C", counted in
    UTF-8 bytes). Numbers whose integer part has more than 4300 digits, lone surrogate escapes,
    a byte order mark and UTF-16/32 bytes are all `json_invalid`; a str holding a lone
    surrogate is `string_unicode`. Nothing but ValidationError escapes."""
    assert_same(lambda lib: models(lib).Scalars.model_validate_json(text))


@pytest.mark.parametrize("depth", [199, 200, 201, 202, 1000, 3000])
@pytest.mark.parametrize(("open_", "close", "inner"), [("[", "]", ""), ("[", "]", "1"), ('{"a":', "}", "1")])
def test_json_nesting_limit_matches_pydantic(depth: int, open_: str, close: str, inner: str) -> None:
    """Pydantic's parser reads values nested at most 200 containers deep; deeper is one
    `json_invalid` entry "recursion limit exceeded at line 1 column C" (C: where the value
    that is one too deep starts)."""
    text = '{"anything": ' + open_ * depth + inner + close * depth + "}"
    assert_same(lambda lib: models(lib).Mixed.model_validate_json(text))


def _json_cases() -> list[tuple[str, str]]:
    """The corpus inputs that JSON can carry (not bytes), as JSON text."""
    found = []
    for name, data in CASES:
        try:
            found.append((name, json.dumps(data)))
        except TypeError:
            continue
    return found


JSON_WORDING = [
    ("Scalars", '{"n": false}'),
    ("Mixed", '{"nums": 1, "frozen_tags": {}, "bare_list": "x", "bare_dict": [], "span": "forever"}'),
    ("Mixed", '{"span": [], "at": null, "value": null}'),
    ("Order", '{"order_id": 1, "items": {"a": 1}, "address": [], "notes": 1, "coords": 1, "codes": 2}'),
    ("Node", '{"value": 1, "children": [[]]}'),
]


@pytest.mark.parametrize(("name", "text"), _json_cases() + JSON_WORDING, ids=lambda v: str(v)[:30])
def test_corpus_through_json_matches_pydantic(name: str, text: str) -> None:
    """model_validate_json gives the same values or the same entries as Pydantic, in Pydantic's
    JSON wording: "Input should be null" (not None), "Input should be a valid array" (list,
    tuple, set, frozenset), "Input should be an object" (dict, nested model), "Input should be
    a valid duration" (timedelta). The type, loc and input are those of Python mode."""
    assert_same(lambda lib: getattr(models(lib), name).model_validate_json(text))


def test_extra_keys_count_as_set(lib: Any) -> None:
    """With extra="allow", the extra keys given are in model_fields_set like the fields given
    (and so is an extra set by assignment or by model_copy(update=...), which lands in
    model_extra); model_construct keeps extras but does not count them as set."""

    class Loose(lib.BaseModel):
        model_config = lib.ConfigDict(extra="allow")
        a: int = 0
        b: int = 1

    loose = Loose(b=2, z=3, y=None)
    assert loose.model_fields_set == {"b", "z", "y"}
    assert Loose.model_validate_json('{"z": 1}').model_fields_set == {"z"}
    assert loose.model_dump(exclude_unset=True) == {"b": 2, "z": 3, "y": None}
    loose.w = 4
    assert loose.model_fields_set == {"b", "z", "y", "w"}
    copied = Loose(a=1).model_copy(update={"q": 9})
    assert (copied.model_fields_set, copied.model_extra) == ({"a", "q"}, {"q": 9})
    built = Loose.model_construct(a=1, q=2)
    assert (built.model_fields_set, built.model_extra) == ({"a"}, {"q": 2})
    assert built.model_dump() == {"a": 1, "b": 1, "q": 2}
    built.r = 3
    assert built.model_fields_set == {"a", "r"}


# -- Deep data and non-finite floats, dumped as Pydantic dumps them ----------------------------


def _dump_outcome(action: Any) -> tuple[str, Any]:
    """("ok", tokens) or ("error", message): a ValueError is an answer, anything else escapes."""
    try:
        dumped = action()
    except ValueError as exc:
        return "error", str(exc)
    return "ok", shape(dumped)


DUMPS = {
    "python": lambda model: model.model_dump(),
    "json": lambda model: model.model_dump(mode="json"),
    "json text": lambda model: model.model_dump_json(),
}


@pytest.mark.parametrize("depth", [10, 253, 254, 255, 256, 300, 1000, 3000])
@pytest.mark.parametrize(
    ("field", "kind"), [("anything", "list"), ("anything", "dict"), ("bare_list", "list")]
)
@pytest.mark.parametrize("how", list(DUMPS))
def test_deep_data_dumps_as_pydantic_dumps_it(depth: int, field: str, kind: str, how: str) -> None:
    """Data nested hundreds of levels deep never raises RecursionError. In python mode it is
    dumped whatever the depth. In JSON mode each container and leaf of `Any` data is one level
    (an `Any` field's own value counts, a `list` field's own list does not) and level 256 is
    ValueError("Maximum serialization depth exceeded"), which model_dump_json raises as
    "Error serializing to JSON: ValueError: Maximum serialization depth exceeded"."""
    data = {field: nested(depth, kind)}
    mine = _dump_outcome(lambda: DUMPS[how](models(minipydantic).Mixed.model_validate(data)))
    real = _dump_outcome(lambda: DUMPS[how](models(pydantic).Mixed.model_validate(data)))
    assert mine == real, f"\nminipydantic: {str(mine)[:300]}\npydantic:     {str(real)[:300]}"


def _tree(lib: Any, depth: int) -> Any:
    """A Node with `depth` generations of children, built from the leaf up."""
    Node = models(lib).Node
    node = Node(value=0)
    for level in range(1, depth):
        node = Node(value=level, children=[node])
    return node


@pytest.mark.parametrize("depth", [50, 200, 254, 255, 256, 257, 400])
@pytest.mark.parametrize("how", list(DUMPS))
def test_deep_self_referencing_models_dump_as_pydantic_dumps_them(depth: int, how: str) -> None:
    """Each generation of a model that contains itself is one level, in both modes: 255
    generations are dumped, 256 are ValueError("Maximum serialization depth exceeded"), never
    RecursionError."""
    mine = _dump_outcome(lambda: DUMPS[how](_tree(minipydantic, depth)))
    real = _dump_outcome(lambda: DUMPS[how](_tree(pydantic, depth)))
    assert mine == real, f"\nminipydantic: {str(mine)[:300]}\npydantic:     {str(real)[:300]}"


@pytest.mark.parametrize("inf_nan", [None, "null", "constants", "strings"])
def test_non_finite_floats_dump_as_pydantic_dumps_them(inf_nan: str | None) -> None:
    """inf, -inf and nan: model_dump(mode="json") keeps them in fields typed float (alone, in
    lists, dicts, Optional) and makes them None where the type is Any or a bare list (unless
    ser_json_inf_nan is "constants" or "strings", which keep them); model_dump_json writes
    null by default, Infinity/-Infinity/NaN with "constants", "Infinity"/"-Infinity"/"NaN"
    with "strings"."""

    def action(lib: Any) -> Any:
        class Floats(lib.BaseModel):
            model_config = lib.ConfigDict(**({"ser_json_inf_nan": inf_nan} if inf_nan else {}))
            f: float
            maybe: float | None = None
            floats: list[float] = []
            named: dict[str, float] = {}
            anything: Any = None
            bare: list = []

        inf = float("inf")
        values = [inf, -inf, float("nan")]
        model = Floats(f=inf, maybe=-inf, floats=values, named={"a": inf}, anything=values, bare=values)
        return model.model_dump(mode="json"), model.model_dump_json()

    assert_same(action)


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.floats(min_value=1e-12, max_value=1e-3),
        st.lists(
            st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)), max_size=4
        ),
    )
)
@example(1e-05)
@example(-1.25e-05)
@example(1.5e-07)
@example([1e-06, "1e-06 in a string", 'quote " 1e-05'])
def test_floats_are_written_as_pydantic_writes_them(value: Any) -> None:
    """Python writes 1e-05 and 1.5e-07, Pydantic 0.00001 and 1.5e-7 (exponent -5 in decimal
    form, no zero-padded exponents): dump_json gives Pydantic's bytes for every float, and
    never touches the text of a string."""
    mine = minipydantic.TypeAdapter(Any).dump_json(value)
    assert mine == pydantic.TypeAdapter(Any).dump_json(value)
    assert json.loads(mine) == value
