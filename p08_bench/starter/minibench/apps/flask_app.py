"""The scenarios on Flask, as its users write them: views returning dicts, Pydantic by hand.

To write: one view per scenario of `minibench/spec.py` (/plaintext, /json, /items/<int:item_id>,
POST /items, /deps, /io, /cpu), then the EXTRA_ROUTES routes /extra/<n>/<int:item_id>, and a
404 that answers {"detail": "Not Found"}. Read `fastapi_app.py` first: it is the model, and
every app must give its answers exactly (`minibench.check` compares them).

What FastAPI does for you, done by hand here: Pydantic validates the body (a 422 with the error
list when it refuses it) and shapes the answer (an `ItemPublic` model without `tags` and
`secret`), the path's `int` is Werkzeug's converter, the dependencies are a context manager
(`apps/session.py`, given) around the view's work, and the JSON 404 is an error handler.
Flask is synchronous: `/io` sleeps in its thread.
"""

from flask import Flask

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = Flask(__name__)
