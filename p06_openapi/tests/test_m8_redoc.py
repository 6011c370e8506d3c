"""Milestone 8: ReDoc at /redoc, and the proof that every asset is the one npm published.

ReDoc's bundle would fetch its logo from a CDN; the /redoc page sends a
Content-Security-Policy so the browser itself refuses anything not served by us.
`static/manifest.json` (written by scripts/vendor_assets.py) records each file's package,
version and sha256, so a changed or truncated asset is caught here.
"""

import hashlib
import json
from importlib import resources
from urllib.parse import urlsplit

import pytest
from coursekit.browser import LOOPBACK
from miniasgi.testclient import TestClient
from miniopenapi import APIRoute, OpenAPI, docs_routes, redoc_html
from minirouter import Router

from .browser import Browser

STATIC = resources.files("miniopenapi") / "static"


def hello(name: str = "world") -> dict[str, str]:
    return {"hello": name}


@pytest.fixture
def client() -> TestClient:
    openapi = OpenAPI([APIRoute("/hello", hello)], title="Hello", version="1")
    return TestClient(Router(docs_routes(openapi)))


def test_redoc_page_points_at_the_document_and_local_bundle(client: TestClient) -> None:
    """/redoc is HTML with <redoc spec-url="/openapi.json"> and the bundle from /docs/assets."""
    response = client.get("/redoc")
    assert response.status_code == 200
    assert '<redoc spec-url="/openapi.json"></redoc>' in response.text, response.text
    assert '<script src="/docs/assets/redoc.standalone.js"></script>' in response.text, response.text
    assert "https://" not in response.text
    assert "http://" not in response.text


def test_redoc_page_forbids_outside_resources(client: TestClient) -> None:
    """The page's Content-Security-Policy allows only this origin ('self') for scripts,
    images and connections: the browser blocks anything else before it is sent."""
    policy = client.get("/redoc").headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'", policy
    assert directives["img-src"] == "'self' data:", policy
    assert directives["connect-src"] == "'self'", policy


def test_redoc_bundle_is_served(client: TestClient) -> None:
    """The ReDoc bundle is served as JavaScript, byte for byte the shipped file."""
    response = client.get("/docs/assets/redoc.standalone.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript"), response.headers
    assert response.content == (STATIC / "redoc.standalone.js").read_bytes()


def test_redoc_html_escapes_attributes() -> None:
    """The spec URL lands in an HTML attribute: quotes must be escaped."""
    page = redoc_html(openapi_url='/a"b', title="t", assets_url="/s")
    assert 'spec-url="/a&quot;b"' in page, page


def test_manifest_matches_every_shipped_file() -> None:
    """Each file listed in manifest.json exists and has the recorded sha256 (re-run
    scripts/vendor_assets.py rather than editing an asset by hand)."""
    manifest = json.loads((STATIC / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"], "the manifest lists no files"
    for name, entry in manifest["files"].items():
        digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} differs from what {entry['package']} published"


def test_the_pinned_major_versions_and_licenses_ship() -> None:
    """swagger-ui-dist 5.x and redoc 2.x, each with its license text next to it."""
    manifest = json.loads((STATIC / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["packages"]["swagger-ui-dist"].startswith("5."), manifest["packages"]
    assert manifest["packages"]["redoc"].startswith("2."), manifest["packages"]
    assert "Apache License" in (STATIC / "LICENSE.swagger-ui").read_text(encoding="utf-8")
    assert "MIT" in (STATIC / "LICENSE.redoc").read_text(encoding="utf-8")


@pytest.mark.timeout(60)
def test_redoc_renders_offline_in_a_browser(live_example: str, browser: Browser) -> None:
    """In headless Chromium, /redoc renders the operations; the only outside request the
    bundle attempts (its logo) is blocked by the browser, and nothing leaves the machine."""
    page = browser.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_example + "/redoc")
    page.wait_for_selector('h2:has-text("Create User")', timeout=20_000)
    assert page.locator('h2:has-text("List Users")').count() == 1
    assert browser.outside == [], f"requests tried to leave the machine: {browser.outside}"
    escaped = [url for url in requested if urlsplit(url).hostname not in LOOPBACK | {None}]
    assert set(escaped) <= set(browser.blocked), (
        f"not blocked by the policy: {set(escaped) - set(browser.blocked)}"
    )
