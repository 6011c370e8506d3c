"""Milestone 6: responses sent piece by piece through send()."""

from __future__ import annotations

import threading

import anyio
import starlette.responses as sr
from miniasgi import FileResponse, MiniASGI, RedirectResponse, Request, StreamingResponse
from miniasgi.testclient import TestClient


async def numbers():
    for n in range(3):
        yield f"{n}\n"


def test_streaming_response_sends_each_chunk_with_more_body(drive, scope):
    """Each chunk is its own http.response.body with more_body=True; an empty final one ends it."""
    sent = drive(StreamingResponse(numbers(), media_type="text/plain"), scope())
    bodies = [(m["body"], m.get("more_body", False)) for m in sent if m["type"] == "http.response.body"]
    assert bodies == [(b"0\n", True), (b"1\n", True), (b"2\n", True), (b"", False)]
    assert "content-length" not in sent.headers, "a stream's size is unknown: no Content-Length"
    assert sent.headers["content-type"] == "text/plain; charset=utf-8"


def test_streaming_matches_starlette(drive, scope):
    """Same iterator, same status, headers and bytes as Starlette's StreamingResponse."""
    mine = drive(StreamingResponse(numbers(), status_code=201, headers={"x-a": "1"}), scope())
    theirs = drive(sr.StreamingResponse(numbers(), status_code=201, headers={"x-a": "1"}), scope())
    assert (mine.status, mine.headers, mine.body) == (theirs.status, theirs.headers, theirs.body)


def test_sync_iterator_is_advanced_in_a_worker_thread(drive, scope):
    """A blocking generator must not run on the event loop thread."""
    threads = []

    def blocking():
        for part in (b"a", b"b"):
            threads.append(threading.get_ident())
            yield part

    sent = drive(StreamingResponse(blocking()), scope())
    assert sent.body == b"ab"
    assert threads, "the generator was never consumed"
    # drive() runs the loop in this thread, so every next() must have happened elsewhere
    assert threading.get_ident() not in threads


def test_streaming_through_the_app_and_test_client():
    """A handler may return a StreamingResponse; the test client collects all chunks."""
    app = MiniASGI()

    @app.route("/count")
    async def count(request: Request) -> StreamingResponse:
        return StreamingResponse(numbers(), media_type="text/plain")

    response = TestClient(app).get("/count")
    assert response.text == "0\n1\n2\n"


def test_streaming_stops_quietly_when_the_client_is_gone(scope):
    """send() raising OSError means the client disconnected: stop streaming, no crash."""
    sent = []

    async def send(message):
        if message["type"] == "http.response.body":
            raise OSError("client went away")
        sent.append(message)

    async def receive():
        return {"type": "http.disconnect"}

    async def main():
        await StreamingResponse(numbers())(scope(), receive, send)

    anyio.run(main)
    assert [m["type"] for m in sent] == ["http.response.start"]


def test_streaming_stops_when_an_asgi_2_3_server_reports_a_disconnect(scope):
    """uvicorn's HTTP speaks ASGI 2.3: after the client leaves, send() returns silently, so an
    endless stream would run for nobody. Below spec 2.4, watch receive() for http.disconnect
    in a second task and stop the stream when it comes."""
    produced = []
    gone = anyio.Event()

    async def endless():
        n = 0
        while True:
            produced.append(n)
            yield f"{n}\n"
            n += 1
            if n == 3:
                gone.set()  # the client hangs up after three chunks
            await anyio.sleep(0)

    async def receive():
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        pass  # what uvicorn does once the client is gone

    async def main():
        old_server = scope() | {"asgi": {"version": "3.0", "spec_version": "2.3"}}
        with anyio.fail_after(5):
            await StreamingResponse(endless())(old_server, receive, send)

    anyio.run(main)
    assert len(produced) < 10, f"the stream kept going after the disconnect: {len(produced)} chunks"


def test_head_request_gets_headers_but_no_stream(drive, scope):
    """HEAD: same status and headers, but the iterator is not even consumed."""
    sent = drive(StreamingResponse(numbers()), scope(method="HEAD"))
    assert sent.status == 200
    assert sent.body == b""


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
    """Same file: same Content-Type, Content-Length, Content-Disposition as Starlette."""
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    for kwargs in ({}, {"filename": "report.txt"}, {"filename": "résumé.txt"}):
        mine = drive(FileResponse(path, **kwargs), scope())
        theirs = drive(sr.FileResponse(path, **kwargs), scope())
        for header in ("content-type", "content-length", "content-disposition"):
            assert mine.headers.get(header) == theirs.headers.get(header), (header, kwargs)
        assert mine.body == b"hello"


def test_file_response_head_and_missing_file(tmp_path, drive, scope):
    """HEAD gets the file's headers only; a missing file is a server error with the path in it."""
    path = tmp_path / "page.html"
    path.write_text("<p>hi</p>")
    sent = drive(FileResponse(path), scope(method="HEAD"))
    assert (sent.headers["content-length"], sent.body) == ("9", b"")
    app = MiniASGI()

    @app.route("/missing")
    async def missing(request: Request) -> FileResponse:
        return FileResponse(tmp_path / "nope.bin")

    response = TestClient(app, raise_server_exceptions=False).get("/missing")
    assert response.status_code == 500


def test_redirect_response_matches_starlette():
    """RedirectResponse: 307 by default, a quoted Location header, an empty body."""
    for url in ("/login", "/search?q=a b", "https://example.com/ü"):
        mine, theirs = RedirectResponse(url), sr.RedirectResponse(url)
        assert mine.status_code == theirs.status_code == 307
        assert sorted(mine.raw_headers) == sorted(theirs.raw_headers)


def test_redirects_are_followed_by_the_test_client():
    """The test client follows redirects like a browser (follow_redirects=True by default)."""
    app = MiniASGI()

    @app.route("/old")
    async def old(request: Request) -> RedirectResponse:
        return RedirectResponse("/new", status_code=303)

    @app.route("/new")
    async def new(request: Request) -> str:
        return "moved here"

    response = TestClient(app).get("/old")
    assert (response.status_code, response.text) == (200, "moved here")
