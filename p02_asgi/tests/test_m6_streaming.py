"""Milestone 6: responses sent piece by piece through send()."""

from __future__ import annotations

import threading

import anyio
import pytest
import starlette.responses as sr
from miniasgi import ClientDisconnect, MiniASGI, RedirectResponse, Request, StreamingResponse
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


def test_the_test_client_reads_a_stream_as_it_is_sent():
    """`client.stream(...)` hands over the response once its headers are sent, and each chunk
    when the app sends it: the generator is not asked for the next chunk before the test has
    read the previous one (send() waits for the reader, as a socket makes it wait)."""
    app = MiniASGI()
    produced = []

    async def counting():
        for n in range(3):
            produced.append(n)
            yield f"{n}\n"

    @app.route("/count")
    async def count(request: Request) -> StreamingResponse:
        return StreamingResponse(counting())

    with TestClient(app).stream("GET", "/count") as response:
        chunks = response.iter_raw()
        assert next(chunks) == b"0\n"
        assert produced in ([0], [0, 1]), f"the stream ran ahead of the reader: {produced}"
        assert list(chunks) == [b"1\n", b"2\n"]


def test_send_failing_means_the_client_left_and_the_stack_ends_quietly(scope):
    """An ASGI 2.4 server raises OSError from send() once the client is gone. The stream stops
    and raises ClientDisconnect (what the request side raises for the same event), and the
    error stack ends the request quietly: nothing more is sent, nothing crashes."""
    sent = []

    async def send(message):
        if message["type"] == "http.response.body":
            raise OSError("client went away")
        sent.append(message)

    async def receive():
        return {"type": "http.disconnect"}

    async def main():
        with pytest.raises(ClientDisconnect):
            await StreamingResponse(numbers())(scope(), receive, send)
        app = MiniASGI()

        @app.route("/count")
        async def count(request: Request) -> StreamingResponse:
            return StreamingResponse(numbers())

        await app(scope("/count"), receive, send)  # no exception escapes the app

    anyio.run(main)
    assert [m["type"] for m in sent] == ["http.response.start"] * 2, f"sent {sent!r}"


def test_streaming_stops_when_an_asgi_2_3_server_reports_a_disconnect(scope):
    """uvicorn's HTTP speaks ASGI 2.3: after the client leaves, send() returns silently, so an
    endless stream would run for nobody. Below spec 2.4, watch receive() for http.disconnect
    in a second task and stop the stream when it comes, closing the generator."""
    produced = []
    gone = anyio.Event()

    closed = []

    async def endless():
        n = 0
        try:
            while True:
                produced.append(n)
                yield f"{n}\n"
                n += 1
                if n == 3:
                    gone.set()  # the client hangs up after three chunks
                await anyio.sleep(0)
        finally:
            closed.append(True)  # the generator's cleanup: it must run when the stream stops

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
    assert closed, "a stream that stops early must aclose() its iterator, so its finally: runs now"


def test_head_request_gets_headers_but_no_stream(drive, scope):
    """HEAD: same status and headers, but the iterator is not even consumed."""
    sent = drive(StreamingResponse(numbers()), scope(method="HEAD"))
    assert sent.status == 200
    assert sent.body == b""


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
