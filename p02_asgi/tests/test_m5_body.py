"""Milestone 5: reading the request body through receive(), safely."""

from __future__ import annotations

from http import HTTPStatus

import anyio
import pytest
import starlette.requests as sreq
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi import ClientDisconnect, FormData, HTTPException, JSONResponse, MiniASGI, Request
from miniasgi.testclient import TestClient


def chunks(*parts: bytes) -> list[dict]:
    """The body split over several http.request messages, as a server delivers a big upload."""
    return [
        {"type": "http.request", "body": part, "more_body": i < len(parts) - 1}
        for i, part in enumerate(parts)
    ]


def echo_app(max_body_size: int = 1_048_576) -> MiniASGI:
    app = MiniASGI(max_body_size=max_body_size)

    @app.route("/body", methods=["POST"])
    async def body(request: Request) -> dict:
        data = await request.body()
        return {"size": len(data), "text": data.decode()}

    @app.route("/json", methods=["POST"])
    async def as_json(request: Request) -> dict:
        return {"got": await request.json()}

    @app.route("/form", methods=["POST"])
    async def form(request: Request) -> dict:
        fields = await request.form()
        return {key: fields.getlist(key) for key in fields}

    return app


def test_body_is_assembled_from_several_receive_messages(drive, scope):
    """Keep calling receive() until more_body is False, joining the chunks in order."""
    sent = drive(echo_app(), scope("/body", "POST"), chunks(b"hel", b"lo ", b"world"))
    assert sent.status == 200
    assert sent.body == b'{"size":11,"text":"hello world"}'


def test_stream_yields_chunks_as_they_arrive():
    """request.stream() is an async generator over the non-empty body chunks, ending with one
    b"" as Starlette's does; once the body has been read to the end, it cannot be read again."""
    incoming = chunks(b"a", b"", b"bc")

    async def main() -> None:
        async def receive():
            return incoming.pop(0)

        request = Request({"type": "http", "headers": []}, receive)
        assert [chunk async for chunk in request.stream()] == [b"a", b"bc", b""]
        with pytest.raises(RuntimeError, match="only be read once"):
            [chunk async for chunk in request.stream()]

    anyio.run(main)


def test_body_is_cached_so_json_after_body_works():
    """body() reads once and caches; json() and stream() afterwards reuse the cached bytes."""
    incoming = chunks(b'{"a": ', b"1}")

    async def main() -> None:
        async def receive():
            return incoming.pop(0)

        request = Request({"type": "http", "headers": []}, receive)
        assert await request.body() == b'{"a": 1}'
        assert await request.json() == {"a": 1}
        assert [chunk async for chunk in request.stream()] == [b'{"a": 1}', b""]

    anyio.run(main)


@given(parts=st.lists(st.binary(max_size=4), min_size=1, max_size=5))
@example(parts=[b"a", b"", b"bc"])
@example(parts=[b""])
def test_stream_and_body_match_starlette(parts):
    """The same messages give the same chunks from stream(), and the same body(), as Starlette's
    Request; and so does stream() after body() (the kept body, then b"")."""

    async def read(request_cls, how):
        incoming = chunks(*parts)

        async def receive():
            return incoming.pop(0)

        request = request_cls({"type": "http", "headers": []}, receive)
        if how == "stream":
            return [chunk async for chunk in request.stream()]
        body = await request.body()
        return [body, *[chunk async for chunk in request.stream()]]

    async def main():
        return [(await read(Request, how), await read(sreq.Request, how)) for how in ("stream", "body")]

    for mine, theirs in anyio.run(main):
        assert mine == theirs, f"messages {parts!r}:\n got      {mine!r}\n Starlette {theirs!r}"


def test_the_body_belongs_to_the_connection_not_to_one_request_object(drive, scope):
    """An exception handler gets a Request of its own, built over the same scope and receive;
    the endpoint already read the body, and receive() will not deliver it twice. The body is
    kept in the scope, so the handler's body() gets it too (instead of waiting for chunks that
    never come: before, a real server hung here)."""
    app = MiniASGI()

    class Refused(Exception):
        pass

    @app.route("/upload", methods=["POST"])
    async def upload(request: Request) -> str:
        await request.body()
        raise Refused()

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"refused": (await request.body()).decode()}, status_code=422)

    sent = drive(app, scope("/upload", "POST"), chunks(b"hel", b"lo"))
    assert sent.status == 422, f"expected the handler's 422, got {list(sent)!r}"
    assert sent.body == b'{"refused":"hello"}'


def test_a_request_over_a_new_receive_channel_starts_a_new_body():
    """A middleware that hands the app another receive (replaying a rewritten body, say) starts
    a new body: a Request over that channel must not get the bytes read from the old one."""

    async def main() -> None:
        scope = {"type": "http", "headers": []}
        original, rewritten = chunks(b"compressed"), chunks(b"plain")

        async def receive_original():
            return original.pop(0)

        async def receive_rewritten():
            return rewritten.pop(0)

        assert await Request(scope, receive_original).body() == b"compressed"
        assert await Request(scope, receive_rewritten).body() == b"plain"

    anyio.run(main)


