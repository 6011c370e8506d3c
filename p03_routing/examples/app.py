"""The lesson's outcome: a plain minirouter Router, served by uvicorn.

uvicorn --app-dir p03_routing/examples app:app        (or: nox -s serve -- p03)
curl localhost:8000/users/42                    -> User 42
curl localhost:8000/files/images/2024/photo.jpg -> File: images/2024/photo.jpg
curl localhost:8000/api/v1/users                -> [v1 user list]
curl localhost:8000/items/hat                   -> Item hat
curl localhost:8000/items/featured              -> Featured items (Starlette: "Item featured")
"""

from miniasgi import PlainTextResponse, Request
from minirouter import Mount, Route, Router


async def user(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"User {request.path_params['user_id']}")


async def file(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"File: {request.path_params['file_path']}")


def user_list(request: Request) -> PlainTextResponse:
    """A sync endpoint: the router runs it in a worker thread."""
    version = request.path_params["version"]
    return PlainTextResponse(f"[{version} user list]")


async def item(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"Item {request.path_params['slug']}")


async def featured(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Featured items")


api = Router([Route("/users", user_list, name="users")])

app = Router(
    [
        Route("/users/{user_id:int}", user, name="user"),
        Route("/files/{file_path:path}", file, name="file"),
        Mount("/api/{version}", app=api, name="api"),
        Route("/items/{slug}", item, name="item"),
        # Registered AFTER /items/{slug}, which also matches "featured": the most specific
        # route wins here, so this one is reachable (with Starlette it would not be).
        Route("/items/featured", featured, name="featured"),
    ]
)
