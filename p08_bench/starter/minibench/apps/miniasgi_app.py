"""The scenarios on miniasgi (p02) routed by minirouter (p03): `starlette_app.py` on the course's Starlette.

To write: the Starlette program of `starlette_app.py` with its imports swapped (miniasgi's
requests and responses, minirouter's `App` and `Route`) and minipydantic for Pydantic: one
handler per scenario of `minibench/spec.py`, the EXTRA_ROUTES routes, the JSON 404 handler.
Read `fastapi_app.py` for the answers every app must give exactly (`minibench.check` compares
them).

minirouter's `App` is miniasgi's application with minirouter's index as its router. `/cpu` is
`async def` on purpose, as in `starlette_app.py`: it blocks the event loop for its few
milliseconds, and the benchmark shows what that costs the other requests.
The dependency chain to wire by hand is given in `apps/session.py`.
minipydantic keeps an unreadable body's bytes as the error's `input`, which JSON cannot
carry: answer the 422 with `error.errors(include_url=False, include_input=False)`.
"""

from minirouter import App

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = App()
