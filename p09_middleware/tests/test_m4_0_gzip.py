"""Milestone 4, step 0: GZipMiddleware compresses responses on the way out, streams included.

Read in order: a large response is compressed with its new Content-Length; a client that
does not accept gzip, a small body and a response that must not be re-encoded are left
alone; a stream is compressed chunk by chunk, each chunk decodable as soon as it arrives;
and, last, hypothesis checks that Starlette's GZipMiddleware gives the same status, headers
and bytes for the same response.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import anyio
import pytest
import starlette.middleware.gzip
from hypothesis import example, given
from hypothesis import strategies as st
from minimiddleware import GZipMiddleware

from .asgi import call, http_scope, run, streaming_app
from .parity import app_sending, assert_same, gunzip, observe, side_by_side

TEXT = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\n" % n for n in range(200))
GZIP = [("accept-encoding", "gzip, deflate, br")]
SHOWN = ("content-encoding", "content-length", "content-type", "vary")


def sending(body: bytes, headers: list[tuple[str, str]] | None = None, status: int = 200) -> Any:
    """An app answering one message with `body` and its Content-Length."""
    base = headers if headers is not None else [("content-type", "text/plain; charset=utf-8")]
    return app_sending([body], status=status, headers=[*base, ("content-length", str(len(body)))])


def test_a_large_response_is_gzipped_with_its_new_length() -> None:
    """A body of at least `minimum_size` bytes, for a client whose Accept-Encoding has
    "gzip", goes out compressed: `Content-Encoding: gzip`, a Content-Length that is the
    COMPRESSED length (the app's header counted the plain bytes), `Vary: Accept-Encoding`,
    and a body that decompresses to what the app sent. Look at what you do with the first
    http.response.body: compress it, then fix the held http.response.start's headers."""
    seen = observe(GZipMiddleware(sending(TEXT)), http_scope(headers=GZIP), SHOWN)
    assert seen.headers.get("content-encoding") == "gzip", f"expected Content-Encoding gzip, got {seen}"
    assert gzip.decompress(seen.body) == TEXT, f"the body does not decompress to the app's {len(TEXT)} bytes"
    assert seen.headers.get("content-length") == str(len(seen.body)), (
        f"expected Content-Length {len(seen.body)} (the compressed size), got {seen.headers}"
    )
    assert seen.headers.get("vary") == "Accept-Encoding", f"expected Vary: Accept-Encoding, got {seen}"
    assert len(seen.body) < len(TEXT) / 4, (
        f"expected real compression, got {len(seen.body)}/{len(TEXT)} bytes"
    )


def test_a_client_that_does_not_accept_gzip_gets_the_plain_body() -> None:
    """No "gzip" in Accept-Encoding (or no header at all): the body and Content-Length are
    the app's, with no Content-Encoding. `Vary: Accept-Encoding` is still added, because the
    answer WOULD differ for a client that accepts gzip and a cache must know that."""
    for headers in ([], [("accept-encoding", "br, deflate")]):
        seen = observe(GZipMiddleware(sending(TEXT)), http_scope(headers=headers), SHOWN)
        assert seen.body == TEXT, f"Accept-Encoding {headers}: expected the plain body, got {seen}"
        assert "content-encoding" not in seen.headers, f"Accept-Encoding {headers}: got {seen}"
        assert seen.headers.get("content-length") == str(len(TEXT)), f"Accept-Encoding {headers}: got {seen}"
        assert seen.headers.get("vary") == "Accept-Encoding", f"Accept-Encoding {headers}: got {seen}"


def test_a_body_under_minimum_size_is_left_alone() -> None:
    """A single-message body shorter than `minimum_size` is not worth compressing (gzip's
    framing alone is 18 bytes): it goes out exactly as the app sent it, with no Vary."""
    seen = observe(GZipMiddleware(sending(TEXT[:499])), http_scope(headers=GZIP), SHOWN)
    assert seen.body == TEXT[:499], f"expected the 499 plain bytes, got {seen}"
    assert seen.headers == {"content-type": "text/plain; charset=utf-8", "content-length": "499"}, (
        f"expected the app's headers only, got {seen.headers}"
    )
    seen = observe(GZipMiddleware(sending(TEXT[:100]), minimum_size=100), http_scope(headers=GZIP), SHOWN)
    assert seen.headers.get("content-encoding") == "gzip", (
        f"minimum_size=100, 100 bytes: expected gzip, got {seen}"
    )


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ([("content-type", "text/plain"), ("content-encoding", "br")], 200),
        ([("content-type", "text/plain"), ("content-range", f"bytes 0-{len(TEXT) - 1}/9999")], 206),
        ([("content-type", "image/png")], 200),
        ([("content-type", "Text/Event-Stream; charset=utf-8")], 200),
        ([("content-type", "video/mp4")], 200),
        ([("content-type", "application/grpc+proto")], 200),
    ],
    ids=["already-encoded", "partial-content", "png", "event-stream", "video-family", "grpc"],
)
def test_responses_that_must_not_be_recompressed_are_left_alone(
    headers: list[tuple[str, str]], status: int
) -> None:
    """Left alone, however large: a body the app already encoded (Content-Encoding), one
    range of a resource (206: its byte offsets refer to the plain resource), and media types
    that are compressed already or must reach the client event by event (see
    EXCLUDED_CONTENT_TYPES; the media type is compared without parameters, case-insensitively,
    "video/*" covers a family, "application/grpc+proto" counts as gRPC). Check the start
    message before holding it back."""
    seen = observe(GZipMiddleware(sending(TEXT, headers, status)), http_scope(headers=GZIP), SHOWN)
    assert seen.body == TEXT, f"{headers} {status}: expected the body untouched, got {seen}"
    assert "vary" not in seen.headers, f"{headers} {status}: expected no Vary, got {seen.headers}"


