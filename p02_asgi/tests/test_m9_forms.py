"""Milestone 9: multipart forms and file uploads: streamed, spooled, limited, closed."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
import threading
import warnings
from tempfile import SpooledTemporaryFile
from typing import Any

import anyio
import pytest
from miniasgi import ClientDisconnect, FormData, Headers, HTTPException, Request
from miniasgi.datastructures import UploadFile
from miniasgi.formparsers import MultiPartException, MultiPartParser
from miniasgi.testclient import TestClient

from .forms import MULTIPART, URLENCODED, describe, form_app, multipart, part, split

FILE_AND_FIELD = multipart(
    part("note", "café".encode()),
    part("doc", b"<file content>", "report.txt", "Content-Type: text/plain", "X-Scanned: yes"),
    part("note", b"second"),
)


def read_form(body: bytes | list[dict[str, Any]], headers=MULTIPART, **limits: Any) -> Any:
    """Parse `body` (bytes, or the http.request messages) with Request.form(); return what
    form_app would answer, or the HTTPException the form raised."""
    messages = body if isinstance(body, list) else split(body, 1 << 20)

    async def main() -> Any:
        async def receive() -> dict[str, Any]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        request = Request({"type": "http", "headers": headers}, receive, max_body_size=None)
        try:
            async with request.form(**limits) as form:
                return [[name, await describe(value)] for name, value in form.multi_items()]
        except HTTPException as exc:
            return exc

    return anyio.run(main)


def test_fields_and_files_become_form_data():
    """A multipart body gives a FormData: text parts as str, parts with a filename as
    UploadFile (filename, content_type, headers with lower-case names, size, bytes), in the
    order they came, several values per name kept."""
    response = TestClient(form_app()).post("/form", content=FILE_AND_FIELD, headers=dict_of(MULTIPART))
    assert response.status_code == 200, response.text
    assert response.json() == [
        ["note", "café"],
        [
            "doc",
            {
                "filename": "report.txt",
                "content_type": "text/plain",
                "size": 14,
                "content": "<file content>",
                "headers": [
                    ["content-disposition", 'form-data; name="doc"; filename="report.txt"'],
                    ["content-type", "text/plain"],
                    ["x-scanned", "yes"],
                ],
            },
        ],
        ["note", "second"],
    ]


def dict_of(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in headers}


def test_the_test_clients_files_arrive_as_upload_files():
    """`client.post(data=..., files=...)` (httpx writes the multipart body): the fields come
    first, then the files, whose bytes come back unchanged, all 256 byte values included."""
    files = {"f": ("a.txt", b"hello", "text/plain"), "g": ("b.bin", bytes(range(256)))}
    response = TestClient(form_app()).post("/form", data={"a": "1"}, files=files)
    items = response.json()
    assert items[0] == ["a", "1"]
    assert items[1][1]["content"] == "hello"
    assert items[1][1]["content_type"] == "text/plain"
    assert items[2][1]["content"] == bytes(range(256)).decode("latin-1")
    assert items[2][1]["size"] == 256


def test_a_part_without_content_type_has_none():
    """`UploadFile.content_type` is the part's own Content-Type header, or None."""
    [[_, file]] = read_form(multipart(part("f", b"x", "x.bin")))
    assert file["content_type"] is None
    assert file["size"] == 1


def test_the_body_is_parsed_as_it_arrives():
    """The parser is fed each chunk as receive() delivers it: one byte at a time gives the
    same form as the whole body at once (boundaries, headers and a UTF-8 character cut in
    the middle are put together)."""
    assert read_form(split(FILE_AND_FIELD, 1)) == read_form(FILE_AND_FIELD)


@pytest.mark.timeout(10)
def test_a_bad_body_is_refused_without_waiting_for_the_rest():
    """A parser that reads as the body arrives refuses a bad start at once, while the client
    is still sending: after the first chunk, not at the end of a body that may never come.
    Here receive() never delivers a second chunk; reading the whole body first would hang."""

    async def main() -> Any:
        first = True

        async def receive() -> dict[str, Any]:
            nonlocal first
            if first:
                first = False
                return {"type": "http.request", "body": b"this is not multipart", "more_body": True}
            await anyio.sleep_forever()
            raise AssertionError("unreachable")

        request = Request({"type": "http", "headers": MULTIPART}, receive)
        with anyio.fail_after(5):
            with pytest.raises(HTTPException) as caught:
                await request.form()
        return caught.value

    refused = anyio.run(main)
    assert (refused.status_code, refused.detail) == (400, "Invalid multipart data.")


