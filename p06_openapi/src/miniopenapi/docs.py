"""The interactive docs: Swagger UI at `/docs`, ReDoc at `/redoc`, served with no network.

Both are single-page JavaScript apps that fetch `/openapi.json` and render it. Their bundles
ship inside this package (`static/`, vendored from npm by `scripts/vendor_assets.py`), so
the pages work on a plane, behind a firewall, and in a test that forbids outside requests.
Pages and assets are built once, when the routes are made; a request only looks them up.
"""

from __future__ import annotations

import html
import json
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import PurePosixPath
from typing import Any

from miniasgi import HTMLResponse, Request, Response
from minirouter import Route

from miniopenapi.openapi import OpenAPI

_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def _script_value(value: Any) -> str:
    """A JSON literal that is safe inside a <script> element (no `</script>` breakout)."""
    return json.dumps(value).replace("<", "\\u003c")


def swagger_ui_html(*, openapi_url: str, title: str, assets_url: str, oauth2_redirect_url: str | None) -> str:
    options = {
        "url": openapi_url,
        "dom_id": "#swagger-ui",
        "layout": "BaseLayout",
        "deepLinking": True,
        "showExtensions": True,
        "showCommonExtensions": True,
        "validatorUrl": None,  # the default would send the document to an online validator
    }
    redirect = (
        f"window.location.origin + {_script_value(oauth2_redirect_url)}" if oauth2_redirect_url else "null"
    )
    assets = html.escape(assets_url)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script>
const options = {_script_value(options)};
options.oauth2RedirectUrl = {redirect};
options.presets = [SwaggerUIBundle.presets.apis];
window.ui = SwaggerUIBundle(options);
</script>
</body>
</html>
"""


def redoc_html(*, openapi_url: str, title: str, assets_url: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" type="image/png" href="{html.escape(assets_url)}/favicon-32x32.png">
<style>body {{ margin: 0; padding: 0; }}</style>
</head>
<body>
<redoc spec-url="{html.escape(openapi_url)}"></redoc>
<script src="{html.escape(assets_url)}/redoc.standalone.js"></script>
</body>
</html>
"""


def oauth2_redirect_html(*, assets_url: str) -> str:
    """The page an OAuth2 provider sends the browser back to; it hands the token to Swagger UI."""
    return f"""<!doctype html>
<html lang="en-US">
<head><title>Swagger UI: OAuth2 Redirect</title></head>
<body>
<script src="{html.escape(assets_url)}/oauth2-redirect.js"></script>
</body>
</html>
"""


class StaticAssets:
    """The vendored files, read once; answers with an ETag so browsers revalidate cheaply."""

    def __init__(self) -> None:
        folder = resources.files("miniopenapi") / "static"
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        self.files: dict[str, tuple[bytes, str, str]] = {}
        for name, entry in manifest["files"].items():
            media_type = _MEDIA_TYPES.get(PurePosixPath(name).suffix, "text/plain")  # licenses: text
            self.files[name] = ((folder / name).read_bytes(), media_type, f'"{entry["sha256"][:32]}"')

    async def endpoint(self, request: Request) -> Response:
        found = self.files.get(request.path_params["name"])
        if found is None:
            return Response("Not Found", status_code=404, media_type="text/plain")
        content, media_type, etag = found
        headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
        if _none_match(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        return Response(content, media_type=media_type, headers=headers)


def _none_match(header: str | None, etag: str) -> bool:
    """If-None-Match (RFC 9110): a list of tags or "*", compared weakly, since a proxy that
    compresses the file turns our tag into W/"..."."""
    if header is None:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return etag in tags or "*" in tags


# ReDoc's sidebar shows a logo fetched from the vendor's CDN, with no option to turn it off.
# This policy makes the browser itself refuse anything not served by us (the logo hides
# itself on error): the docs then provably work, and leak nothing, with no network.
REDOC_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def _page(
    content: str, name: str, headers: dict[str, str] | None = None
) -> Callable[[Request], Awaitable[Response]]:
    """A route answering every GET with the same prebuilt page."""
    response_body = content.encode()

    async def page(request: Request) -> Response:
        return HTMLResponse(response_body, headers=headers)

    page.__name__ = name
    return page


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
    if openapi_url is None:
        return []
    title = title or openapi.title
    assets = StaticAssets()

    async def openapi_json(request: Request) -> Response:
        return Response(openapi.json(), media_type="application/json")

    routes = [Route(openapi_url, openapi_json, include_in_schema=False)]
    if docs_url is not None or redoc_url is not None:
        routes.append(
            Route(assets_url + "/{name}", assets.endpoint, name="docs_assets", include_in_schema=False)
        )
    if docs_url is not None:
        redirect_url = docs_url + "/oauth2-redirect"
        swagger = swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} - Swagger UI",
            assets_url=assets_url,
            oauth2_redirect_url=redirect_url,
        )
        routes.append(Route(docs_url, _page(swagger, "swagger_ui_html"), include_in_schema=False))
        redirect = oauth2_redirect_html(assets_url=assets_url)
        routes.append(Route(redirect_url, _page(redirect, "swagger_ui_redirect"), include_in_schema=False))
    if redoc_url is not None:
        redoc = redoc_html(openapi_url=openapi_url, title=f"{title} - ReDoc", assets_url=assets_url)
        page = _page(redoc, "redoc_html", {"Content-Security-Policy": REDOC_CSP})
        routes.append(Route(redoc_url, page, include_in_schema=False))
    return routes


__all__ = ["StaticAssets", "docs_routes", "oauth2_redirect_html", "redoc_html", "swagger_ui_html"]
