"""How far a connection's request body has been read: shared by every `Request` over it.

`receive()` hands each body chunk out exactly once. If the endpoint's Request reads the body
and an exception handler then builds its own Request and asks again, a naive second reader
would call `receive()` for chunks that will never come again, and wait forever. So the
reading progress (and the body, once `body()` has joined it) is not kept in the Request
object but in the scope, where every Request over the same connection finds it.

It is keyed by the `receive` channel too: a middleware that hands the app a *different*
`receive` (one that replays a rewritten body, say) starts a new body, and a Request over the
new channel must not be answered with the old bytes.
"""

from __future__ import annotations

from miniasgi.types import Message, Receive, Scope

SCOPE_KEY = "miniasgi.body"


class BodyProgress:
    """What has been read of one connection's body through one `receive` channel."""

    __slots__ = ("body", "complete", "disconnected", "pending", "receive", "received")

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.body: bytes | None = None  # the whole body, once body() has read it
        self.complete = False  # the last http.request message (more_body false) has arrived
        self.received = 0  # bytes seen so far, for the size limit
        self.disconnected = False  # http.disconnect has arrived
        self.pending: list[Message] = []  # messages read early (is_disconnected), not yet used

    async def next_message(self) -> Message:
        """The next message of the channel: one read early first, else `receive()`."""
        if self.pending:
            return self.pending.pop(0)
        return await self.receive()


def body_progress(scope: Scope, receive: Receive) -> BodyProgress:
    """The progress kept in `scope` for this `receive` channel (a fresh one the first time)."""
    progress = scope.get(SCOPE_KEY)
    # `!=`, not `is not`: a bound method (`self.receive`) is a new object at each access.
    if not isinstance(progress, BodyProgress) or progress.receive != receive:
        progress = scope[SCOPE_KEY] = BodyProgress(receive)
    return progress
