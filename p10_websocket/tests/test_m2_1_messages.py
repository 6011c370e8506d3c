"""Milestone 2, part 1: messages, one or more data frames joined (RFC 6455 section 5.4).

A message's first frame is TEXT or BINARY, the rest are CONTINUATION, the last has FIN.
`MessageAssembler.add(frame)` takes data frames one at a time and returns the whole message
(str for text, bytes for binary) when the last one arrives, else None. It enforces the
fragmentation rules (1002), a total size limit (1009) and UTF-8 for text (1007, as soon as
invalid bytes are seen, even in the middle of a message). Control frames may come between
fragments; they never reach the assembler. `fragments(message, size)` splits a message.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniws.frames import CloseCode, Frame, FrameReader, Opcode, ProtocolError, encode_frame
from miniws.messages import MessageAssembler, fragments
from wsproto.frame_protocol import FrameProtocol, ParseFailed


def add_all(assembler: MessageAssembler, frames: list[Frame]) -> list[str | bytes | None]:
    """What add() returns for each frame, in order."""
    return [assembler.add(frame) for frame in frames]


# --- assembly --------------------------------------------------------------------------------


def test_a_single_frame_text_message() -> None:
    """A TEXT frame with FIN set is a whole message: add() returns its payload decoded from
    UTF-8, as a str.
    """
    got = MessageAssembler().add(Frame(Opcode.TEXT, "héllo".encode()))
    assert got == "héllo", f"expected 'héllo', got {got!r}"


def test_a_single_frame_binary_message() -> None:
    """A BINARY frame with FIN set is a whole message: add() returns its payload as bytes."""
    got = MessageAssembler().add(Frame(Opcode.BINARY, b"\x00\xff"))
    assert got == b"\x00\xff", f"expected b'\\x00\\xff', got {got!r}"


def test_fragments_are_joined_when_fin_arrives() -> None:
    """TEXT "Hel" (FIN clear) then CONTINUATION "lo" (FIN set): None, then "Hello".

    Until FIN, keep the payloads and remember the first frame's opcode: CONTINUATION frames
    do not say whether the message is text or binary.
    """
    got = add_all(
        MessageAssembler(), [Frame(Opcode.TEXT, b"Hel", fin=False), Frame(Opcode.CONTINUATION, b"lo")]
    )
    assert got == [None, "Hello"], f"expected [None, 'Hello'], got {got}"
    binary = [Frame(Opcode.BINARY, b"a", fin=False), Frame(Opcode.CONTINUATION, b"b", fin=False)]
    got = add_all(MessageAssembler(), [*binary, Frame(Opcode.CONTINUATION, b"c")])
    assert got == [None, None, b"abc"], f"expected [None, None, b'abc'], got {got}"


def test_messages_follow_one_another() -> None:
    """After a message is returned the assembler starts afresh: the next TEXT or BINARY frame
    begins a new message of its own kind.

    If the second message carries bytes of the first, reset what you kept when FIN arrives.
    """
    frames = [
        Frame(Opcode.TEXT, b"a", fin=False),
        Frame(Opcode.CONTINUATION, b"b"),
        Frame(Opcode.BINARY, b"c", fin=False),
        Frame(Opcode.CONTINUATION, b"d"),
        Frame(Opcode.TEXT, b"e"),
    ]
    got = add_all(MessageAssembler(), frames)
    assert got == [None, "ab", None, b"cd", "e"], f"expected [None, 'ab', None, b'cd', 'e'], got {got}"


def test_control_frames_between_fragments_stay_with_the_caller() -> None:
    """A ping may arrive between two fragments (so a long message never delays it). The caller
    answers control frames itself and passes only data frames to the assembler:

        for frame in reader.feed(data):
            if frame.opcode.is_control: handle it (pong a ping...)
            elif (message := assembler.add(frame)) is not None: deliver it

    Giving a control frame to add() is a bug of the caller: ValueError.
    """
    wire = b"".join(
        encode_frame(frame)
        for frame in [
            Frame(Opcode.TEXT, b"Hel", fin=False),
            Frame(Opcode.PING, b"are you there?"),
            Frame(Opcode.CONTINUATION, b"lo"),
        ]
    )
    reader, assembler = FrameReader(expect_mask=False), MessageAssembler()
    controls, messages = [], []
    for frame in reader.feed(wire):
        if frame.opcode.is_control:
            controls.append(frame)
        elif (message := assembler.add(frame)) is not None:
            messages.append(message)
    assert controls == [Frame(Opcode.PING, b"are you there?")], f"expected the ping, got {controls}"
    assert messages == ["Hello"], f"expected ['Hello'], got {messages}"
    with pytest.raises(ValueError, match="PING"):
        assembler.add(Frame(Opcode.PING, b""))


# --- fragmentation rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "frames",
    [
        pytest.param([Frame(Opcode.CONTINUATION, b"x")], id="continuation-with-nothing-to-continue"),
        pytest.param([Frame(Opcode.TEXT, b"a", fin=False), Frame(Opcode.TEXT, b"b")], id="text-inside-text"),
        pytest.param(
            [Frame(Opcode.TEXT, b"a", fin=False), Frame(Opcode.BINARY, b"b")], id="binary-inside-text"
        ),
        pytest.param(
            [Frame(Opcode.TEXT, b"a"), Frame(Opcode.CONTINUATION, b"b")], id="continuation-after-fin"
        ),
    ],
)
def test_fragmentation_rules_fail_with_1002(frames: list[Frame]) -> None:
    """A CONTINUATION with no message in progress, or a new TEXT/BINARY while one is unfinished,
    raises ProtocolError 1002: messages cannot be interleaved.
    """
    assembler = MessageAssembler()
    with pytest.raises(ProtocolError) as caught:
        add_all(assembler, frames)
    assert caught.value.code == CloseCode.PROTOCOL_ERROR, f"expected 1002, got {caught.value.code!r}"


# --- the size limit --------------------------------------------------------------------------


def test_a_message_over_the_limit_fails_with_1009_before_it_ends() -> None:
    """max_message_size counts the bytes of all fragments: the frame that takes the total over
    it raises ProtocolError 1009 at once, not when FIN arrives (many small fragments must not
    grow memory past the limit). A message of exactly the limit is fine.
    """
    assembler = MessageAssembler(max_message_size=10)
    got = add_all(
        assembler, [Frame(Opcode.BINARY, bytes(6), fin=False), Frame(Opcode.CONTINUATION, bytes(4))]
    )
    assert got == [None, bytes(10)], f"a message of exactly 10 bytes should pass, got {got}"
    assembler.add(Frame(Opcode.BINARY, bytes(6), fin=False))
    with pytest.raises(ProtocolError) as caught:
        assembler.add(Frame(Opcode.CONTINUATION, bytes(5), fin=False))
    assert caught.value.code == CloseCode.MESSAGE_TOO_BIG, f"expected 1009, got {caught.value.code!r}"


def test_a_single_frame_over_the_limit_fails_with_1009() -> None:
    """The limit applies to one-frame messages too."""
    with pytest.raises(ProtocolError) as caught:
        MessageAssembler(max_message_size=10).add(Frame(Opcode.TEXT, b"x" * 11))
    assert caught.value.code == CloseCode.MESSAGE_TOO_BIG, f"expected 1009, got {caught.value.code!r}"


# --- UTF-8 -----------------------------------------------------------------------------------


def test_a_character_split_across_fragments_is_valid() -> None:
    """Only the whole message must be UTF-8: "é" (c3 a9) may be split into b"\\xc3" and
    b"\\xa9" in two frames. Decoding each fragment on its own would fail here; an incremental
    decoder (codecs.getincrementaldecoder("utf-8")) keeps the half character for the next one.
    """
    frames = [Frame(Opcode.TEXT, b"caf\xc3", fin=False), Frame(Opcode.CONTINUATION, b"\xa9!")]
    got = add_all(MessageAssembler(), frames)
    assert got == [None, "café!"], f"expected [None, 'café!'], got {got}"


@pytest.mark.parametrize(
    ("frames", "fails_at"),
    [
        pytest.param([Frame(Opcode.TEXT, b"\xff")], 0, id="one-frame"),
        pytest.param(
            [Frame(Opcode.TEXT, b"ok\xff", fin=False), Frame(Opcode.CONTINUATION, b"")], 0, id="first"
        ),
        pytest.param(
            [Frame(Opcode.TEXT, b"\xf4", fin=False), Frame(Opcode.CONTINUATION, b"\x90", fin=False)],
            1,
            id="above-U+10FFFF-across-fragments",
        ),
        pytest.param(
            [Frame(Opcode.TEXT, b"\xc3", fin=False), Frame(Opcode.CONTINUATION, b"")], 1, id="cut-at-end"
        ),
    ],
)
def test_invalid_utf8_fails_with_1007_as_soon_as_seen(frames: list[Frame], fails_at: int) -> None:
    """Text that is not UTF-8 raises ProtocolError 1007 at the first fragment that proves it,
    not at FIN: b"ok\\xff" fails at once (0xff never occurs in UTF-8), f4 then 90 fails on the
    second byte (it would encode a code point above U+10FFFF), and a character cut by FIN fails
    at FIN. Decode each fragment as it arrives (final=True on the last).
    """
    assembler = MessageAssembler()
    for index, frame in enumerate(frames):
        if index < fails_at:
            assembler.add(frame)
            continue
        with pytest.raises(ProtocolError) as caught:
            assembler.add(frame)
        assert caught.value.code == CloseCode.INVALID_DATA, f"expected 1007, got {caught.value.code!r}"
        return
    pytest.fail(f"expected ProtocolError 1007 at frame {fails_at}, none was raised")


# --- fragments() and parity with wsproto -----------------------------------------------------


def test_fragments_splits_a_message() -> None:
    """fragments("Hello", 2): TEXT "He", CONTINUATION "ll", CONTINUATION "o" with FIN only on
    the last. Bytes give BINARY first; an empty message is one empty final frame.
    """
    expected = [
        Frame(Opcode.TEXT, b"He", fin=False),
        Frame(Opcode.CONTINUATION, b"ll", fin=False),
        Frame(Opcode.CONTINUATION, b"o"),
    ]
    assert fragments("Hello", 2) == expected, f"expected {expected}, got {fragments('Hello', 2)}"
    assert fragments(b"", 5) == [Frame(Opcode.BINARY, b"")], f"got {fragments(b'', 5)}"
    with pytest.raises(ValueError, match="0"):
        fragments("x", 0)


@given(message=st.one_of(st.text(max_size=300), st.binary(max_size=300)), size=st.integers(1, 64))
@example(message="é", size=1)
@example(message="naïve ☃ 😀", size=3)
def test_fragments_round_trip_and_wsproto_agrees(message: str | bytes, size: int) -> None:
    """Any message split by fragments() (text split by bytes, so characters straddle frames)
    is rebuilt by the assembler, and by wsproto reading the same frames (the oracle).
    """
    frames = fragments(message, size)
    assert all(len(frame.payload) <= size for frame in frames), f"a fragment exceeds {size} bytes"
    got = add_all(MessageAssembler(), frames)
    assert got == [None] * (len(frames) - 1) + [message], f"expected {message!r} at the last frame, got {got}"

    receiver = FrameProtocol(client=True, extensions=[])
    receiver.receive_bytes(b"".join(encode_frame(frame) for frame in frames))
    parts = [frame.payload for frame in receiver.received_frames()]
    rebuilt = "".join(parts) if isinstance(message, str) else b"".join(parts)
    assert rebuilt == message, f"wsproto read {rebuilt!r}, expected {message!r}"


@given(chunks=st.lists(st.binary(max_size=8), min_size=1, max_size=6))
@example(chunks=[b"\xe2\x82", b"\xac"])
@example(chunks=[b"\xed\xa0\x80"])
def test_utf8_verdicts_agree_with_wsproto(chunks: list[bytes]) -> None:
    """For any bytes in text fragments, we and wsproto agree: the same message, or both fail
    with 1007. (A UTF-16 surrogate such as ed a0 80 is not valid UTF-8 either.)
    """
    frames = [
        Frame(Opcode.TEXT if index == 0 else Opcode.CONTINUATION, chunk, fin=index == len(chunks) - 1)
        for index, chunk in enumerate(chunks)
    ]
    receiver = FrameProtocol(client=True, extensions=[])
    receiver.receive_bytes(b"".join(encode_frame(frame) for frame in frames))
    try:
        theirs: object = "".join(frame.payload for frame in receiver.received_frames())
    except ParseFailed as failed:
        theirs = int(failed.code)
    try:
        ours: object = add_all(MessageAssembler(), frames)[-1]
    except ProtocolError as error:
        ours = int(error.code)
    assert ours == theirs, f"for {chunks}: wsproto gives {theirs!r}, we give {ours!r}"
