"""Milestone 4: how the result is dumped and rendered (serialize.py): FastAPI's route options.

`response_model_include`, `_exclude`, `_by_alias`, `_exclude_unset`, `_exclude_defaults` and
`_exclude_none` shape the dump of the validated result, exactly as the same options of
`model_dump` would; `response_class` renders it (JSON by default, HTML or plain text on
request), and a status that allows no content sends none. p07's `@app.get(...,
response_model_exclude_unset=True)` and `response_class=HTMLResponse` are these options.
Each endpoint is declared once and served by FastAPI and by your APIRoute.
"""

import warnings
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi.testclient import TestClient
from miniopenapi import APIApp, APIRoute


def results(real: bool) -> dict[str, tuple[Any, Any]]:
    """{name: (endpoint, response model)}: the same results, declared with Pydantic's
    BaseModel and Field (real) or minipydantic's."""
    if real:
        import pydantic as ns
    else:
        import minipydantic as ns  # type: ignore[no-redef]

    class Item(ns.BaseModel):
        name: str
        description: str | None = None
        price: float = 10.5
        tags: list[str] = []  # noqa: RUF012 - a field default, copied per instance
        owner_name: str = ns.Field("nobody", alias="ownerName")

    class ItemInDB(Item):
        secret: str = "s3cret"

    class Basket(ns.BaseModel):
        items: list[Item]
        note: str | None = None

    return {
        "an instance of the model": (lambda: Item(name="a", description=None, price=10.5), Item),
        "a dict": (lambda: {"name": "a", "description": None, "price": 10.5}, Item),
        "a subclass instance": (lambda: ItemInDB(name="a", description=None, secret="x"), Item),
        "a list of models and dicts": (
            lambda: [Item(name="a", tags=[]), {"name": "b", "ownerName": "me"}],
            list[Item],
        ),
        "a model holding subclass instances": (
            lambda: Basket(items=[ItemInDB(name="a", description=None)]),
            Basket,
        ),
        "a dict of models": (lambda: {"k": Item(name="a")}, dict[str, Item]),
    }


OPTIONS = {
    "response_model_include": {"response_model_include": {"name", "price"}},
    "response_model_include, nested": {"response_model_include": {"items": {0: {"name"}}, "note": True}},
    "response_model_exclude": {"response_model_exclude": {"tags", "price"}},
    "response_model_by_alias=False": {"response_model_by_alias": False},
    "response_model_exclude_unset": {"response_model_exclude_unset": True},
    "response_model_exclude_defaults": {"response_model_exclude_defaults": True},
    "response_model_exclude_none": {"response_model_exclude_none": True},
}
RESULTS = [
    "an instance of the model",
    "a dict",
    "a subclass instance",
    "a list of models and dicts",
    "a model holding subclass instances",
    "a dict of models",
]


