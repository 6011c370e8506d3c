"""Milestone 4, step 1: CORSMiddleware (built in p07) answers exactly as Starlette's does.

`minimiddleware.CORSMiddleware` is p07's class. These tests are its parity proof: a few
readable cases first (a preflight, a simple request, a request without Origin, a non-CORS
OPTIONS), then hypothesis sends the same requests, with the same options, through it and
through `starlette.middleware.cors.CORSMiddleware`, and compares status, the CORS headers,
Vary and the body. When one fails, the fix belongs in p07's `minifast/middleware/cors.py`.
"""

from __future__ import annotations

from typing import Any

import pytest
import starlette.middleware.cors
from hypothesis import example, given
from hypothesis import strategies as st
from minimiddleware import CORSMiddleware

from .asgi import http_scope, record_app, run
from .parity import Seen, assert_same, endpoint, observe, side_by_side

SHOWN = (
    "access-control-allow-origin",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-allow-credentials",
    "access-control-allow-private-network",
    "access-control-expose-headers",
    "access-control-max-age",
    "vary",
    "content-type",
    "content-length",
)
APP_ORIGIN = "https://app.example.org"


def preflight(origin: str = APP_ORIGIN, method: str = "PUT", **extra: str) -> dict[str, Any]:
    headers = [("origin", origin), ("access-control-request-method", method)]
    return http_scope(
        method="OPTIONS", headers=headers + [(k.replace("_", "-"), v) for k, v in extra.items()]
    )


def test_a_preflight_is_answered_without_calling_the_app() -> None:
    """OPTIONS + Origin + Access-Control-Request-Method is the browser asking for permission:
    the middleware answers it (200 "OK" with the policy: the echoed origin, the methods, the
    max age, the allowed headers) and the app never sees it."""
    app = record_app()
    middleware = CORSMiddleware(
        app, allow_origins=[APP_ORIGIN], allow_methods=["GET", "PUT"], allow_headers=["X-Token"]
    )
    seen = observe(middleware, preflight(access_control_request_headers="x-token"), SHOWN)
    assert (seen.status, seen.body) == (200, b"OK"), f"expected 200 OK, got {seen}"
    expected = {
        "access-control-allow-origin": APP_ORIGIN,
        "access-control-allow-methods": "GET, PUT",
        "access-control-allow-headers": "Accept, Accept-Language, Content-Language, Content-Type, X-Token",
        "access-control-max-age": "600",
    }
    assert expected.items() <= seen.headers.items(), f"expected {expected}, got {seen.headers}"
    assert app.scopes == [], "the app was called for a preflight"


def test_a_refused_preflight_names_what_was_refused() -> None:
    """A preflight for an origin, method or header outside the policy gets 400 with a body
    naming each refusal, in that order: "Disallowed CORS origin, method, headers"."""
    middleware = CORSMiddleware(record_app(), allow_origins=[APP_ORIGIN])
    seen = observe(
        middleware, preflight("https://evil.example", "DELETE", access_control_request_headers="x-a")
    )
    assert (seen.status, seen.body) == (400, b"Disallowed CORS origin, method, headers"), f"got {seen}"


def test_a_simple_request_gets_the_allow_headers() -> None:
    """Any other request with an allowed Origin reaches the app; its response gets the
    echoed origin, the exposed headers, and `Vary: Origin` appended to the app's Vary (a
    cache must keep one copy per origin)."""
    app = record_app(headers=[("content-type", "text/plain"), ("vary", "Accept-Encoding")])
    middleware = CORSMiddleware(app, allow_origins=[APP_ORIGIN], expose_headers=["X-Total"])
    seen = observe(middleware, http_scope(headers=[("origin", APP_ORIGIN)]), SHOWN)
    expected = {
        "access-control-allow-origin": APP_ORIGIN,
        "access-control-expose-headers": "X-Total",
        "vary": "Accept-Encoding, Origin",
    }
    assert (seen.status, seen.body) == (200, b"ok"), f"expected the app's 200 ok, got {seen}"
    assert expected.items() <= seen.headers.items(), f"expected {expected}, got {seen.headers}"


