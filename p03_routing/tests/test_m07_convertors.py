"""Milestone 7: `{name:type}` placeholders match, convert and write back their values.

Look at `convertors.py` (regex, convert, to_string per type), at how `compile_path` picks a
convertor for each placeholder, and at `CompiledPath.match` (a convertor's ValueError is no match).
"""

import uuid
from typing import Any, ClassVar

import pytest
from minirouter import Convertor, Route, Router, compile_path, register_converter

from .drive import Probe, call

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


@pytest.mark.parametrize(
    ("template", "path", "expected"),
    [
        ("/users/{id:int}", "/users/42", {"id": 42}),
        ("/prices/{value:float}", "/prices/3.25", {"value": 3.25}),
        ("/prices/{value:float}", "/prices/3", {"value": 3.0}),
        ("/things/{id:uuid}", f"/things/{ID}", {"id": ID}),
        ("/things/{id:uuid}", f"/things/{ID.hex}", {"id": ID}),
        ("/files/{rest:path}", "/files/images/2024/photo.jpg", {"rest": "images/2024/photo.jpg"}),
        ("/files/{rest:path}", "/files/", {"rest": ""}),
        ("/tags/{tag:str}", "/tags/python", {"tag": "python"}),
    ],
)
def test_convertors_match_and_convert(template: str, path: str, expected: dict[str, Any]) -> None:
    """Each convertor turns the matched text into its Python type."""
    assert compile_path(template).match(path) == expected


@pytest.mark.parametrize(
    ("template", "path"),
    [
        ("/users/{id:int}", "/users/abc"),
        ("/users/{id:int}", "/users/-1"),
        ("/users/{id:int}", "/users/4.2"),
        ("/prices/{value:float}", "/prices/1e5"),
        ("/prices/{value:float}", "/prices/nan"),
        ("/things/{id:uuid}", "/things/not-a-uuid"),
        ("/tags/{tag:str}", "/tags/a/b"),
    ],
)
def test_text_a_convertor_rejects_does_not_match(template: str, path: str) -> None:
    """A path whose value does not fit the convertor is no match (a 404), not an error."""
    assert compile_path(template).match(path) is None


def test_a_float_too_long_to_be_finite_does_not_match() -> None:
    """400 digits match the float regex but `float()` reads them as inf: refuse it (404), as
    the convertor promises no inf. Look at FloatConvertor.convert."""
    app = Router([Route("/prices/{value:float}", Probe("price"))])
    assert call(app, "/prices/" + "9" * 400).status == 404
    assert call(app, "/prices/" + "9" * 300).scope["path_params"] == {"value": float("9" * 300)}


def test_int_route_answers_404_for_text() -> None:
    """`/users/abc` on `/users/{id:int}` is a 404, and the endpoint sees an int for `/users/7`."""
    app = Router([Route("/users/{id:int}", Probe("user"))])
    assert call(app, "/users/abc").status == 404
    assert call(app, "/users/7").scope["path_params"] == {"id": 7}


def test_unknown_convertor_fails_at_startup_naming_it() -> None:
    """A typo like `{id:integer}` must fail when the route is created: ValueError naming the convertor."""
    with pytest.raises(ValueError, match="integer"):
        Route("/users/{id:integer}", Probe("x"))


def test_format_writes_each_placeholder_without_its_type() -> None:
    """`CompiledPath.format` is the template with bare `{name}`s: what OpenAPI documents (p06)."""
    compiled = compile_path("/users/{id:int}/files/{rest:path}")
    assert compiled.format == "/users/{id}/files/{rest}"
    assert list(compiled.convertors) == ["id", "rest"]


