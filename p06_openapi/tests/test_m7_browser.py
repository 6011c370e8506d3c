"""Milestone 7, as a person would check it: Swagger UI in a real headless Chromium.

The example app runs under uvicorn; the browser opens /docs, must see the operations
rendered, press "Try it out" on POST /users, send a request and see the 201 answer. Every
request the page makes is recorded: none may be for a host other than this machine.
"""

import json
from urllib.parse import urlsplit

import pytest
from coursekit.browser import LOOPBACK

from .browser import Browser


@pytest.mark.timeout(60)
def test_swagger_ui_renders_and_tries_a_request_offline(live_example: str, browser: Browser) -> None:
    """The operations appear; "Try it out" + "Execute" on POST /users shows a 201 with the
    created user; and no request went anywhere but 127.0.0.1."""
    page = browser.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_example + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = [element.inner_text() for element in page.query_selector_all(".opblock-summary-path")]
    assert sorted(paths) == ["/users", "/users", "/users/{user_id}"], f"rendered operations: {paths}"

    operation = page.locator("#operations-users-create_user_users_post")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("textarea.body-param__text").fill(
        json.dumps({"name": "Grace", "email": "grace@example.com"})
    )
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=10_000)
    assert status.inner_text().strip() == "201", f"Swagger UI showed status {status.inner_text()!r}"
    shown = operation.locator(".live-responses-table tbody .response-col_description").first.inner_text()
    assert '"name": "Grace"' in shown, shown

    assert browser.outside == [], f"requests tried to leave the machine: {browser.outside}"
    hosts = {urlsplit(url).hostname for url in requested if urlsplit(url).scheme in ("http", "https")}
    assert hosts <= LOOPBACK, f"the page loaded something from {hosts - LOOPBACK}"
