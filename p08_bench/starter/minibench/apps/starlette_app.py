"""The scenarios on Starlette, by hand: what FastAPI adds, written the way Starlette users write it.

To write: one endpoint per scenario of `minibench/spec.py` (/plaintext, /json, /items/{item_id},
POST /items, /deps, /io, /cpu), then the EXTRA_ROUTES routes /extra/<n>/{item_id}, and a 404
that answers {"detail": "Not Found"}. Read `fastapi_app.py` first: it is the model, and every
app must give its answers exactly (`minibench.check` compares them).

What FastAPI does for you, done by hand here: Pydantic validates the body (a 422 with the error
list when it refuses it) and shapes the answer (an `ItemPublic` model without `tags` and
`secret`), the path's `int` is Starlette's convertor, the dependencies are an async context
manager around the handler's work, and the JSON 404 is an exception handler.

`/cpu` is `async def` on purpose, as a naive user writes it: its few milliseconds of Python
block the event loop and every other request the worker holds. The benchmark shows it.
The dependency chain to wire by hand is given in `apps/session.py`.
"""

from starlette.applications import Starlette

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = Starlette()
