"""The lesson's outcome: a plain minirouter Router, served by uvicorn.

uvicorn --app-dir p03_routing/examples app:app
curl localhost:8000/users/42                    -> User 42
curl localhost:8000/files/images/2024/photo.jpg -> File: images/2024/photo.jpg
curl localhost:8000/api/v1/users                -> [v1 user list]
curl localhost:8000/users/me                    -> The current user (static beats {user_id})
"""

from miniasgi import PlainTextResponse, Request
from minirouter import Mount, Route, Router


async def user(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"User {request.path_params['user_id']}")


async def current_user(request: Request) -> PlainTextResponse:
    return PlainTextResponse("The current user")


async def file(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"File: {request.path_params['file_path']}")


def user_list(request: Request) -> PlainTextResponse:
    """A sync endpoint: the router runs it in a worker thread."""
    version = request.path_params["version"]
    return PlainTextResponse(f"[{version} user list]")


api = Router([Route("/users", user_list, name="users")])

app = Router(
    [
        Route("/users/{user_id:int}", user, name="user"),
        Route("/users/me", current_user, name="me"),
        Route("/files/{file_path:path}", file, name="file"),
        Mount("/api/{version}", app=api, name="api"),
    ]
)
