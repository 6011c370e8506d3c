"""Messages (RFC 6455 section 5.4): a text or binary message is one or more data frames.

Control frames may arrive between the fragments of a message; they are the caller's, this
module only sees data frames.
"""

from __future__ import annotations

from miniws.frames import Frame


class MessageAssembler:
    """Join data frames into messages, enforcing fragmentation rules, size and UTF-8."""

    def __init__(self, *, max_message_size: int = 1 << 20) -> None:
        raise NotImplementedError(
            "Milestone 2: remember the size limit and start with no message in progress."
        )

    def add(self, frame: Frame) -> str | bytes | None:
        raise NotImplementedError(
            "Milestone 2: add a data frame; return the whole message (str for text, bytes for "
            "binary) when its last frame arrives, else None; raise ProtocolError for a "
            "continuation with nothing to continue or a new message inside one (1002), too "
            "many bytes (1009) or text that is not UTF-8 (1007, as soon as it is seen). A control "
            "frame is the caller's to handle: given one, raise ValueError naming its opcode."
        )


def fragments(message: str | bytes, size: int) -> list[Frame]:
    raise NotImplementedError(
        "Milestone 2: split a message into data frames of at most `size` payload bytes: the "
        "first TEXT or BINARY, the others CONTINUATION, FIN on the last. A size under 1 is a "
        "ValueError that says the size it got."
    )
