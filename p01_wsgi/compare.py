"""Scenarios for `nox -s compare -- p01`: one small app, written for miniflask and for Flask.

`observe("mini")` runs the course package (your copy or the reference, whichever PYTHONPATH
selects); `observe("real")` runs Flask. Two differences are by design and are normalised
away so the comparison shows real disagreements: JSON bodies are compared as values (the kit
parses them; Flask prints compact, sorted JSON, miniflask `json.dumps` output as the seed
shows), and error pages are compared by their `<title>` (same status line, our own wording).
"""

from __future__ import annotations

import json
import re
from typing import Any

from coursekit.observe import Call, wsgi_observe

JSON = {"Content-Type": "application/json"}

CALLS = {
    "hello": Call("GET", "/hello/Douglas"),
    "hello HEAD": Call("HEAD", "/hello/Douglas"),
    "hello OPTIONS": Call("OPTIONS", "/hello/Douglas"),
    "int converter": Call("GET", "/users/42"),
    "int converter, not a number": Call("GET", "/users/abc"),
    "path converter": Call("GET", "/files/a/b/c.txt"),
    "query args": Call("GET", "/search?tag=a&tag=b&q=x+y"),
    "create user": Call("POST", "/users", headers=JSON, content=b'{"name": "Alice"}'),
    "create user, broken JSON": Call("POST", "/users", headers=JSON, content=b'{"name": '),
    "create user, not JSON": Call("POST", "/users", headers={"Content-Type": "text/plain"}, content=b"hi"),
    "wrong method": Call("GET", "/users"),
    "unknown path": Call("GET", "/nowhere"),
    "redirect": Call("GET", "/old"),
    "cookies": Call("GET", "/cookie", headers={"Cookie": 'seen=1; note="a b"'}),
    "abort": Call("GET", "/admin"),
    "bug in a view": Call("GET", "/boom"),
}


def build_mini() -> Any:
    from miniflask import MiniFlask, Request, Response, abort

    app = MiniFlask()

    @app.route("/hello/<name>")
    def hello(request: Request, name: str) -> Response:
        return Response(f"Hello, {name}!", content_type="text/plain")

    @app.route("/users/<int:user_id>")
    def user(request: Request, user_id: int) -> Any:
        return {"id": user_id}

    @app.route("/files/<path:subpath>")
    def files(request: Request, subpath: str) -> str:
        return subpath

    @app.route("/search")
    def search(request: Request) -> Any:
        return {key: request.args.getlist(key) for key in request.args}

    @app.route("/users", methods=["POST"])
    def create_user(request: Request) -> Any:
        return Response({"id": 1, "name": request.json["name"]}, status=201)

    @app.route("/old")
    def old(request: Request) -> Any:
        return "", 301, {"Location": "/hello/world"}

    @app.route("/cookie")
    def cookie(request: Request) -> Any:
        response = Response(request.cookies)
        response.set_cookie("visited", "yes", httponly=True)
        return response

    @app.route("/admin")
    def admin(request: Request) -> Any:
        abort(403)

    @app.route("/boom")
    def boom(request: Request) -> Any:
        return 1 / 0

    return app


def build_real() -> Any:
    import flask

    app = flask.Flask("compare")
    request = flask.request

    @app.route("/hello/<name>")
    def hello(name: str) -> Any:
        return flask.Response(f"Hello, {name}!", content_type="text/plain")

    @app.route("/users/<int:user_id>")
    def user(user_id: int) -> Any:
        return {"id": user_id}

    @app.route("/files/<path:subpath>")
    def files(subpath: str) -> str:
        return subpath

    @app.route("/search")
    def search() -> Any:
        return {key: request.args.getlist(key) for key in request.args}

    @app.route("/users", methods=["POST"])
    def create_user() -> Any:
        return {"id": 1, "name": request.json["name"]}, 201

    @app.route("/old")
    def old() -> Any:
        return "", 301, {"Location": "/hello/world"}

    @app.route("/cookie")
    def cookie() -> Any:
        response = flask.make_response(dict(request.cookies))
        response.set_cookie("visited", "yes", httponly=True)
        return response

    @app.route("/admin")
    def admin() -> Any:
        flask.abort(403)

    @app.route("/boom")
    def boom() -> Any:
        return 1 / 0

    return app


def _normalise(record: dict[str, Any]) -> dict[str, Any]:
    """Error pages by title, JSON by value (the kit parses it); their byte counts differ by design."""
    headers = record.get("headers", {})
    body = record.get("body")
    if record.get("status", 0) >= 400 and isinstance(body, str):
        title = re.search(r"<title>(.*?)</title>", body)
        record["body"] = title[1] if title else body
        headers.pop("content-length", None)
    elif body is not None and not isinstance(body, str):
        headers.pop("content-length", None)
    if "allow" in headers:
        headers["allow"] = ", ".join(sorted(m.strip() for m in headers["allow"].split(",")))
    return record


def observe(impl: str) -> dict[str, object]:
    """Every scenario's status, key headers and body, for impl "mini" or "real" (Flask)."""
    app = build_mini() if impl == "mini" else build_real()
    return {name: _normalise(record) for name, record in wsgi_observe(app, CALLS).items()}


if __name__ == "__main__":
    print(json.dumps(observe("mini"), indent=2, sort_keys=True))
