"""Send the same requests to any WSGI or ASGI app and record what a client would see.

Projects' `compare.py` files use these so that "what came back" is recorded the same way for
the learner's code, the reference and the real library. Requests go through httpx's own
in-process transports: the ecosystem's client, no sockets.

`python -m coursekit.observe compare.py mini` runs one side of `nox -s compare`. A framework
turns an exception into a 500, so a learner's unwritten stub would show up as a bare 500:
`stubs_hit` watches for the `NotImplementedError` behind it and records which function
raised it, so the comparison can say "not written yet: Router.match (router.py:42)".
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

INTERESTING_HEADERS = ("content-type", "content-length", "allow", "location", "set-cookie")


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    content: bytes = b""


@contextlib.contextmanager
def stubs_hit() -> Iterator[list[str]]:
    """Collect `function (file:line)` for every NotImplementedError raised inside the block.

    A trace function sees each exception where it is raised, before any framework catches
    it and answers 500; line events are switched off, so the cost is one call per call.
    """
    found: list[str] = []

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "call":
            frame.f_trace_lines = False
        elif event == "exception" and isinstance(arg[1], NotImplementedError) and arg[2].tb_next is None:
            where = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno}"
            found.append(f"{frame.f_code.co_qualname} ({where})")
        return trace

    previous = sys.gettrace()
    threading.settrace(trace)  # sync endpoints run in worker threads
    sys.settrace(trace)
    try:
        yield found
    finally:
        sys.settrace(previous)
        threading.settrace(previous)


def _record(response: httpx.Response, headers: tuple[str, ...]) -> dict[str, Any]:
    """JSON bodies are kept as values: two serializers may space or order them differently."""
    body: Any = response.text
    if response.headers.get("content-type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):  # claimed JSON but is not: the text shows that
            body = response.json()
    return {
        "status": response.status_code,
        "headers": {name: response.headers.get(name) for name in headers if name in response.headers},
        "body": body,
    }


def wsgi_observe(
    app: Any, calls: Mapping[str, Call], headers: tuple[str, ...] = INTERESTING_HEADERS
) -> dict[str, Any]:
    """Each call's status, interesting headers and body; an exception is recorded, not raised."""
    observed: dict[str, Any] = {}
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as client:
        for name, call in calls.items():
            try:
                response = client.request(
                    call.method, call.path, headers=dict(call.headers), content=call.content
                )
                observed[name] = _record(response, headers)
            except Exception as exc:  # the point is to show it, not to stop
                observed[name] = {"error": f"{type(exc).__name__}: {exc}"}
    return observed


def asgi_observe(
    app: Any, calls: Mapping[str, Call], headers: tuple[str, ...] = INTERESTING_HEADERS
) -> dict[str, Any]:
    """The ASGI twin of `wsgi_observe` (no lifespan: scenarios must not need start-up state)."""

    async def main() -> dict[str, Any]:
        observed: dict[str, Any] = {}
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            for name, call in calls.items():
                try:
                    response = await client.request(
                        call.method, call.path, headers=dict(call.headers), content=call.content
                    )
                    observed[name] = _record(response, headers)
                except Exception as exc:
                    observed[name] = {"error": f"{type(exc).__name__}: {exc}"}
        return observed

    return asyncio.run(main())


def run_scenarios(compare_py: str, impl: str) -> dict[str, Any]:
    """Run a project's `compare.py` observe(impl): its observations, or what stopped it.

    Either way, the stubs it ran into are named: a learner's unfinished code usually shows up
    as a 500 or a traceback, and the name of the function to write is the useful part.
    """
    import runpy
    import traceback

    observe = runpy.run_path(compare_py)["observe"]
    with stubs_hit() as stubs:
        try:
            result: dict[str, Any] = {"observed": observe(impl)}
        except Exception:
            result = {"error": traceback.format_exc(limit=-8)}
    result["stubs"] = list(dict.fromkeys(stubs))
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run_scenarios(sys.argv[1], sys.argv[2]), default=repr, sort_keys=True))
