"""Milestone 7: serve the document and Swagger UI, with every asset from this package.

`docs_routes(openapi)` returns minirouter routes: `/openapi.json`, `/docs` (Swagger UI),
`/docs/oauth2-redirect`, and `/docs/assets/<file>` for the vendored JavaScript and CSS.
Nothing may come from a CDN: the page must work with no network at all.
"""

import json
import re
from importlib import resources
from typing import Any

import pytest
from miniasgi.testclient import TestClient
from miniopenapi import APIRoute, OpenAPI, docs_routes, swagger_ui_html
from minirouter import Router


def hello(name: str = "world") -> dict[str, str]:
    return {"hello": name}


@pytest.fixture
def openapi() -> OpenAPI:
    return OpenAPI([APIRoute("/hello", hello)], title="Hello <API>", version="1")


@pytest.fixture
def client(openapi: OpenAPI) -> TestClient:
    return TestClient(Router(docs_routes(openapi)))


def test_openapi_json_is_served(client: TestClient, openapi: OpenAPI) -> None:
    """GET /openapi.json answers the document as application/json."""
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json"), response.headers
    assert response.json() == openapi.document()


def test_openapi_json_is_rendered_once(client: TestClient, openapi: OpenAPI) -> None:
    """The bytes are computed once: every request sends the very same cached bytes."""
    client.get("/openapi.json")
    cached = openapi.json()
    assert client.get("/openapi.json").content == cached
    assert openapi.json() is cached, "json() should return the cached bytes, not re-serialize"


def test_swagger_page_loads_local_assets_only(client: TestClient) -> None:
    """/docs is an HTML page whose scripts and styles come from /docs/assets, never http(s)://."""
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html"), response.headers
    page = response.text
    assert '<script src="/docs/assets/swagger-ui-bundle.js">' in page, page
    assert 'href="/docs/assets/swagger-ui.css"' in page, page
    assert not re.search(r"https?://", page), "the page names an outside URL (a CDN?)"
    assert '"/openapi.json"' in page, "the page must tell Swagger UI where the document is"


def test_swagger_page_escapes_the_title(client: TestClient) -> None:
    """The API title is user text: it must be HTML-escaped in <title>."""
    page = client.get("/docs").text
    assert "<title>Hello &lt;API&gt; - Swagger UI</title>" in page, page


def test_script_values_cannot_close_the_script_element() -> None:
    """A URL containing "</script>" must not end the inline script early."""
    page = swagger_ui_html(openapi_url="/x</script>", title="t", assets_url="/a", oauth2_redirect_url="/r")
    assert page.count("</script>") == 2, "only the two real script elements may be closed"


