"""Milestone 8: a handler that holds its worker for a whole second.

Serve it two ways and fire two requests at once:

    gunicorn --chdir examples slow:app                                      # ~2 s for both
    gunicorn --chdir examples slow:app --worker-class gthread --threads 2   # ~1 s for both

`time.sleep` stands in for any blocking call (a database query, an HTTP call to another
service). While it runs, the thread serving this request can do nothing else. The view
reports when it started and stopped waiting (`X-Started`, `X-Finished`: seconds on the
worker's monotonic clock), so you can see whether two requests overlapped:
`curl -i localhost:8000/slow`.
"""

import time

from miniflask import MiniFlask, Request

app = MiniFlask()


@app.route("/slow")
def slow(request: Request) -> tuple[str, dict[str, str]]:
    started = time.monotonic()
    time.sleep(1.0)
    finished = time.monotonic()
    return "done\n", {"X-Started": f"{started:.6f}", "X-Finished": f"{finished:.6f}"}


@app.route("/")
def index(request: Request) -> str:
    return "ok\n"
