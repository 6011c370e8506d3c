"""The same three middleware around p02's `MiniASGI`: nothing in them is specific to the
capstone, because a middleware only ever sees ASGI messages.

    uvicorn --app-dir examples asgi_app:app
"""

from miniasgi import JSONResponse, MiniASGI, Request
from minimiddleware import CORSMiddleware, RateLimitMiddleware, TimingMiddleware

app = MiniASGI()


@app.route("/items/{item_id}")
async def read_item(request: Request, item_id: str) -> JSONResponse:
    return JSONResponse({"item_id": int(item_id)})


app.add_middleware(TimingMiddleware)
app.add_middleware(RateLimitMiddleware, requests_per_minute=100)
app.add_middleware(CORSMiddleware, allow_origins=["*"])