@pytest.mark.parametrize(
    ("template", "params", "expected"),
    [
        ("/users/{id:int}", {"id": 42}, "/users/42"),
        ("/prices/{value:float}", {"value": 3.5}, "/prices/3.5"),
        ("/prices/{value:float}", {"value": 2.0}, "/prices/2"),
        ("/prices/{value:float}", {"value": 0.1}, "/prices/0.1"),
        ("/prices/{value:float}", {"value": 1e-05}, "/prices/0.00001"),
        ("/prices/{value:float}", {"value": 1e20}, "/prices/100000000000000000000"),
        ("/things/{id:uuid}", {"id": ID}, f"/things/{ID}"),
        ("/files/{rest:path}", {"rest": "a/b.txt"}, "/files/a/b.txt"),
    ],
)
def test_url_path_for_writes_values_with_to_string(
    template: str, params: dict[str, Any], expected: str
) -> None:
    """url_path_for uses each convertor's `to_string` (floats: shortest exact text, never 1e-05)."""
    app = Router([Route(template, Probe("r"), name="r")])
    assert app.url_path_for("r", **params) == expected


def test_a_path_value_cannot_turn_the_url_into_another_host() -> None:
    """A `path` value is the caller's text: `/example.org/a` would make `//example.org/a`, which a
    browser reads as the host example.org. The URLPath url_path_for returns (miniasgi's) writes a
    leading "//" as "/%2F" and every backslash as %5C (browsers treat "\\" as "/"), as Starlette."""
    app = Router([Route("/{rest:path}", Probe("r"), name="r")])
    assert app.url_path_for("r", rest="/example.org/a") == "/%2Fexample.org/a"
    assert app.url_path_for("r", rest="\\example.org/a") == "/%5Cexample.org/a"


@pytest.mark.parametrize(
    ("template", "params"),
    [
        ("/users/{id:int}", {"id": -1}),
        ("/prices/{value:float}", {"value": float("nan")}),
        ("/prices/{value:float}", {"value": float("inf")}),
        ("/prices/{value:float}", {"value": 10**400}),
        ("/things/{id:uuid}", {"id": "not-a-uuid"}),
        ("/things/{id:uuid}", {"id": 5}),
    ],
)
def test_url_path_for_refuses_values_that_could_not_match(template: str, params: dict[str, Any]) -> None:
    """A value the route could never match back (negative id, '/' in a str, an int too big for a
    float, a uuid that is not one) is a ValueError, not a URL that 404s or an OverflowError."""
    app = Router([Route(template, Probe("r"), name="r")])
    with pytest.raises(ValueError, match="path parameter"):
        app.url_path_for("r", **params)


class DateConvertor(Convertor[tuple[int, int, int]]):
    regex: ClassVar[str] = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    single_segment: ClassVar[bool] = True

    def convert(self, value: str) -> tuple[int, int, int]:
        year, month, day = (int(part) for part in value.split("-"))
        if not 1 <= month <= 12:
            raise ValueError("no such month")
        return year, month, day

    def to_string(self, value: tuple[int, int, int]) -> str:
        return "{:04d}-{:02d}-{:02d}".format(*value)


def test_custom_convertors_can_be_registered() -> None:
    """`register_converter("date", DateConvertor())` makes `{day:date}` work both ways."""
    register_converter("date", DateConvertor())
    app = Router([Route("/log/{day:date}", Probe("log"), name="log")])
    assert call(app, "/log/2024-05-01").scope["path_params"] == {"day": (2024, 5, 1)}
    assert app.url_path_for("log", day=(2024, 5, 1)) == "/log/2024-05-01"


def test_a_convertor_that_raises_value_error_means_no_match() -> None:
    """`convert` raising ValueError turns into a 404, never a 500 with a traceback."""
    register_converter("date", DateConvertor())
    assert call(Router([Route("/log/{day:date}", Probe("log"))]), "/log/2024-13-01").status == 404


def test_convertor_names_must_be_identifiers() -> None:
    """`register_converter("my-type", ...)` could never be used in `{x:my-type}`: refuse it."""
    with pytest.raises(ValueError, match="my-type"):
        register_converter("my-type", DateConvertor())
