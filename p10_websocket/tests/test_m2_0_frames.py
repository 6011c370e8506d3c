"""Milestone 2, part 0: frames, the unit a WebSocket sends on the wire (RFC 6455 section 5).

`encode_frame` writes a Frame: FIN, RSV1-3 and the opcode in the first byte; the MASK bit
and a 7-bit length in the second; 16 or 64 more bits of length when 7 are not enough; the
masking key (clients only); the payload, XOR-ed with the key (`apply_mask`). `FrameReader`
does the reverse on bytes arriving in any chunks, and raises ProtocolError, with the close
code to fail with, for every rule the peer breaks. `close_payload` and `parse_close` handle
the payload of a close frame. wsproto's frame codec is the oracle, in both directions.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniws.frames import (
    CloseCode,
    Frame,
    FrameReader,
    Opcode,
    ProtocolError,
    apply_mask,
    close_payload,
    encode_frame,
    parse_close,
)
from wsproto.frame_protocol import FrameDecoder, FrameProtocol
from wsproto.frame_protocol import Opcode as WsprotoOpcode

RFC_KEY = bytes.fromhex("37fa213d")  # the masking key of RFC 6455 section 5.7's examples


def in_pieces(wire: bytes, cuts: list[int]) -> list[bytes]:
    """`wire` cut at the given offsets (taken modulo its length + 1, sorted)."""
    points = sorted({cut % (len(wire) + 1) for cut in cuts})
    return [wire[start:end] for start, end in zip([0, *points], [*points, len(wire)], strict=True)]


def read_all(reader: FrameReader, pieces: list[bytes]) -> list[Frame]:
    """Every frame `reader` returns while fed `pieces` one after the other."""
    return [frame for piece in pieces for frame in reader.feed(piece)]


# --- the RFC's examples (section 5.7) --------------------------------------------------------


def test_encode_an_unmasked_text_frame() -> None:
    """RFC 6455 5.7: a single-frame unmasked text message "Hello" is 0x81 0x05 "Hello".

    0x81 is FIN (0x80) | opcode TEXT (0x1); 0x05 is MASK bit 0 and a 7-bit length of 5. No
    masking key follows when no mask is given: servers do not mask.
    """
    got = encode_frame(Frame(Opcode.TEXT, b"Hello"))
    expected = bytes.fromhex("810548656c6c6f")
    assert got == expected, f"expected {expected.hex(' ')}, got {got.hex(' ')}"


def test_read_an_unmasked_text_frame() -> None:
    """A client's FrameReader (expect_mask=False) reads 0x81 0x05 "Hello" as one final TEXT
    frame with payload b"Hello".
    """
    frames = FrameReader(expect_mask=False).feed(bytes.fromhex("810548656c6c6f"))
    expected = [Frame(Opcode.TEXT, b"Hello", fin=True)]
    assert frames == expected, f"expected {expected}, got {frames}"


def test_apply_mask_xors_with_the_key() -> None:
    """Masking XORs payload byte i with key[i % 4]; masking twice gives the payload back.

    RFC 6455 5.7: "Hello" masked with 37 fa 21 3d is 7f 9f 4d 51 58.
    """
    masked = apply_mask(b"Hello", RFC_KEY)
    assert masked == bytes.fromhex("7f9f4d5158"), f"expected 7f 9f 4d 51 58, got {masked.hex(' ')}"
    assert apply_mask(masked, RFC_KEY) == b"Hello", "masking twice should give the payload back"
    assert apply_mask(b"", RFC_KEY) == b"", "an empty payload stays empty"


def test_masked_text_frame_both_ways() -> None:
    """RFC 6455 5.7: a masked "Hello" (what a client sends) is 0x81 0x85, the key 37 fa 21 3d,
    then 7f 9f 4d 51 58. A server's reader (expect_mask=True) unmasks it back to b"Hello".

    0x85 is the MASK bit (0x80) | length 5; the key comes before the payload.
    """
    wire = bytes.fromhex("818537fa213d7f9f4d5158")
    got = encode_frame(Frame(Opcode.TEXT, b"Hello"), mask=RFC_KEY)
    assert got == wire, f"expected {wire.hex(' ')}, got {got.hex(' ')}"
    frames = FrameReader(expect_mask=True).feed(wire)
    assert frames == [Frame(Opcode.TEXT, b"Hello")], f"expected one TEXT b'Hello', got {frames}"


def test_fragmented_text_frames() -> None:
    """RFC 6455 5.7: "Hello" in two fragments is 0x01 0x03 "Hel" (TEXT, FIN clear) then
    0x80 0x02 "lo" (CONTINUATION, FIN set). The reader returns two frames; joining them into a
    message is the assembler's job (next part).
    """
    wire = bytes.fromhex("010348656c") + bytes.fromhex("80026c6f")
    first = encode_frame(Frame(Opcode.TEXT, b"Hel", fin=False))
    second = encode_frame(Frame(Opcode.CONTINUATION, b"lo"))
    assert first + second == wire, f"expected {wire.hex(' ')}, got {(first + second).hex(' ')}"
    frames = FrameReader(expect_mask=False).feed(wire)
    expected = [Frame(Opcode.TEXT, b"Hel", fin=False), Frame(Opcode.CONTINUATION, b"lo")]
    assert frames == expected, f"expected {expected}, got {frames}"


def test_ping_and_masked_pong() -> None:
    """RFC 6455 5.7: an unmasked ping "Hello" is 0x89 0x05 "Hello"; a masked pong "Hello" is
    0x8a 0x85 37 fa 21 3d 7f 9f 4d 51 58. Control frames use the same layout as data frames.
    """
    ping = bytes.fromhex("890548656c6c6f")
    pong = bytes.fromhex("8a8537fa213d7f9f4d5158")
    assert encode_frame(Frame(Opcode.PING, b"Hello")) == ping, f"expected {ping.hex(' ')}"
    assert encode_frame(Frame(Opcode.PONG, b"Hello"), mask=RFC_KEY) == pong, f"expected {pong.hex(' ')}"
    assert FrameReader(expect_mask=False).feed(ping) == [Frame(Opcode.PING, b"Hello")]
    assert FrameReader(expect_mask=True).feed(pong) == [Frame(Opcode.PONG, b"Hello")]


@pytest.mark.parametrize(
    ("size", "length_bytes"),
    [
        pytest.param(125, bytes([125]), id="125-in-7-bits"),
        pytest.param(126, bytes([126]) + (126).to_bytes(2, "big"), id="126-in-16-bits"),
        pytest.param(256, bytes.fromhex("7e0100"), id="rfc-256-bytes"),
        pytest.param(65535, bytes.fromhex("7effff"), id="65535-in-16-bits"),
        pytest.param(65536, bytes.fromhex("7f0000000000010000"), id="rfc-64-kib"),
    ],
)
def test_lengths_in_7_16_and_64_bits(size: int, length_bytes: bytes) -> None:
    """Lengths up to 125 fit in the 7 bits; 126 means "16-bit length follows" (up to 65535);
    127 means "64-bit length follows". Network byte order (big-endian), fewest bytes possible.
    RFC 6455 5.7: 256 bytes is 0x82 0x7E 0x0100; 64 KiB is 0x82 0x7F 0x0000000000010000.
    """
    payload = bytes(range(256)) * (size // 256) + bytes(size % 256)
    wire = encode_frame(Frame(Opcode.BINARY, payload))
    expected = b"\x82" + length_bytes
    assert wire[: len(expected)] == expected, (
        f"expected the header {expected.hex(' ')}, got {wire[:10].hex(' ')}"
    )
    assert wire[len(expected) :] == payload, "the payload should follow the header unchanged"
    frames = FrameReader(expect_mask=False).feed(wire)
    assert frames == [Frame(Opcode.BINARY, payload)], f"expected one BINARY frame of {size} bytes"


def test_rsv_bits_are_encoded() -> None:
    """RSV1, RSV2 and RSV3 are bits 0x40, 0x20 and 0x10 of the first byte (an extension such
    as permessage-deflate uses RSV1; without one, a reader must refuse them).
    """
    got = encode_frame(Frame(Opcode.BINARY, b"", rsv1=True, rsv3=True))
    assert got == bytes([0x80 | 0x40 | 0x10 | 0x2, 0]), f"expected d2 00, got {got.hex(' ')}"


def test_encode_refuses_an_invalid_control_frame() -> None:
    """A control frame is never fragmented and carries at most 125 bytes: encoding one that
    breaks this is the caller's bug, so encode_frame raises ValueError (not ProtocolError).
    """
    with pytest.raises(ValueError, match="PING"):
        encode_frame(Frame(Opcode.PING, bytes(126)))
    with pytest.raises(ValueError, match="CLOSE"):
        encode_frame(Frame(Opcode.CLOSE, b"", fin=False))


# --- the reader: chunks ----------------------------------------------------------------------


def test_the_reader_keeps_incomplete_frames_for_later() -> None:
    """Fed byte by byte, the reader returns nothing until a frame is complete, then exactly
    that frame: TCP delivers bytes, not frames, and a frame may arrive in any number of pieces.

    Keep unused bytes in a buffer between calls; never assume one feed() is one frame.
    """
    wire = encode_frame(Frame(Opcode.TEXT, b"Hello"), mask=RFC_KEY) + encode_frame(
        Frame(Opcode.PING, b""), RFC_KEY
    )
    reader = FrameReader(expect_mask=True)
    got = [reader.feed(wire[index : index + 1]) for index in range(len(wire))]
    complete = [index for index, frames in enumerate(got) if frames]
    assert complete == [10, 16], (
        f"expected frames after bytes 11 and 17, got them after {[i + 1 for i in complete]}"
    )
    assert got[10] + got[16] == [Frame(Opcode.TEXT, b"Hello"), Frame(Opcode.PING, b"")]


SIZES = [0, 1, 125, 126, 65535, 65536, 70000]  # every boundary of the length encoding
payloads = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(SIZES).map(lambda size: bytes(range(256)) * (size // 256) + bytes(size % 256)),
)
data_frames = st.builds(
    Frame, st.sampled_from([Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY]), payloads, st.booleans()
)
control_frames = st.builds(
    Frame, st.sampled_from([Opcode.CLOSE, Opcode.PING, Opcode.PONG]), st.binary(max_size=125)
)
frame_lists = st.lists(st.one_of(data_frames, control_frames), min_size=1, max_size=6)
masks = st.one_of(st.none(), st.binary(min_size=4, max_size=4))


@given(frames=frame_lists, mask=masks, cuts=st.lists(st.integers(min_value=0), max_size=8))
@example(frames=[Frame(Opcode.TEXT, b"Hello")], mask=None, cuts=[])
@example(
    frames=[Frame(Opcode.BINARY, bytes(70000)), Frame(Opcode.PING, b"")], mask=RFC_KEY, cuts=[1, 2, 5, 9, 100]
)
def test_round_trip_through_our_reader_in_any_pieces(
    frames: list[Frame], mask: bytes | None, cuts: list[int]
) -> None:
    """Whatever frames we encode, masked or not, our reader gives back the same frames, however
    the bytes are cut into pieces.

    If only some cuts fail, a header split between two feeds is the usual suspect (the 16 or
    64-bit length, or the masking key, arriving in the next piece).
    """
    wire = b"".join(encode_frame(frame, mask) for frame in frames)
    got = read_all(FrameReader(expect_mask=mask is not None), in_pieces(wire, cuts))
    assert got == frames, f"cut at {cuts}: expected {frames}, got {got}"


def decoded_by_wsproto(wire: bytes, *, masked: bool, pieces: list[bytes]) -> list[Frame]:
    """Frames as wsproto's frame decoder reads `wire`, fed in `pieces`. wsproto returns a long
    frame in parts (later parts as CONTINUATION): the parts are joined back here."""
    decoder = FrameDecoder(client=not masked)
    frames: list[Frame] = []
    opcode: WsprotoOpcode | None = None
    payload = b""
    for piece in pieces:
        decoder.receive_bytes(piece)
        while (part := decoder.process_buffer()) is not None:
            opcode = opcode if opcode is not None else part.opcode
            payload += bytes(part.payload)
            if part.frame_finished:
                frames.append(Frame(Opcode(opcode), payload, fin=part.message_finished))
                opcode, payload = None, b""
    return frames


@given(frames=frame_lists, mask=masks, cuts=st.lists(st.integers(min_value=0), max_size=8))
@example(frames=[Frame(Opcode.TEXT, b"Hello")], mask=None, cuts=[])
@example(
    frames=[Frame(Opcode.TEXT, b"Hel", fin=False), Frame(Opcode.CONTINUATION, b"lo")], mask=RFC_KEY, cuts=[3]
)
def test_wsproto_reads_what_we_encode(frames: list[Frame], mask: bytes | None, cuts: list[int]) -> None:
    """wsproto's frame decoder (the oracle) reads our encoded frames back as the same opcode,
    payload and FIN, masked (client to server) or not (server to client).

    If wsproto disagrees on a length, check the 7/16/64-bit choice and the byte order.
    """
    wire = b"".join(encode_frame(frame, mask) for frame in frames)
    got = decoded_by_wsproto(wire, masked=mask is not None, pieces=in_pieces(wire, cuts))
    assert got == frames, f"expected {frames}, wsproto read {got}"


@st.composite
def wsproto_traffic(draw: st.DrawFn) -> tuple[list[tuple[str, bytes | str, bool]], list[Frame]]:
    """A valid stream of wsproto calls (messages in fragments, pings and pongs between them)
    and the frames it must produce, in our terms."""
    calls: list[tuple[str, bytes | str, bool]] = []
    expected: list[Frame] = []
    open_kind: type | None = None
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        step = draw(st.sampled_from(["data", "data", "ping", "pong"]))
        if step != "data":
            payload = draw(st.binary(max_size=125))
            calls.append((step, payload, True))
            expected.append(Frame(Opcode.PING if step == "ping" else Opcode.PONG, payload))
            continue
        kind = open_kind or draw(st.sampled_from([str, bytes]))
        chunk: bytes | str = draw(st.text(max_size=50) if kind is str else payloads)
        fin = draw(st.booleans())
        opcode = Opcode.CONTINUATION if open_kind else (Opcode.TEXT if kind is str else Opcode.BINARY)
        calls.append(("data", chunk, fin))
        expected.append(Frame(opcode, chunk.encode() if isinstance(chunk, str) else chunk, fin))
        open_kind = None if fin else kind
    return calls, expected


@given(traffic=wsproto_traffic(), client=st.booleans(), cuts=st.lists(st.integers(min_value=0), max_size=8))
@example(traffic=([("data", "Hello", True)], [Frame(Opcode.TEXT, b"Hello")]), client=False, cuts=[])
@example(
    traffic=(
        [("data", b"\x00" * 300, False), ("ping", b"hi", True), ("data", b"!", True)],
        [
            Frame(Opcode.BINARY, b"\x00" * 300, False),
            Frame(Opcode.PING, b"hi"),
            Frame(Opcode.CONTINUATION, b"!"),
        ],
    ),
    client=True,
    cuts=[1, 3, 7],
)
def test_we_read_what_wsproto_encodes(
    traffic: tuple[list[tuple[str, bytes | str, bool]], list[Frame]], client: bool, cuts: list[int]
) -> None:
    """Frames written by wsproto, as a client (masked with a random key) or as a server
    (unmasked), come out of our reader with the same opcode, payload and FIN, in any pieces.

    If masked frames fail but unmasked pass, look at how you read the key and unmask.
    """
    calls, expected = traffic
    sender = FrameProtocol(client=client, extensions=[])
    wire = b""
    for call, payload, fin in calls:
        if call == "data":
            wire += sender.send_data(payload, fin)
        else:
            wire += getattr(sender, call)(payload)
    got = read_all(FrameReader(expect_mask=client), in_pieces(wire, cuts))
    assert got == expected, f"expected {expected}, got {got}"


# --- the reader: protocol errors -------------------------------------------------------------

ERRORS = [
    pytest.param(False, b"\xc1\x00", CloseCode.PROTOCOL_ERROR, id="rsv1-without-extension"),
    pytest.param(False, b"\xa1\x00", CloseCode.PROTOCOL_ERROR, id="rsv2"),
    pytest.param(False, b"\x91\x00", CloseCode.PROTOCOL_ERROR, id="rsv3"),
    pytest.param(False, b"\x83\x00", CloseCode.PROTOCOL_ERROR, id="reserved-data-opcode-3"),
    pytest.param(False, b"\x8b\x00", CloseCode.PROTOCOL_ERROR, id="reserved-control-opcode-b"),
    pytest.param(False, b"\x09\x00", CloseCode.PROTOCOL_ERROR, id="fragmented-ping"),
    pytest.param(False, b"\x89\x7e\x00\x7e", CloseCode.PROTOCOL_ERROR, id="ping-of-126-bytes"),
    pytest.param(True, b"\x81\x05", CloseCode.PROTOCOL_ERROR, id="unmasked-frame-to-a-server"),
    pytest.param(False, b"\x81\x85", CloseCode.PROTOCOL_ERROR, id="masked-frame-to-a-client"),
    pytest.param(False, b"\x82\x7f\x80" + bytes(7), CloseCode.PROTOCOL_ERROR, id="64-bit-length-top-bit"),
    pytest.param(False, b"\x82\x7e\x00\x05", CloseCode.PROTOCOL_ERROR, id="5-in-16-bits"),
    pytest.param(
        False, b"\x82\x7f" + (300).to_bytes(8, "big"), CloseCode.PROTOCOL_ERROR, id="300-in-64-bits"
    ),
    pytest.param(
        False, b"\x82\x7f" + (1 << 32).to_bytes(8, "big"), CloseCode.MESSAGE_TOO_BIG, id="4-gib-frame"
    ),
]


@pytest.mark.parametrize(("expect_mask", "header", "code"), ERRORS)
def test_each_protocol_error_has_its_close_code(expect_mask: bool, header: bytes, code: CloseCode) -> None:
    """A frame that breaks the rules raises ProtocolError whose `.code` is the close code to
    send: 1002 (protocol error) for reserved bits or opcodes, a fragmented or over-125-byte
    control frame, a wrong mask bit for our side, a length with its top bit set or not in the
    fewest bytes; 1009 (too big) for a frame over max_frame_size (1 MiB by default).

    Only the header is fed: every one of these is visible before any payload arrives. The
    reason goes into the close frame, so it must fit in 123 bytes of UTF-8.
    """
    with pytest.raises(ProtocolError) as caught:
        FrameReader(expect_mask=expect_mask).feed(header)
    assert caught.value.code == code, f"expected close code {code!r}, got {caught.value.code!r}"
    payload = close_payload(caught.value.code, caught.value.reason)  # the reason must fit a close frame
    assert parse_close(payload) == (code, caught.value.reason), (
        f"the close frame does not carry {caught.value}"
    )


def test_the_size_limit_is_checked_from_the_header() -> None:
    """max_frame_size is enforced when the length is known, before the payload arrives: a peer
    announcing a huge frame must not make us buffer it first. A frame at the limit is fine.
    """
    reader = FrameReader(expect_mask=False, max_frame_size=1000)
    frames = reader.feed(encode_frame(Frame(Opcode.BINARY, bytes(1000))))
    assert len(frames) == 1, f"a frame of exactly max_frame_size should pass, got {frames}"
    with pytest.raises(ProtocolError) as caught:
        reader.feed(b"\x82\x7e" + (1001).to_bytes(2, "big"))
    assert caught.value.code == CloseCode.MESSAGE_TOO_BIG, f"expected 1009, got {caught.value.code!r}"


@pytest.mark.parametrize("first_byte", [b"\x83", b"\xc1", b"\x09"], ids=["opcode", "rsv", "fragmented-ping"])
def test_errors_in_the_first_byte_are_seen_at_once(first_byte: bytes) -> None:
    """An unknown opcode, an RSV bit or a fragmented control frame is visible in the first byte
    alone: the reader raises without waiting for the second.
    """
    with pytest.raises(ProtocolError):
        FrameReader(expect_mask=False).feed(first_byte)


# --- close payloads --------------------------------------------------------------------------


def test_close_payload_is_code_then_utf8_reason() -> None:
    """A close payload is the code as 2 big-endian bytes, then the reason in UTF-8:
    close_payload(1000, "bye") == b"\\x03\\xe8bye", and parse_close reads it back.
    """
    assert close_payload(1000, "bye") == b"\x03\xe8bye", f"got {close_payload(1000, 'bye')!r}"
    assert close_payload(4000) == b"\x0f\xa0", f"got {close_payload(4000)!r}"
    parsed = parse_close(b"\x03\xe8bye")
    assert parsed == (1000, "bye"), f"expected (1000, 'bye'), got {parsed!r}"
    assert parse_close(close_payload(1001, "héllo ✓")) == (1001, "héllo ✓"), "UTF-8 reason lost"


def test_an_empty_close_payload_means_no_status() -> None:
    """A close frame may carry no payload at all; its code is then 1005 (NO_STATUS), a code
    that only ever describes a close and is never sent.
    """
    assert parse_close(b"") == (CloseCode.NO_STATUS, ""), f"expected (1005, ''), got {parse_close(b'')!r}"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        pytest.param(b"\x03", CloseCode.PROTOCOL_ERROR, id="one-byte"),
        pytest.param((999).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="999"),
        pytest.param((1004).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="1004-reserved"),
        pytest.param((1005).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="1005-never-sent"),
        pytest.param((1006).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="1006-never-sent"),
        pytest.param((1015).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="1015-never-sent"),
        pytest.param((1016).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="1016-unassigned"),
        pytest.param((2999).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="2999-unassigned"),
        pytest.param((5000).to_bytes(2, "big"), CloseCode.PROTOCOL_ERROR, id="5000"),
        pytest.param(b"\x03\xe8\xff", CloseCode.INVALID_DATA, id="reason-not-utf8"),
    ],
)
def test_parse_close_refuses_bad_payloads(payload: bytes, code: CloseCode) -> None:
    """parse_close raises ProtocolError 1002 for a 1-byte payload or a code that may not be
    sent (below 1000, 1004, 1005, 1006, 1015, unassigned 1016-2999, 5000 and up), and 1007
    (invalid data) when the reason is not UTF-8.
    """
    with pytest.raises(ProtocolError) as caught:
        parse_close(payload)
    assert caught.value.code == code, f"expected {code!r}, got {caught.value.code!r}"


@pytest.mark.parametrize("code", [1000, 1001, 1003, 1007, 1011, 1013, 1014, 3000, 4999])
def test_sendable_codes_are_accepted(code: int) -> None:
    """Codes a peer may send: 1000-1003, 1007-1014, and 3000-4999 (libraries, applications)."""
    assert parse_close(code.to_bytes(2, "big")) == (code, ""), f"code {code} should be accepted"


def test_close_payload_refuses_what_may_not_be_sent() -> None:
    """close_payload raises ValueError for a code that may not travel (1005, 1006) and for a
    reason over 123 bytes of UTF-8 (a control frame carries 125 bytes, 2 are the code).
    """
    for code in (1005, 1006, 999):
        with pytest.raises(ValueError, match=str(code)):
            close_payload(code)
    close_payload(1000, "é" * 61 + "x")  # 123 bytes: fits
    with pytest.raises(ValueError, match="123"):
        close_payload(1000, "é" * 62)  # 124 bytes


@given(code=st.sampled_from([1000, 1001, 1008, 1011, 3000, 4321]), reason=st.text(max_size=40))
@example(code=1000, reason="")
def test_close_payloads_agree_with_wsproto(code: int, reason: str) -> None:
    """wsproto reads our close payload as the same (code, reason), and we read wsproto's.

    If wsproto disagrees, check the byte order of the code (big-endian) and the reason's encoding.
    """
    receiver = FrameProtocol(client=True, extensions=[])
    receiver.receive_bytes(encode_frame(Frame(Opcode.CLOSE, close_payload(code, reason))))
    [frame] = list(receiver.received_frames())
    assert tuple(frame.payload) == (code, reason), f"expected {(code, reason)}, wsproto read {frame.payload}"

    wire = FrameProtocol(client=True, extensions=[]).close(code, reason)
    [ours] = FrameReader(expect_mask=True).feed(bytes(wire))
    assert parse_close(ours.payload) == (code, reason), (
        f"expected {(code, reason)}, got {parse_close(ours.payload)}"
    )
