"""The scenarios on minifast (p07): `fastapi_app.py` with its imports swapped, nothing else.

To write: copy the endpoints of `fastapi_app.py` (every scenario of `minibench/spec.py` and
the EXTRA_ROUTES routes) onto this app, importing from minifast and minipydantic instead of
fastapi and pydantic.

minifast is the course's FastAPI you could swap in, so the benchmark runs FastAPI's own program
on it: the same `async def` handlers, the same return annotations read as response models, the
same `Depends` chain with one `yield`. The difference in time per request is then the
framework's alone.
"""

from minifast import FastAPI

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

app = FastAPI()