def test_exclude_content_types_replaces_the_default_list() -> None:
    """`exclude_content_types=` is the whole list of media types left alone: with
    ("text/*",) a PNG is compressed and a text/html page is not."""
    png = sending(TEXT, [("content-type", "image/png")])
    seen = observe(GZipMiddleware(png, exclude_content_types=("text/*",)), http_scope(headers=GZIP), SHOWN)
    assert seen.headers.get("content-encoding") == "gzip", f"image/png, text/* excluded: got {seen}"
    html = sending(TEXT, [("content-type", "text/html")])
    seen = observe(GZipMiddleware(html, exclude_content_types=("text/*",)), http_scope(headers=GZIP), SHOWN)
    assert "content-encoding" not in seen.headers, f"text/html, text/* excluded: got {seen}"


def test_vary_keeps_the_apps_own_values() -> None:
    """The app's own Vary values stay; Accept-Encoding is added after them, in one header."""
    app = sending(TEXT, [("content-type", "text/plain"), ("vary", "Origin"), ("vary", "Cookie")])
    seen = observe(GZipMiddleware(app), http_scope(headers=GZIP), SHOWN)
    assert seen.headers.get("vary") == "Origin, Cookie, Accept-Encoding", f"got {seen.headers}"


def test_a_stream_is_compressed_chunk_by_chunk() -> None:
    """A streaming response (more_body=True) is compressed message by message: one
    compressed chunk per app chunk, no Content-Length (its total is unknown: the server
    will use chunked encoding), and every prefix of the output decodes to a prefix of the
    input. That needs a flush after each chunk (zlib.Z_SYNC_FLUSH): without one, zlib keeps
    the bytes in its window and the client waits for nothing."""
    chunks = [TEXT[:100], TEXT[100:3000], b"", TEXT[3000:]]
    app = app_sending([*chunks, b""], headers=[("content-type", "text/plain")])
    seen = observe(GZipMiddleware(app), http_scope(headers=GZIP), SHOWN)
    assert seen.headers == {
        "content-type": "text/plain",
        "content-encoding": "gzip",
        "vary": "Accept-Encoding",
    }, f"expected gzip, Vary and no Content-Length, got {seen.headers}"
    assert len(seen.chunks) == len(chunks) + 1, f"expected {len(chunks) + 1} messages, got {len(seen.chunks)}"
    for count in range(1, len(chunks) + 1):
        so_far = gunzip(b"".join(seen.chunks[:count]))
        assert so_far == b"".join(chunks[:count]), (
            f"after {count} chunks, the client can decode {len(so_far)} bytes, expected "
            f"{len(b''.join(chunks[:count]))}: flush the compressor after each chunk"
        )
    assert gzip.decompress(seen.body) == TEXT, "the whole stream does not decompress to the app's body"