def answers(result: str, options: dict[str, Any]) -> tuple[Any, Any]:
    """(FastAPI's response, yours) to GET / for that result, declared with those options."""
    import fastapi

    endpoint, model = results(real=True)[result]
    app = fastapi.FastAPI()
    app.add_api_route("/", endpoint, response_model=model, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pydantic warns when it dumps a subclass instance
        expected = TestClient(app, raise_server_exceptions=False).get("/")
    endpoint, model = results(real=False)[result]
    mini = APIApp([APIRoute("/", endpoint, response_model=model, **options)])
    return expected, TestClient(mini, raise_server_exceptions=False).get("/")


@pytest.mark.parametrize("result", RESULTS)
@pytest.mark.parametrize("option", list(OPTIONS))
def test_each_response_model_option_dumps_like_fastapi(option: str, result: str) -> None:
    """Each response_model_* option shapes what is sent as the same option of model_dump
    would, on every kind of result: include/exclude pick fields (a nested dict picks inside
    lists and models), by_alias=False sends the field names, exclude_unset only what was
    given (a dict's keys count as given, and so do the fields of a model built from it),
    exclude_defaults drops what equals its default, exclude_none drops None. If this fails,
    check that the route's DumpOptions reach both dumps: an instance of exactly the model
    dumped as it is, and the validated value of anything else; and that validating a model
    result keeps which fields were set (dump it with exclude_unset before validating)."""
    expected, got = answers(result, OPTIONS[option])
    assert (got.status_code, got.json()) == (expected.status_code, expected.json()), (
        f"{option} on {result}: expected {expected.status_code} {expected.text}, "
        f"got {got.status_code} {got.text}"
    )


def rendered_routes(ns: SimpleNamespace) -> list[tuple[str, Any, dict[str, Any]]]:
    """(path, endpoint, options) with a response class or a status that forbids content."""

    def page() -> str:
        return "<h1>Hello</h1>"

    def untyped() -> Any:
        return "plain <text>"

    def deleted() -> None:
        return None

    def reset() -> Any:
        return {"ignored": True}

    return [
        ("/html", page, {"response_class": ns.HTMLResponse}),
        ("/text", untyped, {"response_class": ns.PlainTextResponse, "response_model": None}),
        ("/json", page, {"response_class": ns.JSONResponse}),
        ("/no-content", deleted, {"status_code": 204}),
        ("/no-content-html", deleted, {"status_code": 204, "response_class": ns.HTMLResponse}),
        ("/not-modified", deleted, {"status_code": 304, "response_model": None}),
        ("/reset", reset, {"status_code": 205, "response_model": None}),
    ]


def response_namespace(real: bool) -> SimpleNamespace:
    if real:
        from fastapi import responses
    else:
        import miniasgi as responses  # type: ignore[no-redef]
    return SimpleNamespace(
        HTMLResponse=responses.HTMLResponse,
        PlainTextResponse=responses.PlainTextResponse,
        JSONResponse=responses.JSONResponse,
    )


@pytest.fixture(scope="module")
def rendering_clients() -> tuple[TestClient, TestClient]:
    import fastapi

    app = fastapi.FastAPI()
    for path, endpoint, options in rendered_routes(response_namespace(real=True)):
        app.add_api_route(path, endpoint, **options)
    mini = APIApp([APIRoute(path, e, **o) for path, e, o in rendered_routes(response_namespace(real=False))])
    return TestClient(app), TestClient(mini)


@pytest.mark.parametrize("path", [spec[0] for spec in rendered_routes(response_namespace(real=False))])
def test_the_response_class_renders_the_result_like_fastapi(
    path: str, rendering_clients: tuple[TestClient, TestClient]
) -> None:
    """response_class=HTMLResponse or PlainTextResponse sends the result as that class renders
    it (its own Content-Type), JSONResponse as JSON; a status that allows no content (204,
    205, 304) sends an empty body, whatever the class and the result (the class still sets
    the Content-Type). If this fails, check that the serializer builds
    `response_class(content, status_code=status)` and then empties the body by the status."""
    fastapi_client, client = rendering_clients
    expected, got = fastapi_client.get(path), client.get(path)
    seen = [(r.status_code, r.headers.get("content-type"), r.content) for r in (expected, got)]
    assert seen[1] == seen[0], f"{path}: expected {seen[0]}, got {seen[1]}"


def test_a_status_without_content_sends_no_content_length_it_cannot_keep() -> None:
    """An emptied body must not keep the Content-Length of the content it had: a client
    would wait for bytes that never come. A 205 says `content-length: 0` (FastAPI keeps its
    stale length there: a departure), a 204 and a 304 send none."""
    routes = [APIRoute(p, e, **o) for p, e, o in rendered_routes(response_namespace(real=False))]
    client = TestClient(APIApp(routes))
    lengths = {path: client.get(path).headers.get("content-length") for path in ("/reset", "/no-content")}
    lengths["/not-modified"] = client.get("/not-modified").headers.get("content-length")
    assert lengths == {"/reset": "0", "/no-content": None, "/not-modified": None}, lengths


# --- an open response model over plain JSON: nothing to check, nothing to convert -----------

_ANSWER: dict[str, Any] = {}


def _open_models_app(real: bool) -> Any:
    """`-> dict[str, Any]`, `-> list[Any]`, `-> Any`: response models that accept any JSON as
    it is. miniopenapi skips their validation and dump for plain JSON data; FastAPI runs both.
    The answers must be the same, also for data that is not plain (a datetime, a tuple...)."""
    import datetime

    def as_dict() -> dict[str, Any]:
        return _ANSWER["value"]  # type: ignore[no-any-return]

    def as_list() -> list[Any]:
        return _ANSWER["value"]  # type: ignore[no-any-return]

    def as_any() -> Any:
        return _ANSWER["value"]

    def as_str() -> str:
        return _ANSWER["value"]  # type: ignore[no-any-return]

    def as_int() -> int:
        return _ANSWER["value"]  # type: ignore[no-any-return]

    def as_float() -> float:
        return _ANSWER["value"]  # type: ignore[no-any-return]

    def as_bool() -> bool:
        return _ANSWER["value"]  # type: ignore[no-any-return]

    del datetime
    routes = [("/dict", as_dict), ("/list", as_list), ("/any", as_any)]
    routes += [("/str", as_str), ("/int", as_int), ("/float", as_float), ("/bool", as_bool)]
    if real:
        import fastapi

        app = fastapi.FastAPI()
        for path, endpoint in routes:
            app.add_api_route(path, endpoint)
        return TestClient(app, raise_server_exceptions=False)
    return TestClient(
        APIApp([APIRoute(path, endpoint) for path, endpoint in routes]), raise_server_exceptions=False
    )


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)
_NOT_PLAIN = st.sampled_from(
    [
        {"when": __import__("datetime").date(2026, 12, 2)},
        {"pair": (1, 2)},
        {1: "int key"},
        [{"x": {1, 2}}],
        1.5e300,
    ]
)


@pytest.fixture(scope="module")
def open_clients() -> tuple[TestClient, TestClient]:
    return _open_models_app(real=True), _open_models_app(real=False)


@given(value=st.one_of(_JSON, _NOT_PLAIN))
@example(value={"nested": [1, "a", None, True, 2.5, {"k": []}]})
@example(value={1: "int key"})
@example(value=True)  # -> int: Pydantic makes it 1; -> bool, -> Any: sent as it is
@example(value=2.0)  # -> int: 2
def test_an_open_response_model_answers_like_fastapi(
    value: Any, open_clients: tuple[TestClient, TestClient]
) -> None:
    """Open models (`-> dict[str, Any]`...) and scalar ones (`-> str`...) given any data."""
    real, mine = open_clients
    _ANSWER["value"] = value
    for path in ("/dict", "/list", "/any", "/str", "/int", "/float", "/bool"):
        expected, got = real.get(path), mine.get(path)
        assert got.status_code == expected.status_code, f"{path} {value!r}: {expected.text} vs {got.text}"
        if expected.status_code == 200:
            assert got.content == expected.content, f"{path} {value!r}"
