"""The parity corpus: small APIs described ONCE, then declared under FastAPI and miniopenapi.

Each `app_*` function receives a namespace `ns` holding one framework's building blocks
(`BaseModel`, `Field`, `Query`, `Path`, `Header`, `Cookie`, `Body`, `Depends`) and returns
the routes as `(path, endpoint, options)`. The endpoints are created inside the function,
so their annotations refer to that framework's classes. The tests then compare the two
OpenAPI documents whole.
"""

import enum
import inspect
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Annotated, Any

from hypothesis import strategies as st

RouteSpec = tuple[str, Callable[..., Any], dict[str, Any]]
Describe = Callable[[SimpleNamespace], list[RouteSpec]]


def app_users(ns: SimpleNamespace) -> list[RouteSpec]:
    """The lesson's example: create, fetch and list users."""

    class UserCreate(ns.BaseModel):
        name: str = ns.Field(min_length=1, description="Full name")
        email: str
        age: int | None = None

    class UserResponse(ns.BaseModel):
        id: int
        name: str

    def create_user(user: UserCreate) -> UserResponse:
        """Create a user."""
        return UserResponse(id=1, name=user.name)

    def get_user(user_id: int) -> UserResponse:
        return UserResponse(id=user_id, name="x")

    def list_users(limit: int = 10, q: str | None = None) -> list[UserResponse]:
        return []

    return [
        ("/users", create_user, {"methods": ["POST"], "status_code": 201, "tags": ["users"]}),
        ("/users/{user_id}", get_user, {}),
        ("/users", list_users, {"deprecated": True}),
    ]


def app_parameters(ns: SimpleNamespace) -> list[RouteSpec]:
    """Every parameter location, with descriptions, examples, aliases and constraints."""

    def search(
        item_id: Annotated[int, ns.Path(ge=1, description="The item")],
        q: Annotated[str, ns.Query(min_length=2, max_length=20, examples=["abc"])],
        tags: Annotated[list[str], ns.Query()] = [],  # noqa: B006 - a default that is never mutated
        page_size: Annotated[int, ns.Query(alias="page-size", le=50)] = 20,
        ratio: float = 0.5,
        flag: bool = False,
        user_agent: Annotated[str | None, ns.Header()] = None,
        x_raw: Annotated[str, ns.Header(convert_underscores=False)] = "",
        session: Annotated[str | None, ns.Cookie(description="Session id")] = None,
        hidden: Annotated[int, ns.Query(include_in_schema=False)] = 0,
        old: Annotated[int | None, ns.Query(deprecated=True)] = None,
    ) -> dict[str, int]:
        return {}

    return [("/items/{item_id}", search, {"summary": "Search one item", "tags": ["items"]})]


def app_bodies(ns: SimpleNamespace) -> list[RouteSpec]:
    """Nested models, lists of models, several body parameters, an embedded body."""

    class Address(ns.BaseModel):
        street: str
        city: str = "Paris"

    class Person(ns.BaseModel):
        name: str
        addresses: list[Address] = []  # noqa: RUF012 - a model default, copied per instance
        tags: dict[str, int] = {}  # noqa: RUF012

    class Note(ns.BaseModel):
        text: str = ns.Field(max_length=140)

    def create_person(person: Person) -> Person:
        return person

    def import_people(people: list[Person]) -> int:
        return len(people)

    def annotate(person: Person, note: Note, importance: Annotated[int, ns.Body(ge=0)] = 1) -> None:
        return None

    def embed(note: Annotated[Note, ns.Body(embed=True)]) -> Note:
        return note

    return [
        ("/people", create_person, {"methods": ["POST"]}),
        (
            "/people/import",
            import_people,
            {"methods": ["PUT"], "response_description": "How many were imported"},
        ),
        ("/people/annotate", annotate, {"methods": ["PATCH"], "status_code": 204}),
        ("/notes", embed, {"methods": ["POST"], "operation_id": "post_a_note"}),
    ]


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


