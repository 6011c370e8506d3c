"""HTTP range requests (RFC 9110, section 14): "send me bytes 0-99 of that file".

A client resuming a download, or a video player seeking, sends `Range: bytes=0-99` and gets
`206 Partial Content` with `Content-Range: bytes 0-99/526` and just those bytes. Several
ranges (`bytes=0-50, 100-200`) come back as one `multipart/byteranges` body: each part has
its own small header block, and a boundary string separates the parts. A range that starts
past the end of the file is `416 Range Not Satisfiable`; a header we cannot read is a 400.

Everything here is pure: it turns a header and a file size into byte spans `[start, end)`
and frames the multipart body. `FileResponse` does the reading and sending.
"""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int]  # [start, end): end is exclusive, unlike the header's inclusive "0-99"


class MalformedRange(Exception):
    """The Range header cannot be read: answer 400 with this message."""


class RangeNotSatisfiable(Exception):
    """A range starts at or past the end of the file: answer 416 with `Content-Range: bytes */size`."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def parse_range(header: str, size: int, max_ranges: int) -> list[Span]:
    """The spans a `Range` header asks for in a file of `size` bytes.

    One span is kept as asked; several are sorted and merged where they overlap or touch, so
    no byte is sent twice. `[]` means "ignore the header and send the whole file", which is
    what a header with more than `max_ranges` ranges gets (a cheap defence against a request
    for thousands of tiny ranges). Parts that are not `first-last`, `first-` or `-suffix` in
    digits are skipped, as RFC 9110 allows.
    """
    raise NotImplementedError(
        "Milestone 6: split the header on its first '='; no '=' is MalformedRange('Malformed range "
        "header.'), units other than 'bytes' (stripped, any case) MalformedRange('Only support bytes "
        "range'). More than max_ranges comma-separated parts: []. Each part 'first-last', 'first-' "
        "or '-suffix' (ASCII digits, spaces stripped) is a span [start, end), end clipped to the "
        "size; other parts are skipped. No span: MalformedRange('Range header: range must be "
        "requested'); a start not below the size: RangeNotSatisfiable(size); a start not below "
        "its end: MalformedRange('Range header: start must be less than end'). Several spans are "
        "sorted and merged where they overlap or touch."
    )


def part_header(boundary: str, content_type: str, span: Span, size: int) -> bytes:
    """The header block that opens one part of a multipart/byteranges body."""
    start, end = span
    return (
        f"--{boundary}\r\nContent-Type: {content_type}\r\n"
        f"Content-Range: bytes {start}-{end - 1}/{size}\r\n\r\n"
    ).encode("latin-1")


def closing_boundary(boundary: str) -> bytes:
    """What ends a multipart body: the boundary with two dashes after it."""
    return f"--{boundary}--".encode("latin-1")


def multipart_length(boundary: str, content_type: str, spans: Sequence[Span], size: int) -> int:
    """The Content-Length of the whole multipart body: each part's header block, its bytes and
    the CRLF after them, then the closing boundary. Known before a byte is read."""
    raise NotImplementedError(
        "Milestone 6: for each span, the length of its part_header, its end - start bytes and 2 "
        "(the CRLF after them); plus the length of closing_boundary."
    )
