"""Milestone 6: FileResponse, a file sent in chunks, with the headers a cache needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
import starlette.responses as sr
from miniasgi import BackgroundTask, FileResponse, MiniASGI, Request
from miniasgi.testclient import TestClient


def test_file_response_sends_the_file_in_chunks(tmp_path, drive, scope):
    """FileResponse: Content-Length from stat, Content-Type guessed, body read chunk by chunk."""
    path = tmp_path / "data.json"
    content = b"x" * (64 * 1024 + 10)
    path.write_bytes(content)
    sent = drive(FileResponse(path), scope())
    assert sent.status == 200
    assert sent.headers["content-length"] == str(len(content))
    assert sent.headers["content-type"] == "application/json"
    assert "last-modified" in sent.headers
    assert sent.body == content
    assert len([m for m in sent if m["type"] == "http.response.body"]) == 2


def test_file_response_headers_match_starlette(tmp_path, drive, scope):
    """Same file: the same Content-Type, Content-Length, Content-Disposition, Last-Modified,
    ETag and Accept-Ranges as Starlette. An unknown extension is application/octet-stream
    ("just bytes"), not text/plain: a browser must not try to render an unknown file."""
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    odd = tmp_path / "blob.unknownext"
    odd.write_bytes(b"\x00\x01")
    for file, kwargs in (
        (path, {}),
        (path, {"filename": "report.txt"}),
        (path, {"filename": "résumé.txt"}),
        (path, {"filename": "page.html", "content_disposition_type": "inline"}),
        (odd, {}),
    ):
        mine = drive(FileResponse(file, **kwargs), scope())
        theirs = drive(sr.FileResponse(file, **kwargs), scope())
        for header in (
            "content-type",
            "content-length",
            "content-disposition",
            "last-modified",
            "etag",
            "accept-ranges",
        ):
            assert mine.headers.get(header) == theirs.headers.get(header), (header, kwargs)
        assert mine.body == file.read_bytes()
    assert drive(FileResponse(odd), scope()).headers["content-type"] == "application/octet-stream"


def test_file_response_head_sends_headers_only(tmp_path, drive, scope):
    """HEAD gets the file's headers and an empty body."""
    path = tmp_path / "page.html"
    path.write_text("<p>hi</p>")
    sent = drive(FileResponse(path), scope(method="HEAD"))
    assert (sent.headers["content-length"], sent.body) == ("9", b"")


def test_a_missing_file_or_a_directory_is_a_server_error_naming_the_path(tmp_path):
    """Nothing to send is the server's mistake: a RuntimeError saying the path `does not exist`,
    or `is not a file` for a directory (opening it would fail halfway, after the headers)."""
    app = MiniASGI()

    @app.route("/missing")
    async def missing(request: Request) -> FileResponse:
        return FileResponse(tmp_path / "nope.bin")

    @app.route("/folder")
    async def folder(request: Request) -> FileResponse:
        return FileResponse(tmp_path)

    with pytest.raises(RuntimeError, match="does not exist") as error:
        TestClient(app).get("/missing")
    assert str(tmp_path / "nope.bin") in str(error.value)
    with pytest.raises(RuntimeError, match="is not a file"):
        TestClient(app).get("/folder")
    assert TestClient(app, raise_server_exceptions=False).get("/folder").status_code == 500


@pytest.fixture
def opened_files(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every file a FileResponse opens (through `anyio.open_file`), to check it was closed."""
    files: list[Any] = []
    real_open = anyio.open_file

    async def tracking_open(*args: Any, **kwargs: Any) -> Any:
        file = await real_open(*args, **kwargs)
        files.append(file)
        return file

    monkeypatch.setattr(anyio, "open_file", tracking_open)
    return files


def test_the_file_is_closed_when_the_client_leaves_halfway(tmp_path: Path, opened_files, scope):
    """Under an ASGI 2.3 server (uvicorn's HTTP) a client that leaves is only seen as an
    `http.disconnect` from receive(): the transfer stops there, the file is closed at once
    (even though the task sending it was cancelled), and the background task still runs."""
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * (8 * FileResponse.chunk_size))
    gone = anyio.Event()
    ran = []

    async def receive():
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.body":
            gone.set()  # the client hangs up after the first chunk...
            await anyio.sleep_forever()  # ...and the server never takes another one

    async def cleanup():
        ran.append([file.closed for file in opened_files])

    async def main():
        old_server = scope() | {"asgi": {"version": "3.0", "spec_version": "2.3"}}
        with anyio.fail_after(5):
            await FileResponse(path, background=BackgroundTask(cleanup))(old_server, receive, send)

    anyio.run(main)
    assert ran == [[True]], f"the background task saw the files closed? {ran}"


def test_the_file_is_closed_when_the_transfer_is_cancelled(tmp_path: Path, opened_files, scope):
    """A server cancelling the app mid-transfer (shutdown, a timeout) must not leak the file
    handle: closing it is shielded from the cancellation."""
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * (8 * FileResponse.chunk_size))

    async def receive():
        await anyio.sleep_forever()

    async def main():
        with anyio.CancelScope() as cancel_scope:

            async def send(message):
                if message["type"] == "http.response.body":
                    cancel_scope.cancel()
                    await anyio.sleep_forever()

            await FileResponse(path)(scope(), receive, send)

    anyio.run(main)
    assert [file.closed for file in opened_files] == [True]