@pytest.mark.parametrize(
    ("body", "limits", "message"),
    [
        (
            multipart(part("a", b"", "1.txt"), part("b", b"", "2.txt")),
            {"max_files": 1},
            "Too many files. Maximum number of files is 1.",
        ),
        (
            multipart(part("a", b"1"), part("b", b"2"), part("c", b"", "c.txt")),
            {"max_fields": 1},
            "Too many fields. Maximum number of fields is 1.",
        ),
        (
            multipart(part("big", b"x" * 1025)),
            {"max_part_size": 1024},
            "Part exceeded maximum size of 1KB.",
        ),
    ],
    ids=["files", "fields", "part size"],
)
def test_multipart_limits_are_a_400_saying_which(body, limits, message):
    """`form(max_files=, max_fields=, max_part_size=)`: one file or field too many, or a text
    part one byte too big, is a 400 whose text says which limit."""
    response = TestClient(form_app(**limits)).post("/form", content=body, headers=dict_of(MULTIPART))
    assert (response.status_code, response.text) == (400, message)


def test_max_part_size_limits_text_fields_not_files():
    """Files go to a temporary file, so their size is the body limit's business (max_body_size),
    not max_part_size's, which bounds what is held in memory as text."""
    [[_, file]] = read_form(multipart(part("f", b"x" * 2048, "f.bin")), max_part_size=1024)
    assert file["size"] == 2048


@pytest.mark.parametrize(
    ("body", "limits", "message"),
    [
        (b"a=1&b=2", {"max_fields": 1}, "Too many fields. Maximum number of fields is 1."),
        (b"a=" + b"x" * 1024, {"max_part_size": 1024}, "Field exceeded maximum size of 1KB."),
        (b"x" * 1025 + b"=", {"max_part_size": 1024}, "Field exceeded maximum size of 1KB."),
    ],
    ids=["fields", "value size", "name size"],
)
def test_urlencoded_limits_are_a_400_too(body, limits, message):
    """The same limits apply to urlencoded forms: fields, and the bytes of one field's name
    and value together (the `=` not counted: `a=` + 1024 bytes is 1025)."""
    response = TestClient(form_app(**limits)).post("/form", content=body, headers=dict_of(URLENCODED))
    assert (response.status_code, response.text) == (400, message)


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("multipart/form-data", FILE_AND_FIELD, "Missing boundary in multipart."),
        ("multipart/form-data; boundary=b0undary", b"no boundary here", "Invalid multipart data."),
        (
            "multipart/form-data; boundary=b0undary",
            multipart(b'--b0undary\r\nContent-Disposition: form-data; ="x"\r\n\r\nv\r\n'),
            'The Content-Disposition header field "name" must be provided.',
        ),
        (
            "multipart/form-data; boundary=b0undary",
            FILE_AND_FIELD[:-20],
            "Invalid multipart data: the body ends before the closing boundary.",
        ),
        (
            "multipart/form-data; boundary=b0undary",
            b"",
            "Invalid multipart data: the body ends before the closing boundary.",
        ),
        (
            "multipart/form-data; boundary=" + "x" * 300,
            b"--" + b"x" * 300 + b"--\r\n",
            "Invalid multipart data.",
        ),
    ],
    ids=["no boundary", "not multipart", "no name", "truncated", "empty", "boundary too long"],
)
def test_a_malformed_body_is_a_400_never_a_500(content_type, body, message):
    """A body the parser cannot read is the client's mistake: a 400 that says what is wrong.
    A body cut short (no closing `--boundary--`) is refused too: its last part may be cut."""
    response = TestClient(form_app()).post("/form", content=body, headers={"content-type": content_type})
    assert (response.status_code, response.text) == (400, message)


def test_the_parsers_exception_is_an_http_exception_400():
    """MultiPartException (Starlette's name) is an HTTPException(400): it is answered as a 400
    by any application, and `message` is its detail."""
    exc = MultiPartException("Missing boundary in multipart.")
    assert isinstance(exc, HTTPException)
    assert (exc.status_code, exc.detail, exc.message) == (400, exc.detail, "Missing boundary in multipart.")


