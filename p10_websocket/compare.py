"""Scenarios for `nox -s compare -- p10`: the same handshakes and frames through miniws's
sans-IO codec and through wsproto's (the codec uvicorn can use).

`observe("mini")` uses whichever miniws PYTHONPATH selects (learner's or reference copy),
`observe("real")` uses wsproto. Frames are shown as hex; a parsed frame as its opcode, FIN
and payload; a refused one as the close code each side would send.
"""

from __future__ import annotations

from typing import Any

ACCEPT_KEYS = ["dGhlIHNhbXBsZSBub25jZQ==", "AQIDBAUGBwgJCgsMDQ4PEA=="]
# (name, opcode, payload, fin): unmasked, as a server sends them
SENT: list[tuple[str, int, bytes, bool]] = [
    ("text 'Hello'", 1, b"Hello", True),
    ("binary, 200 bytes (16-bit length)", 2, bytes(200), True),
    ("binary, 70,000 bytes (64-bit length)", 2, bytes(70_000), True),
    ("ping 'hi'", 9, b"hi", True),
    ("first fragment of a text", 1, b"Hel", False),
]
# (name, bytes a client sends): masked unless the name says otherwise
RECEIVED: list[tuple[str, bytes]] = [
    ("masked 'Hello' (RFC 6455 5.7)", bytes.fromhex("818537fa213d7f9f4d5158")),
    ("unmasked from a client", bytes.fromhex("810548656c6c6f")),
    ("reserved bit set", bytes.fromhex("c18037fa213d")),
    ("unknown opcode 3", bytes.fromhex("838037fa213d")),
    ("fragmented ping", bytes.fromhex("098037fa213d")),
    ("close with code 1000", bytes.fromhex("888237fa213d3412")),
]


def _mini() -> dict[str, object]:
    from miniws import Frame, FrameReader, Opcode, ProtocolError, accept_key, encode_frame

    observed: dict[str, object] = {}
    for key in ACCEPT_KEYS:
        observed[f"accept key for {key}"] = accept_key(key)
    for name, opcode, payload, fin in SENT:
        observed[f"send: {name}"] = encode_frame(Frame(Opcode(opcode), payload, fin=fin)).hex()[:16]
    for name, data in RECEIVED:
        try:
            frames = FrameReader(expect_mask=True).feed(data)
            observed[f"receive: {name}"] = [(int(f.opcode), f.fin, f.payload.hex()) for f in frames]
        except ProtocolError as error:
            observed[f"receive: {name}"] = f"refused with {int(error.code)}"
    return observed


def _wsproto() -> dict[str, object]:
    from wsproto.frame_protocol import FrameProtocol, Opcode, ParseFailed
    from wsproto.utilities import generate_accept_token

    observed: dict[str, object] = {}
    for key in ACCEPT_KEYS:
        observed[f"accept key for {key}"] = generate_accept_token(key.encode()).decode()
    server = FrameProtocol(client=False, extensions=[])
    for name, opcode, payload, fin in SENT:
        if opcode == Opcode.PING:
            sent = server.ping(payload)
        else:
            data: Any = payload.decode() if opcode == Opcode.TEXT else payload
            sent = server.send_data(data, fin=fin)
            server = FrameProtocol(client=False, extensions=[])  # a fresh sender: no open message
        observed[f"send: {name}"] = sent.hex()[:16]
    for name, data in RECEIVED:
        receiver = FrameProtocol(client=False, extensions=[])
        receiver.receive_bytes(data)
        try:
            frames = list(receiver.received_frames())
        except ParseFailed as error:
            observed[f"receive: {name}"] = f"refused with {int(error.code)}"
            continue
        observed[f"receive: {name}"] = [(int(f.opcode), f.frame_finished, _raw(f)) for f in frames]
    return observed


def _raw(frame: Any) -> str:
    """wsproto decodes text and close payloads; show every payload as the bytes it was."""
    payload = frame.payload
    if isinstance(payload, str):
        return payload.encode().hex()
    if isinstance(payload, tuple):  # a close frame: (code, reason)
        code, reason = payload
        return (int(code).to_bytes(2, "big") + reason.encode()).hex()
    return bytes(payload).hex()


def observe(impl: str) -> dict[str, object]:
    """Run every scenario against impl "mini" (miniws) or "real" (wsproto)."""
    return _mini() if impl == "mini" else _wsproto()