def test_a_request_without_origin_still_varies_on_origin() -> None:
    """A same-origin request (no Origin header) gets no CORS headers, but its response still
    says `Vary: Origin`: a shared cache must not hand this copy, which has no
    Access-Control-Allow-Origin, to a cross-origin page."""
    seen = observe(CORSMiddleware(record_app(), allow_origins=[APP_ORIGIN]), http_scope(), SHOWN)
    assert seen.headers.get("vary") == "Origin", f"expected Vary: Origin only, got {seen.headers}"
    assert not any(name.startswith("access-control") for name in seen.headers), f"got {seen.headers}"


def test_an_options_request_that_is_not_a_preflight_reaches_the_app() -> None:
    """OPTIONS without Access-Control-Request-Method is an ordinary request (the app may
    answer it, with an Allow header say): it is not answered by the middleware."""
    app = record_app(status=204, body=b"")
    scope = http_scope(method="OPTIONS", headers=[("origin", APP_ORIGIN)])
    seen = observe(CORSMiddleware(app, allow_origins=["*"]), scope, SHOWN)
    assert seen.status == 204, f"expected the app's 204, got {seen}"
    assert len(app.scopes) == 1, "the app was not called"


@pytest.mark.parametrize("scope_type", ["websocket", "lifespan"])
def test_websocket_and_lifespan_pass_through(scope_type: str) -> None:
    """CORS is an HTTP matter (browsers check websocket origins themselves): other scopes
    reach the app untouched."""
    seen: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    run(CORSMiddleware(app, allow_origins=["*"]), http_scope(scope_type=scope_type), None, None)
    assert seen == [scope_type], f"expected the app to see the {scope_type} scope, got {seen}"


# Parity with Starlette: options and requests drawn from the cases that matter.
ORIGINS = [
    APP_ORIGIN,
    "https://APP.example.org",
    "http://app.example.org",
    "https://app.example.org:8443",
    "https://www.example.org",
    "https://evil.example",
    "https://app.example.org.evil.example",
    "null",
]
REGEXES = [None, r"https://.*\.example\.org", r"https://(app|www)\.example\.org(:\d+)?"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "QUERY", "get", "*"]
HEADERS = ["X-Token", "x-custom", "Content-Type", "Authorization", "accept", "*"]
REQUESTED_HEADERS = [
    "x-token",
    "X-Token, Content-Type",
    "  x-custom ,accept",
    "x-token,",
    "",
    "authorization",
    "X-CUSTOM,X-Other",
    "accept-language",
]


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    options: dict[str, Any] = {
        "allow_origins": draw(st.lists(st.sampled_from([*ORIGINS[:5], "*"]), max_size=3)),
        "allow_origin_regex": draw(st.sampled_from(REGEXES)),
        "allow_credentials": draw(st.booleans()),
    }
    if draw(st.booleans()):
        options["allow_methods"] = draw(st.lists(st.sampled_from(METHODS), max_size=3))
    if draw(st.booleans()):
        options["allow_headers"] = draw(st.lists(st.sampled_from(HEADERS), max_size=3))
    if draw(st.booleans()):
        options["expose_headers"] = draw(st.lists(st.sampled_from(["X-Total", "X-Request-Id"]), max_size=2))
    if draw(st.booleans()):
        options["max_age"] = draw(st.sampled_from([0, 3600]))
    return options


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    method = draw(st.sampled_from(["GET", "POST", "OPTIONS", "OPTIONS", "DELETE"]))
    headers = [("origin", draw(st.sampled_from([None, *ORIGINS])))]
    if method == "OPTIONS" or draw(st.booleans()):
        headers.append(
            ("access-control-request-method", draw(st.sampled_from([None, "GET", "PUT", "QUERY", "put"])))
        )
        headers.append(("access-control-request-headers", draw(st.sampled_from([None, *REQUESTED_HEADERS]))))
        headers.append(
            ("access-control-request-private-network", draw(st.sampled_from([None, None, "true"])))
        )
    headers.append(("cookie", draw(st.sampled_from([None, "session=1"]))))
    app_vary = draw(st.sampled_from([None, "Accept-Encoding", "Origin"]))
    return {
        "method": method,
        "headers": [(name, value) for name, value in headers if value is not None],
        "app_headers": [] if app_vary is None else [("vary", app_vary)],
    }