def test_a_big_upload_is_spooled_to_disk():
    """A file's bytes stay in memory up to MultiPartParser.spool_max_size (1 MiB), then move
    to a temporary file on disk; the endpoint reads them back whole either way."""
    small, big = b"s" * 10, os.urandom(MultiPartParser.spool_max_size + 1)
    body = multipart(part("small", small, "s.bin"), part("big", big, "b.bin"))

    async def main() -> None:
        messages = split(body, 64 * 1024)

        async def receive() -> dict[str, Any]:
            return messages.pop(0)

        request = Request({"type": "http", "headers": MULTIPART}, receive, max_body_size=None)
        async with request.form() as form:
            # SpooledTemporaryFile's own flag: has it moved to disk?
            assert not form["small"].file._rolled, "a 10-byte file should stay in memory"
            assert form["big"].file._rolled, "a file over spool_max_size should be on disk"
            assert await form["big"].read() == big
            assert await form["small"].read() == small

    anyio.run(main)


class ThreadRecordingFile(SpooledTemporaryFile):
    """Remembers which thread each write ran on."""

    def __init__(self, max_size: int) -> None:
        super().__init__(max_size=max_size)
        self.threads: list[int] = []

    def write(self, data: Any) -> int:
        self.threads.append(threading.get_ident())
        return super().write(data)


def test_upload_file_touches_the_disk_only_in_a_worker_thread():
    """While a spooled file is in memory, UploadFile.write writes directly; the write that
    makes it roll over to disk, and every write after, run in a worker thread, so a slow disk
    never stalls the event loop."""

    async def main() -> tuple[int, list[int]]:
        file = ThreadRecordingFile(max_size=4)
        upload = UploadFile(file, size=0)
        await upload.write(b"abc")  # 3 bytes: still in memory
        await upload.write(b"de")  # 5 bytes: rolls over
        await upload.write(b"f")  # on disk
        await upload.seek(0)
        assert await upload.read() == b"abcdef"
        assert upload.size == 6
        await upload.close()
        return threading.get_ident(), file.threads

    loop_thread, threads = anyio.run(main)
    assert threads[0] == loop_thread, "the in-memory write should not need a thread"
    assert loop_thread not in threads[1:], f"disk writes ran on the event loop's thread: {threads}"


def test_upload_file_reads_writes_and_counts():
    """UploadFile(file, size=, filename=, headers=): async read/write/seek/close over `file`;
    `size` grows with each write when it is counted (an int), stays None when it is not."""

    async def main() -> None:
        counted = UploadFile(io.BytesIO(b"data"), size=4, filename="f")
        assert await counted.read() == b"data"
        await counted.write(b" and more")
        assert counted.size == 13
        await counted.seek(0)
        assert await counted.read(4) == b"data"
        uncounted = UploadFile(io.BytesIO(), filename="g")
        await uncounted.write(b"xyz")
        assert uncounted.size is None
        await uncounted.close()
        assert uncounted.file.closed

    anyio.run(main)


def test_upload_file_repr_and_content_type():
    """Starlette's repr; content_type comes from the headers given (None without one)."""
    upload = UploadFile(
        io.BytesIO(), filename="a.png", size=4, headers=Headers({"content-type": "image/png"})
    )
    assert upload.content_type == "image/png"
    assert (
        repr(upload) == "UploadFile(filename='a.png', size=4, headers=Headers({'content-type': 'image/png'}))"
    )
    assert UploadFile(io.BytesIO()).content_type is None


def test_the_form_is_closed_after_async_with_and_by_request_close():
    """`async with request.form() as form:` closes every file when the block ends;
    `await form.close()` and `await request.close()` do the same for a form read with await."""

    async def read(way: str) -> None:
        messages = split(FILE_AND_FIELD, 1 << 20)

        async def receive() -> dict[str, Any]:
            return messages.pop(0)

        request = Request({"type": "http", "headers": MULTIPART}, receive)
        if way == "async with":
            async with request.form() as form:
                assert not form["doc"].file.closed
        else:
            form = await request.form()
            assert not form["doc"].file.closed
            await (form.close() if way == "form.close" else request.close())
        assert form["doc"].file.closed, f"{way} did not close the file"

    for way in ("async with", "form.close", "request.close"):
        anyio.run(read, way)


