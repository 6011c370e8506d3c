"""Milestone 9: the whole document equals FastAPI's for the same declarations.

Each corpus app (openapi_corpus.py) is described once and declared under both frameworks;
the two documents must be equal as JSON, all of it. Hypothesis then invents endpoints
(parameter names, types, locations, defaults, docs) and checks the same.

Deliberate differences, none of which the corpus can express: an APIRoute with several
methods gets one operationId per method (FastAPI reuses the first). Security schemes are
derived from security dependencies in both (the corpus's bearer route).
"""

import importlib.util
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import example, given

from .openapi_corpus import (
    CORPUS,
    SIMPLE_DECLARATIONS,
    RouteSpec,
    declarations,
    endpoint_for,
    fastapi_document,
    mini_document,
    show_difference,
)


def test_corpus_documents_equal_fastapis(corpus_name: str) -> None:
    """The corpus app's document is FastAPI's, key for key (the message names the first
    JSON path where they differ)."""
    describe = CORPUS[corpus_name]
    expected = fastapi_document(describe)
    got = mini_document(describe)
    assert got == expected, f"{corpus_name}: {show_difference(expected, got)}"


def test_info_servers_and_tags_equal_fastapis() -> None:
    """Document-level fields (description, summary, servers, tags) match FastAPI's too."""
    info = {
        "description": "An API",
        "summary": "Short",
        "servers": [{"url": "https://example.com", "description": "prod"}],
        "openapi_tags": [{"name": "users", "description": "People"}],
    }
    expected = fastapi_document(CORPUS["users"], **info)
    info["tags"] = info.pop("openapi_tags")
    got = mini_document(CORPUS["users"], **info)
    assert got == expected, show_difference(expected, got)


@given(params=declarations())
@example(params=SIMPLE_DECLARATIONS)
def test_invented_endpoints_equal_fastapis(params: list[dict[str, Any]]) -> None:
    """For any mix of path/query/header/cookie parameters of common types, required or
    not, with or without descriptions and constraints, the documents are equal."""

    def describe(ns: SimpleNamespace) -> list[RouteSpec]:
        return [endpoint_for(ns, params)]

    expected = fastapi_document(describe)
    got = mini_document(describe)
    assert got == expected, f"{params}: {show_difference(expected, got)}"


@pytest.mark.parametrize("status", [200, 201, 204])
def test_status_codes_equal_fastapis(status: int) -> None:
    """The success response's status key and content follow FastAPI for 200, 201 and 204."""

    def describe(ns: SimpleNamespace) -> list[RouteSpec]:
        def act(flag: bool = False) -> None:
            return None

        return [("/act", act, {"methods": ["POST"], "status_code": status})]

    expected, got = fastapi_document(describe), mini_document(describe)
    assert got == expected, show_difference(expected, got)


def test_the_example_document_equals_its_fastapi_twin(example: Any) -> None:
    """examples/app.py and the same API declared with FastAPI (compare.py's real_app) have
    the same /openapi.json, whole."""
    spec = importlib.util.spec_from_file_location("p06_compare", Path(__file__).parents[1] / "compare.py")
    assert spec is not None
    assert spec.loader is not None
    compare = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compare)
    expected = compare.real_app().openapi()
    got = example.openapi.document()
    assert got == expected, show_difference(expected, got)
