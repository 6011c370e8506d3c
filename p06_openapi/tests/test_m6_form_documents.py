"""Milestone 6: form and file bodies in the document, as FastAPI writes them.

A form's fields are one object (`Body_<operationId>`) under the form's media type; a form
*model* lends its fields to that object through `allOf`; a file makes the form
`multipart/form-data`; `bytes` are `"contentMediaType": "application/octet-stream"`.
"""

from types import SimpleNamespace
from typing import Annotated, Any

import minidi

from .openapi_corpus import RouteSpec, fastapi_document, mini_document, show_difference


def forms(ns: SimpleNamespace) -> SimpleNamespace:
    """The framework's `Form` and `File`."""
    if ns.Depends is minidi.Depends:
        from miniopenapi.params import File, Form

        return SimpleNamespace(Form=Form, File=File)
    import fastapi

    return SimpleNamespace(Form=fastapi.Form, File=fastapi.File)


def app_forms(ns: SimpleNamespace) -> list[RouteSpec]:
    """A login form, a profile form with two form models and a field, a profile with an
    avatar (a file, read as bytes), and a lone file."""
    form = forms(ns)

    class Profile(ns.BaseModel):
        name: str

    class Preferences(ns.BaseModel):
        nickname: str | None = None

    def login(username: Annotated[str, form.Form()], remember: Annotated[bool, form.Form()] = False) -> str:
        return username

    def create_profile(
        profile: Annotated[Profile, form.Form()],
        preferences: Annotated[Preferences, form.Form()],
        token: Annotated[str, form.Form()],
    ) -> dict[str, Any]:
        return {}

    def with_avatar(profile: Annotated[Profile, form.Form()], avatar: Annotated[bytes, form.File()]) -> int:
        return len(avatar)

    def upload(content: Annotated[bytes, form.File()]) -> int:
        return len(content)

    return [
        ("/login", login, {"methods": ["POST"]}),
        ("/profiles", create_profile, {"methods": ["POST"]}),
        ("/avatars", with_avatar, {"methods": ["POST"]}),
        ("/files", upload, {"methods": ["POST"]}),
    ]


def test_form_and_file_bodies_equal_fastapis() -> None:
    """The whole document equals FastAPI's. If this fails, look at `_combined_body` (form
    models go to `allOf`, plain fields to `properties`), `_media_type` (a file means
    multipart) and the bytes rewrite in `schemas.py` (the message names the first JSON path
    that differs)."""
    expected, got = fastapi_document(app_forms), mini_document(app_forms)
    assert got == expected, show_difference(expected, got)
    components = got["components"]["schemas"]
    profiles = components["Body_create_profile_profiles_post"]
    assert profiles["allOf"] == [
        {"$ref": "#/components/schemas/Profile"},
        {"$ref": "#/components/schemas/Preferences"},
    ]
    assert profiles["properties"] == {"token": {"type": "string", "title": "Token"}}
    avatars = got["paths"]["/avatars"]["post"]["requestBody"]["content"]
    assert list(avatars) == ["multipart/form-data"]
    file = components["Body_upload_files_post"]["properties"]["content"]
    assert file["contentMediaType"] == "application/octet-stream"
    assert "format" not in file
