"""Milestone 6: HTTP range requests on a FileResponse (206, 416, multipart/byteranges, If-Range).

Starlette is the oracle: the same file and the same `Range` header must give the same status,
headers and bytes (the random multipart boundary aside).
"""

from __future__ import annotations

import re
from pathlib import Path

import anyio
import pytest
import starlette.responses as sr
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi import FileResponse

CONTENT = bytes(range(256)) * 2 + b"the end of the file"  # 531 bytes, each offset recognisable
SIZE = len(CONTENT)


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ranges") / "data.bin"
    path.write_bytes(CONTENT)
    return path


class Sent(list):
    """What a response sent, by part (tests/conftest.py's `drive` does the same for other tests;
    a property test cannot take that function-scoped fixture)."""

    @property
    def status(self) -> int:
        return self[0]["status"]

    @property
    def headers(self) -> dict[str, str]:
        return {k.decode("latin-1"): v.decode("latin-1") for k, v in self[0]["headers"]}

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self if m["type"] == "http.response.body")


def ask(path: Path, range_header: str, method: str = "GET", cls: type = FileResponse, **headers: str) -> Sent:
    """Send `path` with `cls` to a request carrying this Range header (and `headers`)."""
    request_headers = [(b"range", range_header.encode("latin-1"))]
    request_headers += [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "method": method,
        "path": "/",
        "headers": request_headers,
    }
    sent = Sent()

    async def receive() -> dict:
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    async def main() -> None:
        await cls(path)(scope, receive, send)

    anyio.run(main)
    return sent


def test_one_range_is_a_206_with_just_those_bytes(path):
    """`Range: bytes=0-99` (both ends included) answers 206 Partial Content with
    `Content-Range: bytes 0-99/531`, Content-Length 100 and exactly those bytes."""
    sent = ask(path, "bytes=0-99")
    assert sent.status == 206, f"expected 206, got {sent.status}"
    assert sent.headers["content-range"] == f"bytes 0-99/{SIZE}"
    assert sent.headers["content-length"] == "100"
    assert sent.body == CONTENT[:100]


def test_open_ended_and_suffix_ranges(path):
    """`bytes=500-` runs to the end of the file; `bytes=-10` is the last 10 bytes; an end past
    the file, or a suffix longer than it, is clipped to the file."""
    assert ask(path, "bytes=500-").body == CONTENT[500:]
    assert ask(path, "bytes=-10").body == CONTENT[-10:]
    assert ask(path, "bytes=-10").headers["content-range"] == f"bytes {SIZE - 10}-{SIZE - 1}/{SIZE}"
    assert ask(path, "bytes=0-99999").body == CONTENT
    assert ask(path, "bytes=-99999").headers["content-range"] == f"bytes 0-{SIZE - 1}/{SIZE}"


def test_a_range_past_the_end_is_416_and_an_unreadable_one_400(path):
    """A range starting at or past the end cannot be served: 416 with `Content-Range: bytes */531`
    (so the client learns the size). A header we cannot read is a 400 saying why."""
    sent = ask(path, f"bytes={SIZE}-")
    assert (sent.status, sent.headers["content-range"]) == (416, f"bytes */{SIZE}")
    for header, message in (
        ("bytes 0-10", b"Malformed range header."),
        ("items=0-10", b"Only support bytes range"),
        ("bytes=", b"Range header: range must be requested"),
        ("bytes=10-5", b"Range header: start must be less than end"),
    ):
        sent = ask(path, header)
        assert (sent.status, sent.body) == (400, message), f"{header!r}: got {sent.status} {sent.body!r}"


def test_several_ranges_are_one_multipart_byteranges_body(path):
    """`bytes=0-3, 10-12` answers one `multipart/byteranges; boundary=...` body: each part has
    its own Content-Type and Content-Range, parts are separated by `--boundary` lines and the
    body ends with `--boundary--`. Its Content-Length is known before a byte is read."""
    sent = ask(path, "bytes=0-3, 10-12")
    assert sent.status == 206
    assert "content-range" not in sent.headers, "several ranges: the ranges are in the parts"
    boundary = sent.headers["content-type"].removeprefix("multipart/byteranges; boundary=")
    assert re.fullmatch(r"[0-9a-f]{26}", boundary), f"got {sent.headers['content-type']!r}"
    part = "--{}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes {}/{}\r\n\r\n"
    expected = (
        part.format(boundary, "0-3", SIZE).encode()
        + CONTENT[0:4]
        + b"\r\n"
        + part.format(boundary, "10-12", SIZE).encode()
        + CONTENT[10:13]
        + f"\r\n--{boundary}--".encode()
    )
    assert sent.body == expected
    assert sent.headers["content-length"] == str(len(expected))