def test_a_handler_route_closes_the_form_after_the_response():
    """A handler that read a form with `await request.form()` and never closed it: the route
    closes the form's files once the response is sent, as Starlette's routes do."""
    from miniasgi import MiniASGI, Route

    forms: list[FormData] = []

    async def upload(request: Request) -> str:
        form = await request.form()
        forms.append(form)
        assert not form["doc"].file.closed
        return "ok"

    client = TestClient(MiniASGI(routes=[Route("/upload", upload, methods=["POST"])]))
    response = client.post(
        "/upload", content=FILE_AND_FIELD, headers={k.decode(): v.decode() for k, v in MULTIPART}
    )
    assert response.text == "ok"
    assert forms[0]["doc"].file.closed


def test_the_form_is_read_once_per_connection():
    """The body can be read only once, so the form is kept: a second form() call, or another
    Request over the same scope and receive (an exception handler's), gets the same FormData."""

    async def main() -> None:
        messages = split(FILE_AND_FIELD, 7)

        async def receive() -> dict[str, Any]:
            return messages.pop(0)

        scope = {"type": "http", "headers": MULTIPART}
        first = await Request(scope, receive).form()
        assert await Request(scope, receive).form() is first
        assert isinstance(first, FormData)
        assert first.getlist("note") == ["café", "second"]
        await first.close()

    anyio.run(main)


def unclosed_files(run) -> list[str]:
    """The ResourceWarnings of files the garbage collector had to close, while and after `run`."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        run()
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


@pytest.mark.parametrize("size", [100, MultiPartParser.spool_max_size + 100], ids=["in memory", "on disk"])
def test_a_client_leaving_mid_upload_leaves_no_open_file(size):
    """The client disconnects halfway through a file: the handler gets ClientDisconnect, and
    the temporary file already opened for the upload is closed (not left for the garbage
    collector, which warns about it; for a file on disk, an open file descriptor)."""
    head = part("first", b"x" * 10, "a.bin") + part("second", b"y" * size, "b.bin")[:-100]

    def run() -> None:
        async def main() -> None:
            messages = split(head, 64 * 1024)
            messages[-1]["more_body"] = True  # more is coming... but the client leaves instead
            messages.append({"type": "http.disconnect"})

            async def receive() -> dict[str, Any]:
                return messages.pop(0)

            request = Request({"type": "http", "headers": MULTIPART}, receive, max_body_size=None)
            with pytest.raises(ClientDisconnect):
                await request.form()

        anyio.run(main)

    assert unclosed_files(run) == []


def test_a_body_over_max_body_size_mid_upload_closes_its_files_too():
    """max_body_size still bounds the whole body: a body sent without a Content-Length (so
    refused only while streaming) gets its 413 while a file is being written, and the files
    opened so far are closed."""
    body = multipart(part("a", b"1", "a.bin"), part("b", b"x" * 5000, "b.bin"))

    def run() -> None:
        async def main() -> None:
            messages = split(body, 1000)

            async def receive() -> dict[str, Any]:
                return messages.pop(0)

            request = Request({"type": "http", "headers": MULTIPART}, receive, max_body_size=2000)
            with pytest.raises(HTTPException) as caught:
                await request.form()
            assert caught.value.status_code == 413

        anyio.run(main)

    assert unclosed_files(run) == []


def test_without_python_multipart_a_multipart_body_is_a_clear_error():
    """python-multipart is a dependency; if it is missing anyway, reading a multipart body says
    which package to install (a 500: the server is misconfigured, not the client wrong). A
    urlencoded form does not need it."""
    program = f"""
import sys
sys.modules["python_multipart"] = None  # as if it were not installed
import anyio
from miniasgi import Request

async def read(content_type, body):
    async def receive():
        return {{"type": "http.request", "body": body, "more_body": False}}
    return await Request({{"type": "http", "headers": [(b"content-type", content_type)]}}, receive).form()

print(dict(anyio.run(read, b"application/x-www-form-urlencoded", b"a=1")))
try:
    anyio.run(read, {MULTIPART[0][1]!r}, {FILE_AND_FIELD!r})
except RuntimeError as exc:
    print(exc)
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "{'a': '1'}", done.stdout
    assert "pip install python-multipart" in done.stdout, done.stdout
