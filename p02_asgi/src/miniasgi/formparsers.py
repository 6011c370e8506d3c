"""Forms read from the body as it streams in: urlencoded text, and multipart parts with files.

A browser sends a form one of two ways. `application/x-www-form-urlencoded` is one line of
`name=value` pairs joined by `&` (spaces as `+`, anything else unusual as `%XX`): fine for
text, hopeless for a file. `multipart/form-data` sends each field as a *part*, with headers
of its own (`Content-Disposition: form-data; name="avatar"; filename="me.png"`,
`Content-Type: image/png`) and its raw bytes, the parts separated by a *boundary*: a line the
client chose so that it appears nowhere in the data (it is in the request's Content-Type:
`multipart/form-data; boundary=...`). The body ends with the boundary followed by `--`.

Both parsers here read the body chunk by chunk as `receive()` delivers it, so an upload is
never held whole in memory. python-multipart, the parser Starlette uses, finds the boundaries
and headers and calls back with slices of each part; a file part's bytes go into an
`UploadFile` over a SpooledTemporaryFile (memory first, disk past `spool_max_size`), a text
part's into a buffer. The limits (how many files, how many fields, how big one field may be)
are what stops a client from making the server do unbounded work: each one broken is a
`MultiPartException`, an `HTTPException(400)` saying which. Any file opened is closed again
if the body turns out bad or the client leaves halfway.
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterator
from tempfile import SpooledTemporaryFile
from urllib.parse import unquote_plus

from miniasgi.datastructures import FormData, Headers, UploadFile
from miniasgi.exceptions import HTTPException

try:
    from python_multipart import multipart
    from python_multipart.exceptions import FormParserError
except ModuleNotFoundError:  # a declared dependency: the parser below says so if it is missing
    multipart = None  # type: ignore[assignment]

__all__ = ["FormParser", "MultiPartException", "MultiPartParser"]

Items = list[tuple[str, str | UploadFile]]


class MultiPartException(HTTPException):
    """A form the parser refuses. It is the client's mistake, so it is a 400 wherever it
    surfaces, with the reason as its detail (also `message`, Starlette's name for it)."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)

    @property
    def message(self) -> str:
        return self.detail


def _too_big(max_part_size: int, what: str) -> MultiPartException:
    return MultiPartException(f"{what} exceeded maximum size of {max_part_size // 1024}KB.")


def _too_many(count: int | float, what: str) -> MultiPartException:
    return MultiPartException(f"Too many {what}. Maximum number of {what} is {count}.")


class FormParser:
    """An `application/x-www-form-urlencoded` body, read as it arrives.

    Every complete `name=value` (up to the last `&` seen) is decoded at once; only the field
    still arriving is buffered, and it may not grow past `max_part_size` (name and value
    together). Text is decoded as Starlette does: latin-1 for the raw bytes, the `%XX`
    escapes as UTF-8.
    """

    def __init__(
        self,
        headers: Headers,
        stream: AsyncIterator[bytes],
        *,
        max_fields: int | float = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> None:
        self.headers = headers
        self.stream = stream
        self.max_fields = max_fields
        self.max_part_size = max_part_size
        self.items: list[tuple[str, str]] = []

    async def parse(self) -> FormData:
        pending = bytearray()
        async for chunk in self.stream:
            pending += chunk
            cut = pending.rfind(b"&")
            if cut >= 0:
                for field in bytes(pending[:cut]).split(b"&"):
                    self._add(field)
                del pending[: cut + 1]
            if _field_size(pending) > self.max_part_size:
                raise _too_big(self.max_part_size, "Field")
        self._add(bytes(pending))
        return FormData(self.items)

    def _add(self, field: bytes) -> None:
        if not field:  # `a=1&&b=2`: nothing between the separators
            return
        if _field_size(field) > self.max_part_size:
            raise _too_big(self.max_part_size, "Field")
        name, _, value = field.partition(b"=")
        self.items.append((unquote_plus(name.decode("latin-1")), unquote_plus(value.decode("latin-1"))))
        if len(self.items) > self.max_fields:
            raise _too_many(self.max_fields, "fields")


def _field_size(field: bytes | bytearray) -> int:
    """The bytes of a field's name and value; the `=` between them does not count."""
    return len(field) - (b"=" in field)


class _Part:
    """The part being read: its headers, then its name and where its bytes go."""

    __slots__ = ("data", "file", "headers", "name")

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.name = ""
        self.file: UploadFile | None = None  # None: a text field, collected in `data`
        self.data = bytearray()


class MultiPartParser:
    """A `multipart/form-data` body, read as it arrives, into a FormData.

    python-multipart calls the `_on_*` methods back (plain functions, in the middle of
    `write`) with slices of the chunk it was given. They only collect: the bytes destined for
    files are written after `write` returns, by `await`able calls that move to a worker thread
    once a file is on disk, so the event loop never waits for the disk.
    """

    spool_max_size = 1024 * 1024
    """A file's bytes stay in memory up to this size, then move to a temporary file on disk."""

    def __init__(
        self,
        headers: Headers,
        stream: AsyncIterator[bytes],
        *,
        max_files: int | float = 1000,
        max_fields: int | float = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> None:
        if multipart is None:
            raise RuntimeError(
                "Reading a multipart/form-data body needs the python-multipart package, which is "
                "not installed: `pip install python-multipart`."
            )
        self.headers = headers
        self.stream = stream
        self.max_files = max_files
        self.max_fields = max_fields
        self.max_part_size = max_part_size
        self.items: Items = []
        self._codec = "utf-8"
        self._part = _Part()
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._files_seen = 0
        self._fields_seen = 0
        self._opened: list[UploadFile] = []  # every file, to close if the body turns out bad
        self._to_write: list[tuple[UploadFile, bytes]] = []  # collected during one `write`
        self._to_rewind: list[UploadFile] = []  # files complete during one `write`
        self._ended = False  # the closing boundary has been read

    async def parse(self) -> FormData:
        _, options = multipart.parse_options_header(self.headers.get("content-type"))
        if b"boundary" not in options:
            raise MultiPartException("Missing boundary in multipart.")
        self._codec = _codec(options.get(b"charset", b"utf-8").decode("latin-1"))
        try:
            parser = multipart.MultipartParser(options[b"boundary"], self._callbacks())
            async for chunk in self.stream:
                parser.write(chunk)
                await self._flush()
            parser.finalize()
            if not self._ended:
                raise MultiPartException("Invalid multipart data: the body ends before the closing boundary.")
        except BaseException as exc:  # a bad body, a limit, a client gone, a cancelled task
            for upload in self._opened:  # at once: a cancelled task cannot await a thread
                upload.file.close()
            if isinstance(exc, FormParserError):
                raise MultiPartException("Invalid multipart data.") from exc
            raise
        return FormData(self.items)

    async def _flush(self) -> None:
        for upload, data in self._to_write:
            await upload.write(data)
        self._to_write.clear()
        for upload in self._to_rewind:  # so the endpoint reads a file from its start
            await upload.seek(0)
        self._to_rewind.clear()

    def _callbacks(self) -> multipart.MultipartCallbacks:
        return {
            "on_part_begin": self._on_part_begin,
            "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value,
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
            "on_part_data": self._on_part_data,
            "on_part_end": self._on_part_end,
            "on_end": self._on_end,
        }

    def _on_part_begin(self) -> None:
        self._part = _Part()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._part.headers.append((bytes(self._header_name).lower(), bytes(self._header_value)))
        self._header_name.clear()
        self._header_value.clear()

    def _on_headers_finished(self) -> None:
        """The part's headers are complete: decide from Content-Disposition what it is."""
        part = self._part
        disposition = next((v for k, v in reversed(part.headers) if k == b"content-disposition"), None)
        _, options = multipart.parse_options_header(disposition)
        if b"name" not in options:
            raise MultiPartException('The Content-Disposition header field "name" must be provided.')
        part.name = _decode(options[b"name"], self._codec)
        if b"filename" not in options:
            self._fields_seen += 1
            if self._fields_seen > self.max_fields:
                raise _too_many(self.max_fields, "fields")
            return
        self._files_seen += 1
        if self._files_seen > self.max_files:
            raise _too_many(self.max_files, "files")
        part.file = UploadFile(
            SpooledTemporaryFile(max_size=self.spool_max_size),  # noqa: SIM115 (closed with the form)
            size=0,
            filename=_decode(options[b"filename"], self._codec),
            headers=Headers(raw=part.headers),
        )
        self._opened.append(part.file)

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.file is not None:
            self._to_write.append((part.file, data[start:end]))
            return
        if len(part.data) + (end - start) > self.max_part_size:
            raise _too_big(self.max_part_size, "Part")
        part.data += data[start:end]

    def _on_part_end(self) -> None:
        part = self._part
        if part.file is None:
            self.items.append((part.name, _decode(part.data, self._codec)))
        else:
            self.items.append((part.name, part.file))
            self._to_rewind.append(part.file)

    def _on_end(self) -> None:
        self._ended = True


def _codec(charset: str) -> str:
    """The codec a `charset=` names, looked up once per body; latin-1 for one Python lacks."""
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "latin-1"


def _decode(raw: bytes | bytearray, codec: str) -> str:
    """Text in the form's charset; bytes that are not (a client lying about it) as latin-1,
    which decodes anything, rather than an error."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return raw.decode("latin-1")
