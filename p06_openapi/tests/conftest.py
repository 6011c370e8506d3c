"""Fixtures shared by the milestone tests; the parity corpus lives in openapi_corpus.py."""

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from coursekit import require, running_server
from coursekit.browser import CHROMIUM, CHROMIUM_ARGS, LOOPBACK

from .browser import Browser
from .inputs import describe_inputs, mini_client
from .openapi_corpus import CORPUS, fastapi_namespace, mini_namespace

TESTS = Path(__file__).parent
EXAMPLES = TESTS.parent / "examples"


@pytest.fixture(params=sorted(CORPUS))
def corpus_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def clients() -> tuple[Any, Any]:
    """(FastAPI's test client, yours) for the endpoints of inputs.py, declared under each."""
    import fastapi
    from miniasgi.testclient import TestClient
    from miniopenapi import APIRoute

    app = fastapi.FastAPI()
    for path, endpoint, options in describe_inputs(fastapi_namespace()):
        app.add_api_route(path, endpoint, **options)
    mini = describe_inputs(mini_namespace())
    routes = [APIRoute(path, endpoint, **options) for path, endpoint, options in mini]
    return TestClient(app), mini_client(routes)  # one ASGI test client drives both


def load_example() -> ModuleType:
    """Import examples/app.py afresh (its in-memory store starts empty)."""
    spec = importlib.util.spec_from_file_location("p06_example_app", EXAMPLES / "app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def example() -> ModuleType:
    return load_example()


@pytest.fixture
def fastapi_twin() -> ModuleType:
    """compare.py: `real_app()` is examples/app.py declared with FastAPI and Pydantic."""
    spec = importlib.util.spec_from_file_location("p06_compare", TESTS.parent / "compare.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def example_app(example: ModuleType) -> Any:
    return example.app


@pytest.fixture(scope="module")
def live_example() -> Iterator[str]:
    """examples/app.py under a real uvicorn on a free loopback port; yields its base URL."""
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(EXAMPLES), "app:app"]
    with running_server(
        [*command, "--host", "{host}", "--port", "{port}"], ready_path="/openapi.json"
    ) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    require(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page()
            result = Browser(page)

            def guard(route: Any) -> None:
                if urlsplit(route.request.url).hostname in LOOPBACK:
                    route.continue_()
                else:
                    result.outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.on("requestfailed", lambda request: result.blocked.append(request.url))
            yield result
        finally:
            chromium.close()
