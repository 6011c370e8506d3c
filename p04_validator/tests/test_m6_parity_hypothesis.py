"""Milestone 6: generated JSON inputs, checked against Pydantic, and robustness.

Hypothesis builds JSON-like values (and dicts that look like each corpus model's input, with
wrong values mixed in). Whatever it builds, minipydantic must agree with Pydantic on accept or
reject, the values and the error entries, and must never raise anything but ValidationError.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pydantic
from hypothesis import assume, example, given
from hypothesis import strategies as st

import minipydantic

from .corpus import MODEL_NAMES, models
from .deep import shape
from .parity import assert_same

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        ["1", " 2 ", "1.0", "1.5", "true", "no", "red", "a", "", "2024-01-02", "PT1H", "a@b.co"]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def field_keys(name: str) -> list[str]:
    model = getattr(models(pydantic), name)
    return [info.alias or key for key, info in model.model_fields.items()]


@st.composite
def model_inputs(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(MODEL_NAMES))
    keys = field_keys(name)
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
    data = {key: draw(json_values) for key in chosen}
    if draw(st.booleans()):
        data[draw(st.text(max_size=4))] = draw(json_values)
    return name, data


def _validate(lib_models: Any, name: str, data: Any) -> Any:
    return getattr(lib_models, name).model_validate(data)


@given(model_inputs())
@example(("User", {"name": "Douglas", "age": "32"}))
# Found by hypothesis: an IntEnum given an int beyond 64 bits is Pydantic's int_parsing_size.
@example(("Mixed", {"size": 2**63}))
def test_generated_model_inputs_agree_with_pydantic(case: tuple[str, Any]) -> None:
    """Random field values for every corpus model: same accept/reject, values and errors."""
    name, data = case
    assert_same(lambda lib: _validate(models(lib), name, data))


# Where Pydantic's JSON mode validates otherwise than its Python mode (README, departures):
# a bool is no timedelta in JSON, and an integer beyond 64 bits is the wrong type (not a
# parsing error) for datetime, date and timedelta, another parsing error for time.
_TIME_FIELDS = {("Mixed", "span"), ("Mixed", "at"), ("Order", "when"), ("Order", "day")}


def _json_mode_departure(name: str, data: Any) -> bool:
    for key, value in data.items() if isinstance(data, dict) else ():
        if (name, key) in _TIME_FIELDS and (
            (type(value) is bool and key == "span") or (type(value) is int and not -(2**63) <= value < 2**63)
        ):
            return True
    return False


@given(model_inputs())
@example(("Scalars", {"n": False}))
@example(("Mixed", {"nums": 1, "bare_dict": [], "span": []}))
@example(("Order", {"items": {}, "address": 1}))
def test_generated_model_inputs_through_json_agree_with_pydantic(case: tuple[str, Any]) -> None:
    """The same random inputs as JSON text: same values, or the same entries in Pydantic's JSON
    wording ("Input should be null", "... a valid array", "... an object"). Inputs where
    Pydantic's JSON mode validates differently from its Python mode (a documented departure:
    minipydantic validates parsed JSON in Python mode) are left out."""
    name, data = case
    assume(not _json_mode_departure(name, data))
    text = json.dumps(data)
    assert_same(lambda lib: getattr(models(lib), name).model_validate_json(text))


@given(st.sampled_from(MODEL_NAMES), json_values)
@example("User", ["Douglas", 32])
def test_arbitrary_json_values_agree_with_pydantic(name: str, data: Any) -> None:
    """Not even a dict: lists, strings, numbers given to a model fail the same way."""
    assert_same(lambda lib: _validate(models(lib), name, data))


@given(st.sampled_from(MODEL_NAMES), json_values)
@example("User", {"name": "Douglas", "age": "32"})
def test_validate_json_agrees_with_pydantic(name: str, data: Any) -> None:
    """The same through `model_validate_json`, and dumping back to JSON gives the same text."""
    text = json.dumps(data)
    mine = assert_same(lambda lib: getattr(models(lib), name).model_validate_json(text))
    if mine[0] == "ok":
        dumped = [
            getattr(m, name).model_validate_json(text).model_dump_json()
            for m in (models(minipydantic), models(pydantic))
        ]
        assert json.loads(dumped[0]) == json.loads(dumped[1])


@given(
    st.sampled_from(MODEL_NAMES),
    st.recursive(
        scalars | st.binary(max_size=4) | st.builds(object),
        lambda i: (
            st.lists(i, max_size=3)
            | st.tuples(i, i)
            | st.dictionaries(st.integers() | st.text(max_size=3), i, max_size=3)
        ),
        max_leaves=8,
    ),
)
@example("Order", {"order_id": object(), "items": [(1, b"x")]})
def test_only_validation_error_escapes_whatever_the_input(name: str, data: Any) -> None:
    """Any Python value (objects, bytes, tuples, int keys) gives a model or a ValidationError."""
    model = getattr(models(minipydantic), name)
    with contextlib.suppress(minipydantic.ValidationError):
        model.model_validate(data)
    payload = dict.fromkeys(field_keys(name), data)
    with contextlib.suppress(minipydantic.ValidationError):
        model.model_validate(payload)


# -- JSON text: escapes, encodings, numbers and nesting, as Pydantic's parser reads them -------

PIECES = [
    *'{}[],:"\\ \n\t\r\f\x00\x1f-+.eE019x',
    "\\u",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\u00e9",
    "\\n",
    "\\x",
    "tru",
    "true",
    "null",
    "NaN",
    "-Infinity",
    "Inf",
    "00",
    "é",
    "日本",
    "😀",
    "\ud800",
    "\ufeff",
    '"anything"',
    "1" * 4301,
]
ENCODINGS = ["str", "utf-8", "bytearray", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"]


@st.composite
def json_texts(draw: st.DrawFn) -> Any:
    """Valid documents (alone or under the key "anything"), mutated a few times with pieces
    that matter to a JSON parser, or pieces alone; then given as str or encoded bytes."""
    if draw(st.booleans()):
        text = json.dumps(
            draw(json_values),
            ensure_ascii=draw(st.booleans()),
            indent=draw(st.sampled_from([None, 1])),
        )
        if draw(st.booleans()):
            text = '{"anything": ' + text + "}"
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at + draw(st.integers(0, 2)) :]
    else:
        text = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=10)))
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding == "str":
        return text
    if encoding == "bytearray":
        return bytearray(text.encode("utf-8", "surrogatepass"))
    return text.encode(encoding, "surrogatepass")


@given(json_texts())
@example('{"anything": "\\ud800"}')
@example(b'\xef\xbb\xbf{"anything": 1}')
@example('{"anything": ' + "1" * 5000 + "}")
def test_json_text_agrees_with_pydantic(text: Any) -> None:
    """Any text, valid or broken, str or bytes in any encoding: model_validate_json accepts what
    Pydantic accepts (the same values) and refuses the rest with the same entry (`json_invalid`
    with the same wording and position, or `string_unicode`)."""
    assert_same(lambda lib: models(lib).Mixed.model_validate_json(text))


@given(
    st.integers(0, 230) | st.sampled_from([999, 1000, 1001, 5000]),
    st.sampled_from(["[", '{"a": ', "mixed"]),
    st.sampled_from(["", "1", "[]", "{}", '"x"']),
)
@example(201, "[", "1")
def test_json_nesting_depth_agrees_with_pydantic(depth: int, opening: str, inner: str) -> None:
    """Containers nested `depth` deep under "anything": up to 200 containers around a value are
    read, one more is `json_invalid` "recursion limit exceeded" at the value that is too deep."""
    openings = ["[", '{"a": '] * depth if opening == "mixed" else [opening] * depth
    body = "".join(openings[:depth]) + inner
    body += "".join("]" if o == "[" else "}" for o in reversed(openings[:depth]))
    text = '{"anything": ' + body + "}"
    assert_same(lambda lib: models(lib).Mixed.model_validate_json(text))


# -- Dumping data of any depth --------------------------------------------------------------


@st.composite
def deep_data(draw: st.DrawFn) -> Any:
    """Lists, tuples and dicts nested to a depth around Pydantic's limit (255) or beyond the
    stack, with a leaf (or an empty container) at the bottom and siblings along the way."""
    depth = draw(st.integers(0, 40) | st.integers(250, 260) | st.sampled_from([600, 1500]))
    value = draw(st.sampled_from([1, None, "x", 1.5, [], {}, ()]))
    for _ in range(depth):
        shape = draw(st.sampled_from(["list", "dict", "pair", "tuple"]))
        value = {"k": value} if shape == "dict" else [0, value] if shape == "pair" else [value]
        value = tuple(value) if shape == "tuple" else value
    return value


DUMP_CALLS = [
    ("model_dump", {}),
    ("model_dump", {"mode": "json"}),
    ("model_dump_json", {}),
    ("model_dump", {"exclude_none": True, "exclude_unset": True}),
    ("model_dump", {"include": {"anything", "value"}, "by_alias": True}),
    ("model_dump", {"mode": "json", "exclude": {"maybe": True}, "exclude_defaults": True}),
]


@given(deep_data(), st.sampled_from(DUMP_CALLS))
@example([[[1]]], ("model_dump", {}))
def test_dumping_data_of_any_depth_agrees_with_pydantic(data: Any, call: tuple[str, dict[str, Any]]) -> None:
    """Whatever the depth, a dump gives Pydantic's result or Pydantic's ValueError; never a
    RecursionError."""
    method, options = call

    def outcome(lib: Any) -> tuple[str, Any]:
        model = models(lib).Mixed.model_validate({"anything": data, "value": 2})
        try:
            return "ok", shape(getattr(model, method)(**options))
        except ValueError as exc:
            return "error", str(exc)

    mine, real = outcome(minipydantic), outcome(pydantic)
    assert mine == real, f"\nminipydantic: {str(mine)[:300]}\npydantic:     {str(real)[:300]}"
