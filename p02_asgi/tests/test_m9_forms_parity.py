"""Milestone 9 parity: Starlette is the oracle. The same form body, the same FormData."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest
import starlette.datastructures as sd
import starlette.requests as sreq
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi import Request
from miniasgi.datastructures import UploadFile
from miniasgi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from .forms import MULTIPART, URLENCODED, form_app, multipart, part, split

names = st.text(max_size=8)
texts = st.text(max_size=12)
uploads = st.tuples(
    names,  # the field's name
    st.text(min_size=1, max_size=8),  # the filename
    st.binary(max_size=64),  # the bytes
    st.sampled_from([None, "text/plain", "image/png"]),  # the part's Content-Type (None: httpx guesses)
)


async def items_of(
    request_cls: type, body: bytes, headers: list[tuple[bytes, bytes]], size: int
) -> list[Any]:
    """What `request_cls(...).form()` gives for `body` delivered in chunks of `size` bytes:
    each item's text, or (filename, content_type, size, bytes, headers) for a file."""
    messages = split(body, size)

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    request = request_cls({"type": "http", "headers": headers}, receive)
    async with request.form() as form:
        found: list[Any] = []
        for name, value in form.multi_items():
            if isinstance(value, UploadFile | sd.UploadFile):
                content = await value.read()
                value = (value.filename, value.content_type, value.size, content, list(value.headers.items()))
            found.append((name, value))
        return found


def mine_and_starlettes(
    body: bytes, headers: list[tuple[bytes, bytes]], size: int
) -> tuple[list[Any], list[Any]]:
    async def main() -> tuple[list[Any], list[Any]]:
        return await items_of(Request, body, headers, size), await items_of(sreq.Request, body, headers, size)

    return anyio.run(main)


@given(
    fields=st.lists(st.tuples(names, texts), max_size=4),
    files=st.lists(uploads, min_size=1, max_size=3),
    size=st.integers(1, 300),
)
@example(
    fields=[("name", "Ada"), ("tag", "a"), ("tag", "b")],
    files=[("doc", "a.txt", b"hi", "text/plain")],
    size=7,
)
@example(fields=[("café", "crème\r\n--x")], files=[("f", 'ﬁle "q".bin', bytes(range(64)), None)], size=1)
def test_multipart_forms_match_starlette(fields, files, size):
    """httpx writes a multipart body of these fields and files; delivered in chunks of `size`
    bytes, it gives the same items in the same order as Starlette's Request.form(): the same
    text, and for each file the same filename, content type, size, bytes and headers."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    files_ = [(name, (filename, content, kind)) for name, filename, content, kind in files]
    request = httpx.Request("POST", "http://testserver/", data=data, files=files_)
    body = request.read()
    headers = [(b"content-type", request.headers["content-type"].encode("latin-1"))]
    mine, theirs = mine_and_starlettes(body, headers, size)
    assert mine == theirs, f"body {body!r} in chunks of {size}:\n got       {mine!r}\n Starlette {theirs!r}"


@given(body=st.text(alphabet="ab=&+%C3A9é ;\r\n", max_size=40), size=st.integers(1, 10))
@example(body="a=1&&b=&=c&d&e=f=g", size=3)
@example(body="caf%C3%A9=cr%C3%A8me+br%FBl%E9e", size=1)
def test_urlencoded_bodies_match_starlette(body, size):
    """Any urlencoded body, well formed or not, in any chunking, gives Starlette's fields:
    empty pairs skipped, `+` a space, %XX escapes as UTF-8 (replaced when they are not),
    a pair without `=` an empty value."""
    raw = body.encode("utf-8")
    mine, theirs = mine_and_starlettes(raw, URLENCODED, size)
    assert mine == theirs, f"body {raw!r}:\n got       {mine!r}\n Starlette {theirs!r}"


def starlette_form_app(**limits: Any) -> Starlette:
    async def show(request: sreq.Request) -> PlainTextResponse:
        async with request.form(**limits) as form:
            return PlainTextResponse(repr(sorted(form)))

    return Starlette(routes=[Route("/form", show, methods=["POST"])])


BAD_BODIES = {
    "too many files": (MULTIPART, multipart(part("a", b"", "1"), part("b", b"", "2")), {"max_files": 1}),
    "too many fields": (MULTIPART, multipart(part("a", b"1"), part("b", b"2")), {"max_fields": 1}),
    "fields and files counted apart": (
        MULTIPART,
        multipart(part("a", b"1"), part("f", b"", "f"), part("g", b"", "g")),
        {"max_fields": 1, "max_files": 1},
    ),
    "part too big": (MULTIPART, multipart(part("a", b"x" * 2049)), {"max_part_size": 2048}),
    "a file is not a part": (MULTIPART, multipart(part("a", b"x" * 2049, "a")), {"max_part_size": 2048}),
    "no boundary": ([(b"content-type", b"multipart/form-data")], multipart(part("a", b"1")), {}),
    "not multipart": (MULTIPART, b"hello", {}),
    "no name": (MULTIPART, multipart(b"--b0undary\r\nContent-Disposition: form-data\r\n\r\nv\r\n"), {}),
    "no disposition": (MULTIPART, multipart(b"--b0undary\r\nX-Other: 1\r\n\r\nv\r\n"), {}),
    "too many headers": (MULTIPART, multipart(part("a", b"1", None, *[f"X-{i}: {i}" for i in range(9)])), {}),
    "urlencoded fields": (URLENCODED, b"a=1&b=2&c=3", {"max_fields": 2}),
    "urlencoded field size": (URLENCODED, b"a=" + b"x" * 1024 + b"&b=1", {"max_part_size": 1024}),
}


@pytest.mark.parametrize("case", BAD_BODIES)
def test_limits_and_bad_bodies_answer_as_starlette(case):
    """Each limit broken, each malformed body: the status and text Starlette answers (a 400
    saying why), or a 200 when nothing is wrong. (One client drives both apps: it speaks ASGI.)"""
    headers, body, limits = BAD_BODIES[case]
    plain = {k.decode(): v.decode() for k, v in headers}
    mine = TestClient(form_app(**limits)).post("/form", content=body, headers=plain)
    theirs = TestClient(starlette_form_app(**limits)).post("/form", content=body, headers=plain)
    assert mine.status_code == theirs.status_code, (
        f"{case}: got {mine.status_code} {mine.text!r}, Starlette {theirs.text!r}"
    )
    if theirs.status_code == 400:
        assert mine.text == theirs.text, f"{case}: got {mine.text!r}, Starlette {theirs.text!r}"


def test_starlettes_upload_file_and_ours_agree():
    """The UploadFile API is Starlette's: the same constructor, properties, size counting and
    repr, and FormData holds both text and files."""

    async def main(cls: type, headers_cls: type) -> tuple[Any, ...]:
        import io

        upload = cls(
            io.BytesIO(b"data"), size=4, filename="f.txt", headers=headers_cls({"content-type": "text/plain"})
        )
        first = await upload.read(2)
        await upload.write(b"++")
        await upload.seek(0)
        whole = await upload.read()
        await upload.close()
        return first, whole, upload.size, upload.content_type, repr(upload), upload.file.closed

    from miniasgi import Headers

    assert anyio.run(main, UploadFile, Headers) == anyio.run(main, sd.UploadFile, sd.Headers)