def test_a_hand_built_scope_without_headers_can_still_be_read():
    """ASGI servers always send "headers", but a scope built by hand (a test, a tool) may have
    none: reading such a request must not fail with KeyError('headers')."""

    async def main() -> None:
        messages = chunks(b"a=1")

        async def receive():
            return messages.pop(0)

        request = Request({"type": "http", "method": "POST", "path": "/"}, receive)
        assert await request.body() == b"a=1"
        assert request.headers.get("content-type") is None
        assert await request.form() == FormData()
        assert str(request.url) == "/"

    anyio.run(main)


def test_is_disconnected_looks_without_waiting():
    """is_disconnected() asks receive() for news without waiting: a receive() that would block
    means the client is still there. A body chunk it happens to get is kept for the body."""

    async def main() -> None:
        waiting = anyio.Event()

        async def receive_nothing_yet():
            await waiting.wait()
            raise AssertionError("unreachable: the wait is cancelled")

        assert await Request({"type": "http"}, receive_nothing_yet).is_disconnected() is False

        async def receive_gone():
            return {"type": "http.disconnect"}

        assert await Request({"type": "http"}, receive_gone).is_disconnected() is True

        messages = chunks(b"early", b" bird")

        async def receive_body():
            return messages.pop(0)

        request = Request({"type": "http"}, receive_body)
        assert await request.is_disconnected() is False
        assert await request.body() == b"early bird"

    anyio.run(main)


def test_json_body_is_parsed():
    """await request.json() decodes the body as JSON."""
    response = TestClient(echo_app()).post("/json", json={"x": [1, 2]})
    assert response.json() == {"got": {"x": [1, 2]}}


def test_malformed_json_is_a_400_with_a_clear_message():
    """Broken JSON is the client's mistake: 400 and a message saying so, never a 500."""
    response = TestClient(echo_app()).post("/json", content=b'{"x": ')
    assert response.status_code == 400
    assert response.text.startswith("Malformed JSON in request body"), response.text


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b"NaN", b'{"x": Infinity}', b"-Infinity"],
    ids=["absurd-nesting", "NaN", "Infinity", "-Infinity"],
)
def test_json_that_python_chokes_on_or_that_is_not_json_is_a_400(body):
    """Deep nesting makes json.loads raise RecursionError (not a ValueError), and json.loads
    accepts NaN/Infinity, which are not JSON: both must be a 400, never a 500. Catch
    RecursionError too, and pass parse_constant= a function that raises ValueError."""
    response = TestClient(echo_app(), raise_server_exceptions=False).post("/json", content=body)
    assert response.status_code == 400, f"expected 400, got {response.status_code}: {response.text[:80]}"
    assert response.text.startswith("Malformed JSON in request body"), response.text[:80]


def test_json_string_with_a_lone_surrogate_is_echoed_not_a_500():
    """'"\\ud800"' is valid JSON text but decodes to a str with no UTF-8 form. Echoing it back
    through JSONResponse must not crash: fall back to ASCII escapes when UTF-8 fails."""
    response = TestClient(echo_app()).post("/json", content=b'{"x": "\\ud800", "y": "\xc3\xa9"}')
    assert response.status_code == 200, response.text
    assert response.json() == {"got": {"x": "\ud800", "y": "\u00e9"}}


def test_urlencoded_form_is_parsed():
    """await request.form() parses application/x-www-form-urlencoded bodies, multi-valued."""
    response = TestClient(echo_app()).post("/form", data={"name": "Ada Lovelace", "tag": ["a", "b"]})
    assert response.json() == {"name": ["Ada Lovelace"], "tag": ["a", "b"]}


def test_urlencoded_form_is_read_as_it_arrives(drive, scope):
    """The form parser reads the body chunk by chunk: a field cut in two by the chunking
    (`b` / `=2`, `%C3` / `%A9`) is put together before it is decoded."""
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]
    incoming = chunks(b"a=1&b", b"=2&c=caf%C3", b"%A9&a=4")
    sent = drive(echo_app(), scope("/form", "POST", headers), incoming)
    assert sent.body == '{"a":["1","4"],"b":["2"],"c":["café"]}'.encode(), sent.body


def test_non_form_body_gives_empty_form():
    """A JSON body, or no body, has no form fields: an empty form, not an error."""
    client = TestClient(echo_app())
    assert client.post("/form", json={"a": 1}).json() == {}
    assert client.post("/form").json() == {}


