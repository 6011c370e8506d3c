"""The scenarios on miniflask (p01): `flask_app.py` on the course's Flask, with minipydantic.

To write: the Flask program of `flask_app.py` on miniflask: one view per scenario of
`minibench/spec.py`, the EXTRA_ROUTES routes /extra/<n>/<int:item_id>, and the JSON 404. Read
`fastapi_app.py` for the answers every app must give exactly (`minibench.check` compares them).

miniflask passes the request to the view (`view(request, **params)`) where Flask has a context
local; everything else is the Flask program: views returning dicts, minipydantic models for the
body and the answer, a context manager for the dependencies, an error handler for the JSON 404.
Synchronous: `/io` sleeps in its thread.
The dependency chain to wire by hand is given in `apps/session.py`.
minipydantic keeps an unreadable body's bytes as the error's `input`, which JSON cannot
carry: answer the 422 with `error.errors(include_url=False, include_input=False)`.
"""

from miniflask import MiniFlask

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = MiniFlask()