@pytest.mark.timeout(10)
def test_the_first_compressed_chunk_arrives_before_the_app_finishes() -> None:
    """Nothing is buffered: the app sends one chunk and then WAITS until the client has
    received (and decoded) it. A middleware that collects the body first never lets the
    first chunk out, and this test fails after 5 s instead of hanging."""
    gate = anyio.Event()
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    first: list[bytes] = []

    async def client_side(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body" and not gate.is_set():
            first.append(decoder.decompress(message["body"]))
            gate.set()

    async def scenario() -> None:
        with anyio.fail_after(5):
            app = GZipMiddleware(streaming_app([TEXT[:800], TEXT[800:]], gate=gate))
            await call(app, http_scope(headers=GZIP), on_send=client_side)

    try:
        run(scenario)
    except TimeoutError:
        pytest.fail("the first chunk never reached the client: the middleware waits for the whole body")
    assert first == [TEXT[:800]], (
        f"the first chunk decoded to {first!r:.80}, expected the app's first 800 bytes"
    )


def test_other_message_types_are_not_compressed() -> None:
    """A file sent by path (`http.response.pathsend`, the server reads the file itself)
    cannot be compressed on the way: the held start goes out unchanged, then the message."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"9999")]})
        await send({"type": "http.response.pathsend", "path": "/srv/big.txt"})

    sent = run(call, GZipMiddleware(app), http_scope(headers=GZIP))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.pathsend"], f"got {list(sent)}"
    assert sent.header_list == [("content-length", "9999")], (
        f"expected the app's headers, got {sent.header_list}"
    )


def test_a_response_with_trailers_has_no_content_length() -> None:
    """With HTTP trailers announced (`"trailers": True` on the start message) the body is
    sent chunked, so a compressed one-message body gets no Content-Length."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(TEXT)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers, "trailers": True})
        await send({"type": "http.response.body", "body": TEXT})
        await send({"type": "http.response.trailers", "headers": [(b"x-checksum", b"1")]})

    sent = run(call, GZipMiddleware(app), http_scope(headers=GZIP))
    assert "content-length" not in sent.headers, f"expected no Content-Length, got {sent.headers}"
    assert sent[-1]["type"] == "http.response.trailers", (
        f"the trailers were lost: {[m['type'] for m in sent]}"
    )


def test_a_large_body_is_compressed_too() -> None:
    """A body of 128 KiB or more is compressed in a worker thread (level 9 on 1 MiB takes
    tens of milliseconds, which would stall every other request); the result is the same."""
    body = TEXT * 20
    seen = observe(GZipMiddleware(sending(body)), http_scope(headers=GZIP), SHOWN)
    assert gzip.decompress(seen.body) == body, "a 200 KiB body does not decompress to itself"


def test_a_reused_response_is_not_changed() -> None:
    """An app may send the very same header list for every response (a response object
    kept and reused). Compressing one response must not edit that list: copy the start
    message's headers before changing them."""
    headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(TEXT)).encode())]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": TEXT})

    for _ in range(2):
        run(call, GZipMiddleware(app), http_scope(headers=GZIP))
    assert headers == [(b"content-type", b"text/plain"), (b"content-length", str(len(TEXT)).encode())], (
        f"the app's own header list was edited: {headers}"
    )


