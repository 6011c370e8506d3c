"""Milestone 4, step 2: authenticate the handshake before accepting it.

`token_from(websocket)` finds the bearer token in the `Authorization` header, or in an
offered `bearer.<token>` subprotocol (the only header a browser page can set), and never in
the query string, which ends up in access logs. `authenticate(websocket, verify)` returns
the user `verify` finds for the token, or closes with 1008 before accepting: under uvicorn
the client is refused with an HTTP 403 and never sees an open connection.
examples/private_chat.py puts it together.
"""

from __future__ import annotations

import asyncio
import json
import sys

import pytest
from coursekit import running_server
from miniws.auth import authenticate, token_from
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from .chat_servers import EXAMPLES
from .fake_ws import Peer, run

UVICORN = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), "private_chat:app"]
UVICORN += ["--host", "{host}", "--port", "{port}"]


@pytest.mark.parametrize(
    ("headers", "query", "subprotocols", "expected"),
    [
        ([(b"authorization", b"Bearer abc.def")], b"", [], "abc.def"),
        ([(b"authorization", b"bearer   abc ")], b"", [], "abc"),
        ([], b"", ["chat", "bearer.abc.def"], "abc.def"),
        ([(b"authorization", b"Bearer from-header")], b"", ["bearer.from-protocol"], "from-header"),
        ([(b"authorization", b"Basic dXNlcjpwdw==")], b"", [], None),
        ([(b"authorization", b"Bearer ")], b"", ["bearer."], None),
        ([], b"token=abc", [], None),
        ([], b"", ["chat"], None),
    ],
    ids=["header", "header-spacing", "subprotocol", "header-first", "basic", "empty", "query", "none"],
)
def test_the_token_comes_from_the_header_or_a_subprotocol_never_the_query(
    headers: list[tuple[bytes, bytes]], query: bytes, subprotocols: list[str], expected: str | None
) -> None:
    """token_from(): `Authorization: Bearer <token>` (scheme in any case, spaces trimmed)
    first, then an offered subprotocol `bearer.<token>`; a `?token=` query parameter is
    ignored on purpose (URLs are logged), as are other schemes and empty tokens."""
    websocket = Peer(headers=headers, query_string=query, subprotocols=subprotocols).websocket()
    got = token_from(websocket)
    assert got == expected, f"expected {expected!r}, got {got!r}"


async def verify(token: str) -> str | None:
    return {"alice-token": "alice"}.get(token)


@pytest.mark.parametrize(
    ("headers", "expected_user"),
    [
        ([(b"authorization", b"Bearer alice-token")], "alice"),
        ([(b"authorization", b"Bearer nope")], None),
        ([], None),
    ],
    ids=["valid", "rejected", "missing"],
)
def test_authenticate_closes_with_1008_before_accepting(
    headers: list[tuple[bytes, bytes]], expected_user: str | None
) -> None:
    """authenticate() returns verify's user for a good token and leaves the socket to the
    endpoint (not accepted, not closed). For a rejected or missing token it returns None and
    closes with 1008 (policy violation) without accepting first."""

    async def main() -> None:
        async with asyncio.timeout(10):
            peer = Peer(headers=headers)
            user = await authenticate(peer.websocket(), verify)
            assert user == expected_user, f"expected user {expected_user!r}, got {user!r}"
            assert not peer.accepted, "expected authenticate() never to accept"
            expected_close = None if expected_user else 1008
            assert peer.close_code == expected_close, (
                f"expected close {expected_close}, got {peer.close_code}"
            )

    run(main)


@pytest.mark.timeout(30)
def test_under_uvicorn_a_stranger_gets_a_403_and_a_ticket_holder_chats() -> None:
    """examples/private_chat.py under uvicorn, the `websockets` library as the client: no
    token, a wrong one, or one in the query string: the upgrade is refused with HTTP 403
    (InvalidStatus). A token in the Authorization header, or as a `bearer.` subprotocol next
    to "chat", gets in (accepted with "chat"), and messages carry the sender's name."""
    with running_server(UVICORN, ready_path="/") as base_url:
        url = base_url.replace("http://", "ws://") + "/private/room"
        for refused in (
            {},
            {"additional_headers": {"Authorization": "Bearer wrong"}},
            {"subprotocols": ["chat", "bearer.wrong"]},
        ):
            with pytest.raises(InvalidStatus) as denied:
                connect(url, **refused).close()  # type: ignore[arg-type]
            status = denied.value.response.status_code
            assert status == 403, f"expected HTTP 403 for {refused}, got {status}"
        with pytest.raises(InvalidStatus):
            connect(url + "?token=alice-token").close()
        with (
            connect(url, additional_headers={"Authorization": "Bearer alice-token"}) as alice,
            connect(url, subprotocols=["chat", "bearer.bob-token"]) as bob,  # type: ignore[list-item]
        ):
            assert bob.subprotocol == "chat", f"expected the server to pick 'chat', got {bob.subprotocol!r}"
            alice.send("hi bob")
            got = json.loads(bob.recv(timeout=5))
            assert got == {"from": "alice", "text": "hi bob"}, f"got {got}"
