"""Milestone 6: turn each APIRoute into an OpenAPI operation.

Checks the pieces one at a time (the whole-document comparison with FastAPI is milestone 9):
operationId, summary, description, tags, deprecated, parameters, request body, responses,
the 422 entry, components, servers, Mount prefixes and caching (security and the
document's metadata: test_m6_security.py, test_m6_metadata.py).
"""

import warnings
from typing import Annotated, Any

import pytest
from miniopenapi import APIRoute, Header, OpenAPI, Query, generate_unique_id, get_openapi
from minipydantic import BaseModel
from minirouter import Mount, Route


class Item(BaseModel):
    name: str
    price: float


def document(*routes: Any, **info: Any) -> dict[str, Any]:
    return get_openapi(title="T", version="1", routes=list(routes), **info)


def operation(route: APIRoute, method: str = "get") -> dict[str, Any]:
    return document(route)["paths"][route.path_format][method]


def read_item(item_id: int, q: str | None = None) -> Item:
    """Read one item.

    Longer text.\fInternal notes, not for the docs.
    """
    return Item(name="x", price=1)


def test_document_skeleton() -> None:
    """The document has openapi "3.1.0", info (title, version, optional description) and paths."""
    doc = document(description="About")
    assert doc == {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1", "description": "About"},
        "paths": {},
    }


def test_operation_metadata_comes_from_the_function() -> None:
    """summary = the function name in Title Case; description = the docstring up to a form
    feed (\\f); operationId = name + path + method with non-word characters as "_"."""
    op = operation(APIRoute("/items/{item_id}", read_item, tags=["items"], deprecated=True))
    assert op["summary"] == "Read Item"
    assert op["description"] == "Read one item.\n\nLonger text."
    assert op["operationId"] == "read_item_items__item_id__get"
    assert op["tags"] == ["items"]
    assert op["deprecated"] is True


def test_explicit_metadata_wins() -> None:
    """summary=, description= and operation_id= replace the generated values."""
    route = APIRoute("/i/{item_id}", read_item, summary="S", description="D", operation_id="getIt")
    op = operation(route)
    assert (op["summary"], op["description"], op["operationId"]) == ("S", "D", "getIt")
    assert generate_unique_id(route, "GET") == "read_item_i__item_id__get"


def test_parameters_have_location_schema_and_required() -> None:
    """Each parameter: name, in, required, schema (with a title and any default)."""
    op = operation(APIRoute("/items/{item_id}", read_item))
    assert op["parameters"] == [
        {
            "name": "item_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "title": "Item Id"},
        },
        {
            "name": "q",
            "in": "query",
            "required": False,
            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Q"},
        },
    ], "a null default is left out, as FastAPI does"


def test_parameter_documentation_and_constraints() -> None:
    """description/examples/deprecated/constraints from the marker reach the parameter."""

    def search(
        limit: Annotated[int, Query(ge=1, le=50, description="Max", examples=[5], deprecated=True)] = 10,
        x_hidden: Annotated[str, Header(include_in_schema=False)] = "",
    ) -> None: ...

    (parameter,) = operation(APIRoute("/search", search))["parameters"]
    assert parameter["description"] == "Max"
    assert parameter["deprecated"] is True
    schema = parameter["schema"]
    assert (schema["minimum"], schema["maximum"], schema["default"], schema["examples"]) == (1, 50, 10, [5])


def test_request_body_refers_to_the_model() -> None:
    """A model parameter is the JSON request body, required, with a $ref to its component."""

    def create(item: Item) -> None: ...

    doc = document(APIRoute("/items", create, methods=["POST"]))
    body = doc["paths"]["/items"]["post"]["requestBody"]
    assert body == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
        "required": True,
    }
    assert "Item" in doc["components"]["schemas"]


def test_responses_default_status_model_and_422() -> None:
    """The success response uses status_code (default 200) and the response model (default:
    the return annotation); an operation with inputs also documents 422."""
    route = APIRoute("/items/{item_id}", read_item, methods=["PUT"], status_code=202)
    doc = document(route)
    responses = doc["paths"]["/items/{item_id}"]["put"]["responses"]
    assert set(responses) == {"202", "422"}, set(responses)
    assert responses["202"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Item"}
    assert responses["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/HTTPValidationError"
    }
    assert {"HTTPValidationError", "ValidationError"} <= set(doc["components"]["schemas"])


def test_no_inputs_means_no_422_and_no_components() -> None:
    """Nothing to validate, nothing to document: no 422 and no error components."""

    def ping() -> dict[str, str]:
        return {}

    doc = document(APIRoute("/ping", ping))
    assert set(doc["paths"]["/ping"]["get"]["responses"]) == {"200"}
    assert "components" not in doc


def test_status_204_has_no_content() -> None:
    """A 204 response has no body, so it gets a description but no content."""

    def delete(item_id: int) -> None: ...

    op = operation(APIRoute("/i/{item_id}", delete, methods=["DELETE"], status_code=204), "delete")
    assert op["responses"]["204"] == {"description": "Successful Response"}


def test_additional_responses_with_models() -> None:
    """responses={404: {"model": M}} documents another status with M's schema; a missing
    description defaults to the HTTP reason phrase."""

    class Message(BaseModel):
        detail: str

    route = APIRoute("/items/{item_id}", read_item, responses={404: {"model": Message}, "5XX": {}})
    responses = operation(route)["responses"]
    assert responses["404"] == {
        "description": "Not Found",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
    }
    assert responses["5XX"] == {"description": "Server Error"}


def test_excluded_and_plain_routes_are_not_documented() -> None:
    """include_in_schema=False hides an APIRoute; plain minirouter Routes are not documented."""

    async def plain(request: Any) -> Any: ...

    doc = document(APIRoute("/hidden", read_item, include_in_schema=False), Route("/plain", plain))
    assert doc["paths"] == {}


def test_mounted_routes_are_documented_with_the_prefix() -> None:
    """Routes inside a Mount appear under the mount's path, as with FastAPI's include_router."""
    doc = document(Mount("/api", routes=[APIRoute("/items/{item_id}", read_item)]))
    assert list(doc["paths"]) == ["/api/items/{item_id}"]


def test_servers_and_tags() -> None:
    """`servers` and the tags' descriptions go to the document as given."""
    doc = document(
        APIRoute("/items/{item_id}", read_item),
        servers=[{"url": "https://api.example.com"}],
        tags=[{"name": "items", "description": "Things to sell"}],
    )
    assert doc["servers"] == [{"url": "https://api.example.com"}]
    assert doc["tags"] == [{"name": "items", "description": "Things to sell"}]


def test_duplicate_operation_ids_warn() -> None:
    """Two operations with the same operationId break client generators: warn about it."""
    with pytest.warns(UserWarning, match="Duplicate operation ID"):
        document(
            APIRoute("/a", read_item, operation_id="same"), APIRoute("/b", read_item, operation_id="same")
        )


def test_the_document_is_built_once_and_cached() -> None:
    """OpenAPI(...).document() builds on first use and then returns the same object; json()
    returns the same bytes object too."""
    openapi = OpenAPI([APIRoute("/items/{item_id}", read_item)], title="T", version="1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = openapi.document()
    assert openapi.document() is first
    assert openapi.json() is openapi.json()
    openapi.reset()
    assert openapi.document() is not first
    assert openapi.document() == first
