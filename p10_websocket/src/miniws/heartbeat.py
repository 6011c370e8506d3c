"""Heartbeat and idle timeout: find the connections whose client is gone without a word.

A client that loses its network (a laptop lid closed, a train in a tunnel) sends no close
frame: TCP only notices after minutes, and meanwhile its socket, its queue and its sender stay
in the rooms. The cure is to talk: every `interval` seconds the manager queues a `PING` to
every connection, the client answers `{"type": "pong"}`, and a connection that sent nothing
at all (no message, no pong) for `idle_timeout` seconds is closed.

Why in the application, when RFC 6455 has ping and pong control frames? Because ASGI does not
carry them: the server answers pings itself and never tells the app, and an app cannot send
one. Servers ping on their own (uvicorn: `--ws-ping-interval 20 --ws-ping-timeout 20`), which
is enough to find dead TCP connections; an application-level ping also proves the *page* is
alive (a frozen tab answers control frames, not JSON), and it works behind proxies that
answer protocol pings themselves.

The close code for an idle client is 1001 "going away": the server is ending a conversation
that went quiet, which is neither a protocol error (1002) nor a policy violation (1008), and
1001 tells a client it may reconnect at once. (Cloud gateways use it for their idle timeouts.)

One task per manager sweeps all connections, instead of a timer per connection: the per-message
path only stores the time a client was last seen.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Collection

from miniws.outbox import Outbox

PING = '{"type":"ping"}'
IDLE_CLOSE_CODE = 1001
_PONG = {"type": "pong"}


def is_pong(text: str) -> bool:
    """Is this text frame the client's answer to a ping (any JSON spacing)?"""
    if not text.startswith("{") or len(text) > 64:
        return False  # the fast answer for every real message
    try:
        return bool(json.loads(text) == _PONG)
    except ValueError:
        return False


async def keep_alive(members: Collection[Outbox], interval: float | None, idle_timeout: float | None) -> None:
    """Forever: every `interval` seconds queue a PING to each member; close (1001) a member
    whose client has been silent longer than `idle_timeout`; forget one whose client is known
    to be gone. Without `interval`, check every `idle_timeout` seconds (a silent client is
    then closed between one and two `idle_timeout`s after its last word)."""
    tick = interval if interval is not None else idle_timeout
    if tick is None:
        raise ValueError("keep_alive needs an interval, an idle_timeout, or both.")
    while True:
        await asyncio.sleep(tick)
        now = time.monotonic()
        for member in members:
            if member.websocket.client_state.name == "DISCONNECTED":
                member.stop(None)
            elif idle_timeout is not None and now - member.last_seen > idle_timeout:
                member.stop(IDLE_CLOSE_CODE)
            elif interval is not None:
                member.put(PING)
