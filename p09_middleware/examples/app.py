"""The seed's outcome: three middleware around the capstone's `MiniAPI`, served by uvicorn.

    nox -s serve -- p09        (uvicorn --app-dir examples app:app)
    curl -i http://127.0.0.1:8000/items/1
        x-ratelimit-limit: 100
        x-ratelimit-remaining: 99
        x-response-time: 0.001s

The last middleware added runs first: CORS sees the request before the rate limit, so a
browser's preflight never spends the client's budget, and the timing covers only the app.

One process keeps the limit in its own memory. Several workers must share it, so with
`REDIS_URL` set the limit lives in Redis, and every worker (or machine) counts against it:

    REDIS_URL=redis://127.0.0.1:6379/0 gunicorn -w 4 -k uvicorn_worker.UvicornWorker \
        --chdir examples app:app
"""

import os

from minifast import MiniAPI
from minimiddleware import CORSMiddleware, RateLimitMiddleware, RedisBackend, TimingMiddleware

app = MiniAPI(title="Middleware demo")


@app.get("/items/{item_id}")
async def read_item(item_id: int) -> dict[str, int]:
    return {"item_id": item_id}


backend = RedisBackend(os.environ["REDIS_URL"]) if os.environ.get("REDIS_URL") else None

app.add_middleware(TimingMiddleware)
app.add_middleware(RateLimitMiddleware, requests_per_minute=100, backend=backend)
app.add_middleware(CORSMiddleware, allow_origins=["*"])
