"""Messages (RFC 6455 section 5.4): a text or binary message is one or more data frames.

The first frame of a message says TEXT or BINARY, the others say CONTINUATION, and the last
has FIN set. A sender fragments to start sending before it knows the whole message (a
stream), or to keep frames small; a receiver must join them. Control frames (ping, pong,
close) may arrive between fragments, precisely so that a long message cannot delay a ping;
they stay with the caller, which answers them at once, and only data frames come here:

    for frame in reader.feed(data):
        if frame.opcode.is_control:
            handle_control(frame)  # pong a ping, answer a close ...
        elif (message := assembler.add(frame)) is not None:
            deliver(message)

Two limits protect the receiver: a total message size (1009, checked before the bytes are
kept, so a flood of small fragments cannot grow memory past it) and UTF-8 validity of text
(1007), checked fragment by fragment with an incremental decoder so that garbage fails the
connection at once, not after megabytes of it have been buffered.
"""

from __future__ import annotations

import codecs

from miniws.frames import CloseCode, Frame, Opcode, ProtocolError

_Utf8Decoder = codecs.getincrementaldecoder("utf-8")


def _invalid_text() -> ProtocolError:
    return ProtocolError("text message is not valid UTF-8", CloseCode.INVALID_DATA)


class MessageAssembler:
    """Join data frames into messages, enforcing fragmentation rules, size and UTF-8."""

    def __init__(self, *, max_message_size: int = 1 << 20) -> None:
        self._max_message_size = max_message_size
        self._opcode: Opcode | None = None  # the message in progress, if any
        self._size = 0
        self._decoder: codecs.IncrementalDecoder | None = None  # set for a text message
        self._texts: list[str] = []
        self._chunks: list[bytes] = []

    def add(self, frame: Frame) -> str | bytes | None:
        """Add a data frame; the whole message when `frame` is its last frame, else None."""
        opcode = frame.opcode
        if opcode >= 8:
            raise ValueError(f"{opcode.name} is a control frame: the caller handles it, not the assembler")
        if opcode is Opcode.CONTINUATION:
            if self._opcode is None:
                raise ProtocolError("CONTINUATION frame with no message to continue")
        elif self._opcode is not None:
            raise ProtocolError(f"{opcode.name} frame while a {self._opcode.name} message is unfinished")
        size = self._size + len(frame.payload)
        if size > self._max_message_size:
            raise ProtocolError(
                f"message of more than {self._max_message_size} bytes", CloseCode.MESSAGE_TOO_BIG
            )
        if opcode is not Opcode.CONTINUATION:
            if frame.fin:
                return self._whole(frame)
            self._opcode = opcode
            self._decoder = _Utf8Decoder() if opcode is Opcode.TEXT else None
        return self._fragment(frame.payload, size, frame.fin)

    @staticmethod
    def _whole(frame: Frame) -> str | bytes:
        """A message in one frame (the common case): no buffering, no incremental decoder."""
        if frame.opcode is Opcode.BINARY:
            return frame.payload
        try:
            return frame.payload.decode("utf-8")
        except UnicodeDecodeError:
            raise _invalid_text() from None

    def _fragment(self, payload: bytes, size: int, fin: bool) -> str | bytes | None:
        """Keep one fragment (decoded at once, for text); the message when `fin` ends it."""
        decoder = self._decoder
        if decoder is None:
            self._chunks.append(payload)
        else:
            try:
                self._texts.append(decoder.decode(payload, fin))
            except UnicodeDecodeError:
                raise _invalid_text() from None
        if not fin:
            self._size = size
            return None
        message = "".join(self._texts) if decoder is not None else b"".join(self._chunks)
        self._opcode = None
        self._decoder = None
        self._size = 0
        self._texts = []
        self._chunks = []
        return message


def fragments(message: str | bytes, size: int) -> list[Frame]:
    """Split a message into data frames of at most `size` payload bytes.

    Text is split by bytes of its UTF-8, not by characters: a character may straddle two
    frames, which is legal (only the whole message must be UTF-8) and which a receiver must
    handle. An empty message is one empty frame.
    """
    if size < 1:
        raise ValueError(f"fragment size must be at least 1, got {size}")
    if isinstance(message, str):
        opcode, data = Opcode.TEXT, message.encode("utf-8")
    else:
        opcode, data = Opcode.BINARY, message
    chunks = [data[start : start + size] for start in range(0, len(data), size)] or [b""]
    last = len(chunks) - 1
    return [
        Frame(opcode if index == 0 else Opcode.CONTINUATION, chunk, fin=index == last)
        for index, chunk in enumerate(chunks)
    ]