def both(options: dict[str, Any], request: dict[str, Any]) -> tuple[Seen, Seen]:
    return side_by_side(
        lambda app: CORSMiddleware(app, **options),
        lambda app: starlette.middleware.cors.CORSMiddleware(app, **options),
        lambda: endpoint(headers=request["app_headers"]),
        http_scope(method=request["method"], headers=request["headers"]),
        SHOWN,
    )


@given(options=policies(), request=requests())
@example(  # a plain cross-origin GET from a listed origin
    options={"allow_origins": [APP_ORIGIN], "allow_origin_regex": None, "allow_credentials": False},
    request={"method": "GET", "headers": [("origin", APP_ORIGIN)], "app_headers": []},
)
@example(  # a preflight, every method allowed: QUERY is one of them
    options={
        "allow_origins": ["*"],
        "allow_origin_regex": None,
        "allow_credentials": False,
        "allow_methods": ["*"],
    },
    request={
        "method": "OPTIONS",
        "headers": [("origin", APP_ORIGIN), ("access-control-request-method", "QUERY")],
        "app_headers": [],
    },
)
@example(  # no Origin at all: still Vary: Origin
    options={"allow_origins": [APP_ORIGIN], "allow_origin_regex": None, "allow_credentials": False},
    request={"method": "GET", "headers": [], "app_headers": [("vary", "Accept-Encoding")]},
)
@example(  # "*" with a cookie but no allow_credentials: "*" stays
    options={"allow_origins": ["*"], "allow_origin_regex": None, "allow_credentials": False},
    request={
        "method": "GET",
        "headers": [("origin", APP_ORIGIN), ("cookie", "session=1")],
        "app_headers": [],
    },
)
@example(  # "*" and a regex: "*" wins, nothing is echoed
    options={"allow_origins": ["*"], "allow_origin_regex": REGEXES[1], "allow_credentials": False},
    request={"method": "GET", "headers": [("origin", APP_ORIGIN)], "app_headers": []},
)
@example(  # allowed headers keep their spelling in the preflight answer
    options={"allow_origins": [APP_ORIGIN], "allow_headers": ["X-Token", "accept"], "allow_methods": ["get"]},
    request={
        "method": "OPTIONS",
        "headers": [("origin", APP_ORIGIN), ("access-control-request-method", "GET")],
        "app_headers": [],
    },
)
@example(  # an empty item in Access-Control-Request-Headers is refused
    options={"allow_origins": [APP_ORIGIN], "allow_headers": ["X-Token"]},
    request={
        "method": "OPTIONS",
        "headers": [
            ("origin", APP_ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "x-token,"),
        ],
        "app_headers": [],
    },
)
@example(  # a private-network preflight is refused (this middleware never allows one)
    options={"allow_origins": ["*"]},
    request={
        "method": "OPTIONS",
        "headers": [
            ("origin", APP_ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "true"),
        ],
        "app_headers": [],
    },
)
def test_same_answer_as_starlette(options: dict[str, Any], request: dict[str, Any]) -> None:
    """Starlette's CORSMiddleware, with the same options, around the same app, answers the
    same request with the same status, Access-Control-* headers, Vary, Content-Type,
    Content-Length and body. When this fails, read the two answers it prints side by side:
    which header differs tells you which rule of p07's middleware to change."""
    ours, theirs = both(options, request)
    assert_same(ours, theirs, f"options {options}, request {request}")
