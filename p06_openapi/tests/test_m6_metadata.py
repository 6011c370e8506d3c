"""Milestone 6: the document's metadata and an operation's extras, as FastAPI writes them.

`info` carries the API's title, summary, description, terms of service, contact and
license (with an SPDX `identifier`); tags may be an Enum's members; `openapi_extra` is merged
into the operation last; examples given to `Body(...)` sit beside a model's `$ref`.
"""

import enum
from types import SimpleNamespace
from typing import Annotated, Any

from .openapi_corpus import RouteSpec, fastapi_document, mini_document, show_difference

INFO = {
    "title": "ChimichangApp",
    "summary": "Deadpool's favorite app.",
    "description": "It helps you do **awesome** stuff.",
    "version": "0.0.1",
    "terms_of_service": "http://example.com/terms/",
    "contact": {
        "name": "Deadpoolio",
        "url": "http://x-force.example.com/contact/",
        "email": "dp@x-force.example.com",
    },
    "license_info": {"name": "Apache 2.0", "identifier": "Apache-2.0"},
}


class Tags(enum.Enum):
    items = "items"
    users = "users"


def app_extras(ns: SimpleNamespace) -> list[RouteSpec]:
    """Enum tags, `openapi_extra`, and a model body with examples."""

    class Item(ns.BaseModel):
        name: str
        price: float

    def read_items() -> list[str]:
        return []

    def update_item(
        item_id: int,
        item: Annotated[Item, ns.Body(examples=[{"name": "Foo", "price": 35.4}], description="The new item")],
    ) -> dict[str, Any]:
        return {"item_id": item_id}

    extra = {"x-aperture-labs-portal": "blue", "responses": {"200": {"description": "Just fine"}}}
    return [
        ("/items", read_items, {"tags": [Tags.items, "shop"], "openapi_extra": extra}),
        ("/items/{item_id}", update_item, {"methods": ["PUT"], "tags": [Tags.users]}),
    ]


def test_info_fields_equal_fastapis() -> None:
    """`terms_of_service` is `info.termsOfService`, `contact` is `info.contact`, and
    `license_info` is `info.license`, beside title, summary, description and version. If this
    fails, look at how `get_openapi` builds `info`."""
    expected = fastapi_document(app_extras, **INFO)
    got = mini_document(app_extras, **INFO)
    assert got["info"] == expected["info"], show_difference(expected["info"], got["info"])
    assert got["info"]["license"] == {"name": "Apache 2.0", "identifier": "Apache-2.0"}


def test_enum_tags_extras_and_body_examples_equal_fastapis() -> None:
    """An Enum member used as a tag is its value; `openapi_extra` is merged into the
    operation (deeply: a key it gives inside `responses` replaces only that key); a model
    body's `examples` and `description` sit beside its `$ref`. The whole document equals
    FastAPI's."""
    expected, got = fastapi_document(app_extras), mini_document(app_extras)
    assert got == expected, show_difference(expected, got)
    operation = got["paths"]["/items"]["get"]
    assert operation["tags"] == ["items", "shop"]
    assert operation["x-aperture-labs-portal"] == "blue"
    assert operation["responses"]["200"]["description"] == "Just fine"
    body = got["paths"]["/items/{item_id}"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"] == "#/components/schemas/Item"
    assert body["examples"] == [{"name": "Foo", "price": 35.4}]


def test_external_docs_go_to_the_document() -> None:
    """`external_docs` is the document's `externalDocs`, as given."""
    docs = {"description": "More", "url": "https://example.com/docs"}
    got = mini_document(app_extras, external_docs=docs)
    assert got["externalDocs"] == docs