def test_oauth2_redirect_page(client: TestClient) -> None:
    """/docs/oauth2-redirect is the page an OAuth2 login returns to; it loads the redirect script."""
    response = client.get("/docs/oauth2-redirect")
    assert response.status_code == 200
    assert '<script src="/docs/assets/oauth2-redirect.js">' in response.text, response.text


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("oauth2-redirect.js", "text/javascript"),
        ("favicon-32x32.png", "image/png"),
    ],
)
def test_assets_are_served_from_the_package(client: TestClient, name: str, media_type: str) -> None:
    """Each asset is the file shipped in miniopenapi/static, with the right content type."""
    response = client.get(f"/docs/assets/{name}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type), response.headers
    shipped = (resources.files("miniopenapi") / "static" / name).read_bytes()
    assert response.content == shipped


def test_assets_are_revalidated_with_an_etag(client: TestClient) -> None:
    """An ETag lets the browser ask "changed?" and get an empty 304 instead of 1.7 MB again."""
    first = client.get("/docs/assets/swagger-ui-bundle.js")
    etag = first.headers["etag"]
    again = client.get("/docs/assets/swagger-ui-bundle.js", headers={"if-none-match": etag})
    assert (again.status_code, again.content) == (304, b"")


@pytest.mark.parametrize("form", ["W/{tag}", '"other", {tag}', "*"], ids=["weak", "a list", "star"])
def test_if_none_match_is_compared_as_http_says(client: TestClient, form: str) -> None:
    """If-None-Match may hold a list of tags, a weak W/"..." tag (a compressing proxy makes
    ours weak) or "*": all of them match, and the answer is 304 (RFC 9110, section 13.1.2)."""
    etag = client.get("/docs/assets/swagger-ui.css").headers["etag"]
    again = client.get("/docs/assets/swagger-ui.css", headers={"if-none-match": form.format(tag=etag)})
    assert again.status_code == 304, f"If-None-Match: {form.format(tag=etag)} got {again.status_code}"


@pytest.mark.parametrize("name", ["nope.js", "..%2Fparams.py", "manifest.json.bak"])
def test_unknown_assets_are_404(client: TestClient, name: str) -> None:
    """Only the vendored files are served: anything else (including ../ tricks) is a 404."""
    assert client.get(f"/docs/assets/{name}").status_code == 404


def test_urls_are_configurable_and_pages_optional(openapi: OpenAPI) -> None:
    """docs_url=None drops Swagger UI; other URLs move the pages; no openapi_url, no pages."""
    client = TestClient(Router(docs_routes(openapi, openapi_url="/spec.json", docs_url=None, redoc_url="/r")))
    assert client.get("/spec.json").status_code == 200
    assert client.get("/docs").status_code == 404
    assert '"/spec.json"' in client.get("/r").text or "/spec.json" in client.get("/r").text
    assert docs_routes(openapi, openapi_url=None) == []


def test_the_example_serves_its_docs(example: Any) -> None:
    """examples/app.py serves /openapi.json (a valid-looking document) and /docs."""
    client = TestClient(example.app)
    document = json.loads(client.get("/openapi.json").content)
    assert document["info"]["title"] == "Users API"
    assert {"/users", "/users/{user_id}"} <= set(document["paths"])
    assert client.get("/docs").status_code == 200


def test_the_example_app_serves_users(example_app: Any) -> None:
    """The lesson's example (examples/app.py, which needs docs_routes, hence this milestone):
    POST /users creates (201), GET /users/{id} reads (404 if none), GET /users?limit= lists,
    and bad input gets a 422."""
    client = TestClient(example_app)
    created = client.post("/users", json={"name": "Ada", "email": "ada@example.com"})
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    assert client.get(f"/users/{user_id}").json()["name"] == "Ada"
    assert client.get("/users/999999").status_code == 404
    assert client.get("/users?limit=0").status_code == 422
    assert any(user["id"] == user_id for user in client.get("/users?limit=100").json())


def test_the_example_keeps_a_bounded_number_of_users(example: Any, fastapi_twin: Any) -> None:
    """The example keeps its users in memory, so it keeps at most MAX_USERS (10,000) of them:
    once full, POST /users answers 507 {"detail": "..."} and stores nothing, where a plain
    dict would grow with every request until the process runs out of memory. The answers
    equal its FastAPI twin's (compare.py's real_app) with the same capacity, 2 here."""
    assert example.MAX_USERS == 10_000
    example.USERS.capacity = 2
    client, twin = TestClient(example.app), TestClient(fastapi_twin.real_app(capacity=2))
    requests = [
        ("POST", "/users", {"json": {"name": name, "email": f"{name}@example.com"}}) for name in "abc"
    ]
    requests += [("GET", "/users", {}), ("GET", "/users/3", {})]
    got = [client.request(method, url, **options) for method, url, options in requests]
    expected = [twin.request(method, url, **options) for method, url, options in requests]
    assert [(r.status_code, r.json()) for r in got] == [(r.status_code, r.json()) for r in expected]
    assert [r.status_code for r in got] == [201, 201, 507, 200, 404], [r.text for r in got]
    assert "2 users" in got[2].json()["detail"], got[2].text
    assert len(example.USERS) == 2
