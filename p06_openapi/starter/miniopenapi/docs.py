"""The interactive docs: Swagger UI at `/docs`, ReDoc at `/redoc`, served with no network.

Both are single-page JavaScript apps that fetch `/openapi.json` and render it. Their bundles
ship inside this package (`static/`, vendored from npm by `scripts/vendor_assets.py`), so
the pages work on a plane, behind a firewall, and in a test that forbids outside requests.
Pages and assets are built once, when the routes are made; a request only looks them up.
"""

from __future__ import annotations

from miniasgi import Request, Response
from minirouter import Route

from miniopenapi.openapi import OpenAPI

# ReDoc's sidebar shows a logo fetched from the vendor's CDN, with no option to turn it off.
# This policy makes the browser itself refuse anything not served by us (the logo hides
# itself on error): the docs then provably work, and leak nothing, with no network.
REDOC_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def swagger_ui_html(*, openapi_url: str, title: str, assets_url: str, oauth2_redirect_url: str | None) -> str:
    raise NotImplementedError(
        "an HTML page loading {assets_url}/swagger-ui.css and swagger-ui-bundle.js, then calling "
        "SwaggerUIBundle({url: openapi_url, dom_id: '#swagger-ui', validatorUrl: null, ...}); "
        "escape the title, and JSON values placed in the script (no '</script>' breakout)"
    )


def redoc_html(*, openapi_url: str, title: str, assets_url: str) -> str:
    raise NotImplementedError(
        'an HTML page with <redoc spec-url="..."></redoc> and {assets_url}/redoc.standalone.js (escaped)'
    )


def oauth2_redirect_html(*, assets_url: str) -> str:
    """The page an OAuth2 provider sends the browser back to; it hands the token to Swagger UI."""
    raise NotImplementedError("an HTML page that only loads {assets_url}/oauth2-redirect.js")


class StaticAssets:
    """The vendored files, read once; answers with an ETag so browsers revalidate cheaply."""

    def __init__(self) -> None:
        raise NotImplementedError(
            "read static/manifest.json with importlib.resources and load each listed file's bytes, "
            "media type and an ETag (from its sha256) once"
        )

    async def endpoint(self, request: Request) -> Response:
        raise NotImplementedError(
            "answer the file named by path_params['name'] (404 if not in the manifest), with ETag "
            "and Cache-Control; 304 when If-None-Match matches"
        )


def docs_routes(
    openapi: OpenAPI,
    *,
    title: str | None = None,
    openapi_url: str | None = "/openapi.json",
    docs_url: str | None = "/docs",
    redoc_url: str | None = "/redoc",
    assets_url: str = "/docs/assets",
) -> list[Route]:
    """The routes serving the document, Swagger UI (with its OAuth2 redirect page), ReDoc
    and their assets. Set a URL to None to leave that page out; no document, no pages."""
    raise NotImplementedError(
        "return minirouter Routes: openapi_url (openapi.json() bytes), assets_url + '/{name}', "
        "docs_url and docs_url + '/oauth2-redirect', redoc_url (with the REDOC_CSP header); "
        "build each page once, here"
    )


__all__ = ["StaticAssets", "docs_routes", "oauth2_redirect_html", "redoc_html", "swagger_ui_html"]
