"""The seed app: `gunicorn --chdir examples app:app`, then curl it."""

from miniflask import MiniFlask, Request, Response, abort

app = MiniFlask()


@app.route("/hello/<name>")
def hello(request: Request, name: str) -> Response:
    return Response(f"Hello, {name}!", content_type="text/plain")


@app.route("/users", methods=["POST"])
def create_user(request: Request) -> Response:
    data = request.json  # not JSON: 415; malformed JSON: 400 (miniflask answers both)
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        abort(400, 'send a JSON object with a "name" string, e.g. {"name": "Alice"}')
    return Response({"id": 1, "name": data["name"]}, status=201)