def app_dependencies(ns: SimpleNamespace) -> list[RouteSpec]:
    """Parameters declared in dependencies (nested) are documented like the endpoint's own."""

    def pagination(skip: int = 0, limit: Annotated[int, ns.Query(le=100)] = 10) -> dict[str, int]:
        return {"skip": skip, "limit": limit}

    def token(x_token: Annotated[str, ns.Header()]) -> str:
        return x_token

    def current_user(
        tok: Annotated[str, ns.Depends(token)], page: Annotated[dict[str, int], ns.Depends(pagination)]
    ) -> str:
        return tok

    def list_things(user: Annotated[str, ns.Depends(current_user)], color: Color = Color.RED) -> list[str]:
        """List things.

        Only the first part is documented.\fThis part is for developers only.
        """
        return []

    def no_params() -> dict[str, str]:
        return {"ok": "yes"}

    def hidden_route() -> None:
        return None

    return [
        ("/things", list_things, {}),
        ("/health", no_params, {"summary": "Health check", "description": "Always answers."}),
        ("/hidden", hidden_route, {"include_in_schema": False}),
    ]


def app_responses(ns: SimpleNamespace) -> list[RouteSpec]:
    """Response models given explicitly, extra documented responses, no response model."""

    class Item(ns.BaseModel):
        id: int
        price: float = ns.Field(gt=0)

    class Message(ns.BaseModel):
        detail: str

    def read_item(item_id: int) -> Any:
        return {"id": item_id, "price": 1.0}

    def delete_item(item_id: int) -> None:
        return None

    def untyped():  # type: ignore[no-untyped-def]
        return {"hello": "world"}

    return [
        (
            "/items/{item_id}",
            read_item,
            {
                "response_model": Item,
                "responses": {
                    404: {"model": Message, "description": "Not there"},
                    418: {"description": "Teapot"},
                },
            },
        ),
        (
            "/items/{item_id}",
            delete_item,
            {"methods": ["DELETE"], "status_code": 204, "responses": {"default": {}}},
        ),
        ("/untyped", untyped, {"response_model": None}),
    ]


def app_shapes(ns: SimpleNamespace) -> list[RouteSpec]:
    """A model whose input and output shapes differ (Decimal: number or string in, string out)
    gets two components, `Price-Input` and `Price-Output`; a bearer-protected route."""

    class Price(ns.BaseModel):
        amount: Decimal
        currency: str = "EUR"

    class Basket(ns.BaseModel):
        prices: list[Price]

    def convert(basket: Basket, to: str = "EUR") -> Basket:
        return basket

    def cheapest() -> Price:
        return Price(amount=Decimal(1))

    return [
        ("/convert", convert, {"methods": ["POST"]}),
        ("/cheapest", cheapest, ns.bearer),
    ]


NAMES = ["alpha", "beta", "gamma", "delta", "item_id", "x_trace", "page"]
TYPES: dict[str, Any] = {"int": int, "str": str, "float": float, "bool": bool, "optional int": int | None}
DEFAULTS = {"int": 3, "str": "s", "float": 1.5, "bool": True, "optional int": None}


