"""Milestone 5: a handler that holds its worker for a whole second.

Serve it two ways and fire two requests at once:

    gunicorn --chdir examples slow:app                                   # ~2 s for both
    gunicorn --chdir examples slow:app --worker-class gthread --threads 2   # ~1 s for both

`time.sleep` stands in for any blocking call (a database query, an HTTP call to another
service). While it runs, the thread serving this request can do nothing else.
"""

import time

from miniflask import MiniFlask, Request

app = MiniFlask()


@app.route("/slow")
def slow(request: Request) -> str:
    time.sleep(1.0)
    return "done\n"


@app.route("/")
def index(request: Request) -> str:
    return "ok\n"
