"""Per-request cost of miniflask, Flask and Bottle, measured in one process, in one run.

    nox -s bench -- p01 [--number 20000] [--repeat 5]

Each framework gets the same three routes (a static text page, a text page with a path
parameter, a JSON body with an int parameter). We call each WSGI app directly with a
prepared environ, so no server or socket is timed: only the framework's own work per request
(build the request, route, call the view, build the response, start it, produce the body).
The number reported is the best of several repeats, in microseconds per request.

The repeats are interleaved (round 1 times every framework and route, then round 2 ...), so
a burst of load from another process on a shared machine slows one round of everybody rather
than all the rounds of one framework: the ratios stay meaningful even when the absolute
numbers move.
"""

from __future__ import annotations

import argparse
import io
import timeit
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import bottle
import flask
from miniflask import MiniFlask, Request

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PATHS = ["/", "/hello/world", "/users/42"]


def build_miniflask() -> WSGIApp:
    app = MiniFlask()

    @app.route("/")
    def index(request: Request) -> str:
        return "Hello, World!"

    @app.route("/hello/<name>")
    def hello(request: Request, name: str) -> str:
        return f"Hello, {name}!"

    @app.route("/users/<int:user_id>")
    def user(request: Request, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "name": "Alice"}

    return app


def build_flask() -> WSGIApp:
    app = flask.Flask("bench")

    @app.route("/")
    def index() -> str:
        return "Hello, World!"

    @app.route("/hello/<name>")
    def hello(name: str) -> str:
        return f"Hello, {name}!"

    @app.route("/users/<int:user_id>")
    def user(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "name": "Alice"}

    return app


def build_bottle() -> WSGIApp:
    app = bottle.Bottle()

    @app.route("/")
    def index() -> str:
        return "Hello, World!"

    @app.route("/hello/<name>")
    def hello(name: str) -> str:
        return f"Hello, {name}!"

    @app.route("/users/<user_id:int>")
    def user(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "name": "Alice"}

    return app


def environ_for(path: str) -> dict[str, Any]:
    """The environ a WSGI server would build for `GET path`."""
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost:8000",
        "HTTP_USER_AGENT": "bench",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
    return None


def one_request(app: WSGIApp, environ: dict[str, Any]) -> bytes:
    """What a server does: call the app with a fresh environ, read the body, close it."""
    body = app(dict(environ), start_response)
    try:
        return b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


def check_same_bodies(apps: dict[str, WSGIApp]) -> None:
    """Refuse to time apps that do not answer alike (JSON whitespace aside)."""
    for path in PATHS:
        bodies = {
            name: one_request(app, environ_for(path)).replace(b" ", b"").strip() for name, app in apps.items()
        }
        if len(set(bodies.values())) != 1:
            raise SystemExit(f"the apps disagree on {path}: {bodies}")


def measure(apps: dict[str, WSGIApp], number: int, repeat: int) -> dict[str, dict[str, float]]:
    """Best-of-`repeat` microseconds per request, {framework: {path: µs}}, in interleaved rounds."""
    best = {name: dict.fromkeys(PATHS, float("inf")) for name in apps}
    for _round in range(repeat):
        for name, app in apps.items():
            for path in PATHS:
                environ = environ_for(path)
                seconds = timeit.timeit(partial(one_request, app, environ), number=number)
                best[name][path] = min(best[name][path], seconds / number * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--number", type=int, default=20_000, help="requests per timing (default 20000)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timings per route; the best counts (default 5)"
    )
    args = parser.parse_args()

    apps = {"miniflask": build_miniflask(), "bottle": build_bottle(), "flask": build_flask()}
    check_same_bodies(apps)
    results = measure(apps, args.number, args.repeat)

    print(f"µs per request, best of {args.repeat} x {args.number} calls (lower is better)\n")
    print(
        f"{'route':<16}" + "".join(f"{name:>12}" for name in apps) + f"{'mini/bottle':>14}{'mini/flask':>12}"
    )
    for path in [*PATHS, "mean"]:
        row = {
            name: (sum(times.values()) / len(times) if path == "mean" else times[path])
            for name, times in results.items()
        }
        cells = "".join(f"{row[name]:>12.2f}" for name in apps)
        ratios = f"{row['miniflask'] / row['bottle']:>14.2f}{row['miniflask'] / row['flask']:>12.2f}"
        print(f"{path:<16}{cells}{ratios}")


if __name__ == "__main__":
    main()
