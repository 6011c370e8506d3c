"""Frames (RFC 6455 section 5): the unit a WebSocket sends on the wire.

Sans-IO: `encode_frame` turns a Frame into bytes, `FrameReader` turns bytes (in any chunks)
into Frames. Every violation raises ProtocolError carrying the close code to fail with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Opcode(IntEnum):
    """What a frame carries; 8 and above are control frames."""

    CONTINUATION = 0
    TEXT = 1
    BINARY = 2
    CLOSE = 8
    PING = 9
    PONG = 10

    @property
    def is_control(self) -> bool:
        """Control frames (close, ping, pong) have the opcode's top bit set."""
        return self >= 8


class CloseCode(IntEnum):
    """The status codes of a close frame (RFC 6455 section 7.4, and IANA's registry)."""

    NORMAL = 1000
    GOING_AWAY = 1001
    PROTOCOL_ERROR = 1002
    UNSUPPORTED_DATA = 1003
    NO_STATUS = 1005
    ABNORMAL = 1006
    INVALID_DATA = 1007
    POLICY_VIOLATION = 1008
    MESSAGE_TOO_BIG = 1009
    MANDATORY_EXTENSION = 1010
    INTERNAL_ERROR = 1011
    SERVICE_RESTART = 1012
    TRY_AGAIN_LATER = 1013


class ProtocolError(Exception):
    """The peer broke the protocol: fail the connection with a close frame carrying `code`."""

    def __init__(self, reason: str, code: CloseCode = CloseCode.PROTOCOL_ERROR) -> None:
        super().__init__(f"{int(code)}: {reason}")
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame: its opcode, its (unmasked) payload, the FIN bit and the three RSV bits."""

    opcode: Opcode
    payload: bytes
    fin: bool = True
    rsv1: bool = False
    rsv2: bool = False
    rsv3: bool = False


def apply_mask(payload: bytes, key: bytes) -> bytes:
    raise NotImplementedError(
        "Milestone 2: XOR every payload byte with the 4-byte key, byte i with key[i % 4] "
        "(the same call masks and unmasks)."
    )


def encode_frame(frame: Frame, mask: bytes | None = None) -> bytes:
    raise NotImplementedError(
        "Milestone 2: return the wire bytes of this frame: FIN, RSV and opcode, the length in "
        "7, 16 or 64 bits, and, when a 4-byte mask is given (clients), the mask and the masked payload. "
        "The caller's mistakes are ValueErrors: a control frame that is not final or carries over "
        "125 bytes (name its opcode), a mask that is not 4 bytes."
    )


class FrameReader:
    """Turn the bytes a peer sends, in whatever chunks they arrive, into Frames."""

    def __init__(self, *, expect_mask: bool, max_frame_size: int = 1 << 20) -> None:
        raise NotImplementedError(
            "Milestone 2: remember which side we are (a server expects masked frames) and the "
            "size limit, and start with an empty buffer."
        )

    def feed(self, data: bytes) -> list[Frame]:
        raise NotImplementedError(
            "Milestone 2: add these bytes and return every frame now complete, keeping the rest "
            "for the next call; raise ProtocolError (with its close code) for a frame that "
            "breaks the rules, as soon as its header shows it."
        )


def close_payload(code: int, reason: str = "") -> bytes:
    raise NotImplementedError(
        "Milestone 2: return a close frame's payload: the code in two bytes, then the reason in "
        "UTF-8 (at most 123 bytes); refuse codes that may not be sent."
    )


def parse_close(payload: bytes) -> tuple[int, str]:
    raise NotImplementedError(
        "Milestone 2: read a close frame's payload into (code, reason): empty means 1005; a "
        "code that may not be sent raises ProtocolError 1002, a reason that is not UTF-8 1007."
    )