@given(fields=st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=6))
@example(fields=[("name", "Ada Lovelace"), ("tag", "a"), ("tag", "b"), ("empty", "")])
@example(fields=[("café", "crème & sugar"), ("=", "+")])
def test_form_parsing_matches_starlette(fields):
    """The same urlencoded body gives the same fields through Starlette's form parser."""
    from urllib.parse import urlencode

    body = urlencode(fields).encode()
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]

    async def parse(request_cls):
        sent = False

        async def receive():
            nonlocal sent
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        form = await request_cls({"type": "http", "headers": headers}, receive).form()
        return form.multi_items()

    async def main():
        return await parse(Request), await parse(sreq.Request)

    mine, theirs = anyio.run(main)
    assert mine == theirs, f"body {body!r}:\n got      {mine!r}\n Starlette {theirs!r}"


def test_declared_content_length_over_the_limit_is_413_before_reading(drive, scope):
    """A Content-Length above max_body_size is refused at once with 413: don't read what you'll reject."""
    headers = [(b"host", b"t"), (b"content-length", b"11")]
    sent = drive(echo_app(max_body_size=10), scope("/body", "POST", headers), [])
    assert sent.status == 413
    assert b"limit of 10 bytes" in sent.body


def test_streamed_body_over_the_limit_is_413(drive, scope):
    """Without Content-Length (chunked upload) the bytes are counted as they arrive."""
    sent = drive(echo_app(max_body_size=10), scope("/body", "POST"), chunks(b"123456", b"789012"))
    assert sent.status == 413


def test_body_at_the_limit_is_accepted():
    """Exactly max_body_size bytes is fine; the limit is inclusive."""
    response = TestClient(echo_app(max_body_size=5)).post("/body", content=b"12345")
    assert response.json() == {"size": 5, "text": "12345"}


def test_invalid_content_length_is_400(drive, scope):
    """A Content-Length that is not a number is a bad request."""
    headers = [(b"host", b"t"), (b"content-length", b"lots")]
    assert drive(echo_app(), scope("/body", "POST", headers), []).status == 400
    superscript = [(b"host", b"t"), (b"content-length", "²".encode("latin-1"))]  # str.isdigit() says True
    assert drive(echo_app(), scope("/body", "POST", superscript), []).status == 400


def test_client_disconnect_while_reading_ends_quietly(drive, scope):
    """http.disconnect mid-body raises ClientDisconnect inside the handler; the stack then sends
    nothing at all (nobody is listening) and does not crash."""
    incoming = [{"type": "http.request", "body": b"part", "more_body": True}, {"type": "http.disconnect"}]
    sent = drive(echo_app(), scope("/body", "POST"), incoming)
    assert list(sent) == [], f"expected no response after a disconnect, got {list(sent)!r}"


def test_client_disconnect_is_raised_to_the_handler():
    """Handlers that stream uploads see ClientDisconnect and may clean up."""
    app = MiniASGI()
    seen = []

    @app.route("/upload", methods=["POST"])
    async def upload(request: Request) -> str:
        try:
            await request.body()
        except ClientDisconnect:
            seen.append("disconnect")
            raise
        return "ok"

    async def main() -> None:
        scope = {"type": "http", "method": "POST", "path": "/upload", "headers": [], "query_string": b""}
        messages = [{"type": "http.disconnect"}]

        async def receive():
            return messages.pop(0)

        async def send(message):
            raise AssertionError(f"nothing should be sent, got {message}")

        await app(scope, receive, send)

    anyio.run(main)
    assert seen == ["disconnect"]


def test_request_without_receive_channel_cannot_read_a_body():
    """Request(scope) alone can read headers but not the body: say so clearly."""

    async def main() -> None:
        with pytest.raises(RuntimeError, match="receive channel"):
            await Request({"type": "http", "headers": []}).body()

    anyio.run(main)


def test_request_needs_an_http_scope():
    """Building a Request from a websocket scope is a mistake caught immediately."""
    with pytest.raises(ValueError, match="'http' scope"):
        Request({"type": "websocket"})


def test_http_exception_defaults_detail_to_the_reason_phrase():
    """HTTPException(413).detail is the standard phrase when you give none."""
    exc = HTTPException(413)
    assert exc.detail == HTTPStatus(413).phrase  # "Request Entity Too Large" ("Content Too Large" on 3.13)
    assert str(exc) == f"413: {HTTPStatus(413).phrase}"
    assert repr(exc) == f"HTTPException(status_code=413, detail={HTTPStatus(413).phrase!r})"


def raising(exc: Exception) -> MiniASGI:
    app = MiniASGI()

    @app.route("/")
    async def endpoint(request: Request) -> str:
        raise exc

    return app


def test_http_exception_accepts_a_status_without_a_phrase():
    """499 (nginx's "client closed request") has no standard phrase, but it is a status a server
    may send: HTTPException(499) is not a ValueError, its detail is "", as in Starlette."""
    exc = HTTPException(499)
    assert exc.detail == ""
    assert str(exc) == "499: "
    response = TestClient(raising(exc), raise_server_exceptions=False).get("/")
    assert (response.status_code, response.text) == (499, "")
