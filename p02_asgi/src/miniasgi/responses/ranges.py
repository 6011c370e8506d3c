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
    units, equals, spec = header.partition("=")
    if not equals:
        raise MalformedRange("Malformed range header.")
    if units.strip().lower() != "bytes":
        raise MalformedRange("Only support bytes range")
    parts = spec.split(",")
    if len(parts) > max_ranges:
        return []
    spans = [span for part in parts if (span := _span(part, size)) is not None]
    if not spans:
        raise MalformedRange("Range header: range must be requested")
    if any(not 0 <= start < size for start, _ in spans):
        raise RangeNotSatisfiable(size)
    if any(start >= end for start, end in spans):
        raise MalformedRange("Range header: start must be less than end")
    return spans if len(spans) == 1 else _merged(spans)


def _span(part: str, size: int) -> Span | None:
    """`first-last` (both inclusive, last clipped to the file), `first-` (to the end) or
    `-suffix` (the last `suffix` bytes); None for anything else."""
    first, dash, last = (text.strip() for text in part.partition("-"))
    if not dash or not (_digits(first) or (first == "" and _digits(last))):
        return None
    if first == "":
        return max(size - int(last), 0), size
    if last == "":
        return int(first), size
    if not _digits(last):
        return None
    return int(first), min(int(last) + 1, size)


def _digits(text: str) -> bool:
    """ASCII digits only: `int()` would also take "+5", " 5" and "5_0", which a header may not hold."""
    return text.isascii() and text.isdigit()


def _merged(spans: list[Span]) -> list[Span]:
    merged = [min(spans)]
    for start, end in sorted(spans)[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


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
    parts = sum(
        len(part_header(boundary, content_type, span, size)) + span[1] - span[0] + 2 for span in spans
    )
    return parts + len(closing_boundary(boundary))
