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
        "return the Swagger UI page: it loads the bundle and the stylesheet from assets_url and "
        "shows the document at openapi_url; no text you put in it (the title, a URL) can break "
        "out of its element"
    )


def redoc_html(*, openapi_url: str, title: str, assets_url: str) -> str:
    raise NotImplementedError(
        "return the ReDoc page: it shows the document at openapi_url with the bundle from assets_url"
    )


def oauth2_redirect_html(*, assets_url: str) -> str:
    """The page an OAuth2 provider sends the browser back to; it hands the token to Swagger UI."""
    raise NotImplementedError("return the page that only loads oauth2-redirect.js from assets_url")


class StaticAssets:
    """The vendored files, read once; answers with an ETag so browsers revalidate cheaply."""

    def __init__(self) -> None:
        raise NotImplementedError(
            "load every file the package's static/manifest.json lists, once: its bytes, its media "
            "type and its ETag"
        )

    async def endpoint(self, request: Request) -> Response:
        raise NotImplementedError(
            "answer the asset named in the path, with its ETag; an empty 304 when the browser "
            "already has it (If-None-Match); a 404 for any name the manifest does not list"
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
        "return the routes that serve the document at openapi_url, Swagger UI at docs_url (and "
        "its OAuth2 redirect page), ReDoc at redoc_url (milestone 8) and the assets under "
        "assets_url; every page built once, here"
    )


__all__ = ["StaticAssets", "docs_routes", "oauth2_redirect_html", "redoc_html", "swagger_ui_html"]
