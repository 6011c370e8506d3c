"""Milestone 2's server: every message comes back, on our own asyncio WebSocket server.

Run it, then talk to it with the `websockets` library's interactive client:

    python examples/echo_server.py                 # listens on localhost:8765
    python -m websockets ws://localhost:8765/      # type a line, get it back

`python examples/echo_server.py HOST PORT` listens elsewhere (the tests use a free port).
Ctrl-C or SIGTERM closes every open connection with 1001 (going away) before exiting.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from miniws.connection import Connection, ConnectionClosed
from miniws.server import serve


async def echo(connection: Connection, path: str) -> None:
    """Send every message back as it came (text stays text, bytes stay bytes)."""
    try:
        while True:
            await connection.send(await connection.recv())
    except ConnectionClosed:
        pass  # the client left: returning ends our side too


async def main(host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    async with serve(echo, host, port):
        print(f"echoing on ws://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        await stop.wait()


if __name__ == "__main__":
    host, port = (sys.argv[1], int(sys.argv[2])) if len(sys.argv) == 3 else ("localhost", 8765)
    asyncio.run(main(host, port))