def test_overlapping_ranges_are_merged(path):
    """No byte is sent twice: `bytes=0-100, 50-200` is one range, 0-200; touching ranges merge too."""
    sent = ask(path, "bytes=0-100, 50-200")
    assert (sent.status, sent.headers["content-range"]) == (206, f"bytes 0-200/{SIZE}")
    assert ask(path, "bytes=20-35,35-50,0-9").body.count(b"Content-Range") == 2


def test_when_the_range_is_ignored(path):
    """The whole file (200) is sent when the request is not a GET or HEAD, when it asks for more
    than `max_ranges` (100) ranges, or when If-Range names another version of the file (or is a
    weak ETag, `W/"..."`, which can never vouch for bytes)."""
    assert ask(path, "bytes=0-9", method="POST").status == 200
    many = ",".join(f"{n}-{n}" for n in range(0, 202, 2))
    assert ask(path, f"bytes={many}").status == 200
    etag = ask(path, "bytes=0-9").headers["etag"]
    assert ask(path, "bytes=0-9", if_range=etag).status == 206
    assert ask(path, "bytes=0-9", if_range='"another"').status == 200
    assert ask(path, "bytes=0-9", if_range=f"W/{etag}").status == 200


def test_head_gets_the_range_headers_without_the_bytes(path):
    sent = ask(path, "bytes=0-99", method="HEAD")
    assert (sent.status, sent.headers["content-length"], sent.body) == (206, "100", b"")


def same_boundary(body: bytes, content_type: str) -> bytes:
    boundary = content_type.partition("boundary=")[2]
    return body.replace(boundary.encode(), b"BOUNDARY") if boundary else body


parts = st.one_of(
    st.tuples(st.integers(0, 600), st.integers(0, 600)).map(lambda p: f"{p[0]}-{p[1]}"),
    st.integers(0, 600).map(lambda n: f"{n}-"),
    st.integers(0, 600).map(lambda n: f"-{n}"),
    st.sampled_from(["", "-", " - ", "abc-def", "100", " 7 - 9 "]),
)


@given(units=st.sampled_from(["bytes", " Bytes ", "items"]), ranges=st.lists(parts, min_size=1, max_size=6))
@example(units="bytes", ranges=["0-99"])
@example(units="bytes", ranges=["100-200", "0-50"])
@example(units="bytes", ranges=["100", " - ", "abc-def", "0-50"])
@example(units="bytes", ranges=["-0"])
def test_ranges_match_starlette(path, units: str, ranges: list[str]):
    """Any Range header made of such parts: same status, Content-Range, Content-Length and bytes
    as Starlette's FileResponse."""
    header = f"{units}={', '.join(ranges)}"
    mine = ask(path, header)
    theirs = ask(path, header, cls=sr.FileResponse)
    assert mine.status == theirs.status, f"{header!r}: {mine.status}, Starlette {theirs.status}"
    for name in ("content-range", "content-length"):
        assert mine.headers.get(name) == theirs.headers.get(name), f"{header!r}: {name}"
    mine_body = same_boundary(mine.body, mine.headers.get("content-type", ""))
    their_body = same_boundary(theirs.body, theirs.headers.get("content-type", ""))
    assert mine_body == their_body, f"{header!r}: the bodies differ"


def test_where_we_read_the_header_more_strictly_than_starlette(path):
    """RFC 9110 allows only digits in a range. Starlette reads the numbers with `int()`, which
    also takes `+5`, `5_0` and `-5`; here such a part is skipped like any other unreadable one
    (so `bytes=--5` is a 400 where Starlette answers 416)."""
    assert ask(path, "bytes=+5-9, 0-1").headers["content-range"] == f"bytes 0-1/{SIZE}"
    assert ask(path, "bytes=--5").status == 400
    assert ask(path, "bytes=--5", cls=sr.FileResponse).status == 416