@st.composite
def declarations(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A list of parameter declarations: name, location, type, required, docs, constraint."""
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=5))
    found = []
    for name in names:
        location = draw(st.sampled_from(["path", "query", "query", "header", "cookie"]))
        kind = draw(st.sampled_from(["int", "str"] if location == "path" else sorted(TYPES)))
        found.append(
            {
                "name": name,
                "location": location,
                "kind": kind,
                "required": location == "path" or draw(st.booleans()),
                "description": draw(st.sampled_from([None, "Some words"])),
                "ge": draw(st.sampled_from([None, 0])) if kind == "int" else None,
            }
        )
    return found


# What `declarations()` draws, written out: the readable first example of each property test.
SIMPLE_DECLARATIONS: list[dict[str, Any]] = [
    {"name": "item_id", "location": "path", "kind": "int", "required": True, "description": None, "ge": 0},
    {
        "name": "alpha",
        "location": "query",
        "kind": "optional int",
        "required": False,
        "description": "Some words",
        "ge": None,
    },
    {
        "name": "x_trace",
        "location": "header",
        "kind": "str",
        "required": True,
        "description": None,
        "ge": None,
    },
]


def endpoint_for(ns: SimpleNamespace, params: list[dict[str, Any]]) -> RouteSpec:
    """Build the same endpoint for either framework from the declarations."""
    marker_class = {"path": ns.Path, "query": ns.Query, "header": ns.Header, "cookie": ns.Cookie}
    parameters = []
    for param in params:
        options = {key: param[key] for key in ("description", "ge") if param[key] is not None}
        marker = marker_class[param["location"]](**options)
        default = inspect.Parameter.empty if param["required"] else DEFAULTS[param["kind"]]
        value_type = TYPES[param["kind"]]
        annotation = Annotated[value_type, marker]
        parameters.append(
            inspect.Parameter(
                param["name"], inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
            )
        )

    def generated(**values: Any) -> dict[str, int]:
        return {}

    generated.__signature__ = inspect.Signature(parameters, return_annotation=dict[str, int])  # type: ignore[attr-defined]
    path = "/r" + "".join(f"/{{{param['name']}}}" for param in params if param["location"] == "path")
    return path, generated, {}


CORPUS = {
    "users": app_users,
    "parameters": app_parameters,
    "bodies": app_bodies,
    "dependencies": app_dependencies,
    "responses": app_responses,
    "shapes": app_shapes,
}


def bearer_scheme() -> Any:
    """A bearer-token dependency that is a `SecurityBase`, as FastAPI's `HTTPBearer` is: both
    documents derive the scheme and the operation's requirement from it."""
    from miniasgi import Request
    from miniopenapi import SecurityBase

    class HTTPBearer(SecurityBase):
        def __init__(self) -> None:
            self.model = {"type": "http", "scheme": "bearer"}
            self.scheme_name = "HTTPBearer"

        async def __call__(self, request: Request) -> str | None:
            return request.headers.get("authorization")

    return HTTPBearer()


def fastapi_namespace() -> SimpleNamespace:
    import fastapi
    import fastapi.security
    import pydantic

    return SimpleNamespace(
        BaseModel=pydantic.BaseModel,
        Field=pydantic.Field,
        Query=fastapi.Query,
        Path=fastapi.Path,
        Header=fastapi.Header,
        Cookie=fastapi.Cookie,
        Body=fastapi.Body,
        Depends=fastapi.Depends,
        bearer={"dependencies": [fastapi.Depends(fastapi.security.HTTPBearer(auto_error=False))]},
    )


def mini_namespace() -> SimpleNamespace:
    import minidi
    import miniopenapi
    import minipydantic

    return SimpleNamespace(
        BaseModel=minipydantic.BaseModel,
        Field=minipydantic.Field,
        Query=miniopenapi.Query,
        Path=miniopenapi.Path,
        Header=miniopenapi.Header,
        Cookie=miniopenapi.Cookie,
        Body=miniopenapi.Body,
        Depends=minidi.Depends,
        bearer={"dependencies": [minidi.Depends(bearer_scheme())]},
    )


def fastapi_document(describe: Describe, **info: Any) -> dict[str, Any]:
    import fastapi

    app = fastapi.FastAPI(title=info.pop("title", "Corpus"), version=info.pop("version", "1.0.0"), **info)
    for path, endpoint, options in describe(fastapi_namespace()):
        app.add_api_route(path, endpoint, **options)
    return app.openapi()


def mini_routes(describe: Describe) -> list[Any]:
    from miniopenapi import APIRoute

    return [APIRoute(path, endpoint, **options) for path, endpoint, options in describe(mini_namespace())]


def mini_document(describe: Describe, **info: Any) -> dict[str, Any]:
    from miniopenapi import get_openapi

    title, version = info.pop("title", "Corpus"), info.pop("version", "1.0.0")
    return get_openapi(title=title, version=version, routes=mini_routes(describe), **info)


def show_difference(expected: Any, got: Any, where: str = "") -> str:
    """The first place two JSON documents differ, as a path a learner can look up."""
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in sorted(expected.keys() | got.keys(), key=str):
            if key not in got:
                return f"{where}/{key}: missing (expected {expected[key]!r})"
            if key not in expected:
                return f"{where}/{key}: unexpected (got {got[key]!r})"
            found = show_difference(expected[key], got[key], f"{where}/{key}")
            if found:
                return found
        return ""
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        for index, (left, right) in enumerate(zip(expected, got, strict=True)):
            found = show_difference(left, right, f"{where}/{index}")
            if found:
                return found
        return ""
    return "" if expected == got else f"{where}: expected {expected!r}, got {got!r}"
