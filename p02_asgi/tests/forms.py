"""Helpers for milestone 9: multipart bodies written by hand, and an app that shows its form."""

from __future__ import annotations

from typing import Any

from miniasgi import MiniASGI, Request
from miniasgi.datastructures import UploadFile

BOUNDARY = b"b0undary"
MULTIPART = [(b"content-type", b"multipart/form-data; boundary=" + BOUNDARY)]
URLENCODED = [(b"content-type", b"application/x-www-form-urlencoded")]


def part(name: str, value: bytes, filename: str | None = None, *headers: str) -> bytes:
    """One part: `--boundary`, its Content-Disposition (and any other header lines), a blank
    line, its bytes and the CRLF that ends them."""
    disposition = f'Content-Disposition: form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    lines = [disposition, *headers]
    return b"--" + BOUNDARY + b"\r\n" + "\r\n".join(lines).encode() + b"\r\n\r\n" + value + b"\r\n"


def multipart(*parts: bytes) -> bytes:
    """The parts, then the closing delimiter `--boundary--`."""
    return b"".join(parts) + b"--" + BOUNDARY + b"--\r\n"


def split(body: bytes, size: int) -> list[dict[str, Any]]:
    """The body as http.request messages of `size` bytes each, as a server would deliver it."""
    pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    return [
        {"type": "http.request", "body": piece, "more_body": i < len(pieces) - 1}
        for i, piece in enumerate(pieces)
    ]


async def describe(value: str | UploadFile) -> Any:
    """A form value as JSON: the text, or what an UploadFile knows (its bytes as latin-1)."""
    if not isinstance(value, UploadFile):
        return value
    content = await value.read()
    return {
        "filename": value.filename,
        "content_type": value.content_type,
        "size": value.size,
        "content": content.decode("latin-1"),
        "headers": list(value.headers.items()),
    }


def form_app(max_body_size: int | None = 1_048_576, **limits: Any) -> MiniASGI:
    """POST /form answers the form's items, in order, as [[name, described value], ...]."""
    app = MiniASGI(max_body_size=max_body_size)

    @app.route("/form", methods=["POST"])
    async def show(request: Request) -> list[Any]:
        async with request.form(**limits) as form:
            return [[name, await describe(value)] for name, value in form.multi_items()]

    return app