@pytest.mark.parametrize("scope_type", ["websocket", "lifespan"])
def test_websocket_and_lifespan_pass_through(scope_type: str) -> None:
    """Only http responses are compressed; any other scope reaches the app untouched."""
    seen: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    run(GZipMiddleware(app), http_scope(scope_type=scope_type, headers=GZIP), None, None)
    assert seen == [scope_type], f"expected the app to be called with the {scope_type} scope, got {seen}"


# Parity with Starlette. Bodies of every size around minimum_size, cut into chunks anywhere.
accept_encodings = st.sampled_from(
    [None, "gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "br", "identity", "", "GZIP", "gzip;q=0", "*"]
)
content_types = st.sampled_from(
    [
        None,
        "text/plain; charset=utf-8",
        "application/json",
        "image/png",
        "IMAGE/SVG+XML",
        "text/event-stream",
        "audio/ogg",
    ]
)


@st.composite
def responses(draw: st.DrawFn) -> dict[str, Any]:
    size = draw(st.integers(0, 1200))
    cuts = sorted(draw(st.lists(st.integers(0, size), max_size=4)))
    body = (TEXT * 2)[:size]
    chunks = [body[start:end] for start, end in zip([0, *cuts], [*cuts, size], strict=True)]
    headers = [("content-type", draw(content_types)), ("vary", draw(st.sampled_from([None, "Origin"])))]
    headers.append(("content-encoding", draw(st.sampled_from([None, None, "br", "identity"]))))
    if len(chunks) == 1 and draw(st.booleans()):
        headers.append(("content-length", str(size)))
    return {
        "chunks": chunks,
        "headers": [(name, value) for name, value in headers if value is not None],
        "status": draw(st.sampled_from([200, 200, 206, 404])),
    }


@given(
    response=responses(),
    accept=accept_encodings,
    minimum_size=st.sampled_from([0, 1, 500, 1000]),
    level=st.sampled_from([1, 6, 9]),
)
@example(
    response={"chunks": [TEXT[:600]], "headers": [("content-length", "600")], "status": 200},
    accept="gzip",
    minimum_size=500,
    level=9,
)
@example(
    response={"chunks": [b"", b"abc", b""], "headers": [], "status": 200},
    accept="gzip",
    minimum_size=500,
    level=9,
)
@example(
    response={"chunks": [TEXT[:600]], "headers": [], "status": 200},
    accept="gzip;q=0",
    minimum_size=500,
    level=9,
)
@example(response={"chunks": [b""], "headers": [], "status": 204}, accept="gzip", minimum_size=0, level=9)
def test_same_response_as_starlette(
    response: dict[str, Any], accept: str | None, minimum_size: int, level: int
) -> None:
    """Starlette's GZipMiddleware, with the same options, around the same app, for the same
    request, gives the same status, Content-Encoding, Content-Length, Content-Type, Vary and
    the same body bytes: both use zlib's gzip framing (mtime 0) with the same flushes, so the
    bytes match exactly, not just once decompressed. Note the rules this pins: "gzip"
    anywhere in Accept-Encoding counts (q-values and case as Starlette reads them), and a
    stream is compressed whatever its size."""
    options = {"minimum_size": minimum_size, "compresslevel": level}
    headers = [] if accept is None else [("accept-encoding", accept)]
    ours, theirs = side_by_side(
        lambda app: GZipMiddleware(app, **options),
        lambda app: starlette.middleware.gzip.GZipMiddleware(app, **options),
        lambda: app_sending(response["chunks"], response["status"], response["headers"]),
        http_scope(headers=headers),
        SHOWN,
    )
    assert_same(ours, theirs, f"{response}, Accept-Encoding {accept!r}, {options}")
    if ours.headers.get("content-encoding") == "gzip" and "content-encoding" not in dict(response["headers"]):
        assert gzip.decompress(ours.body) == b"".join(response["chunks"]), (
            "the body does not decompress to the app's"
        )
