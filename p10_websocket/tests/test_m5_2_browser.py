"""Milestone 5, step 2: the chat as a person uses it, in a real headless Chromium.

examples/static/chat.html is served by examples/chat.py at `GET /`. Two uvicorn processes
share one Redis; page 1 opens server A, page 2 opens server B, both join the same room, and
what one types appears on the other. The page is self-contained: its Content-Security-Policy
allows only its own inline script and style (by hash) and websockets to its own origin, and
every request that tries to leave this machine is recorded and aborted.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browser import Pages
from .chat_servers import EXAMPLES, chat_servers

PAGE = EXAMPLES / "static" / "chat.html"


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_page_allows_exactly_its_own_inline_script_and_style() -> None:
    """chat.html's CSP names its inline <script> and <style> by their SHA-256, so a browser
    runs them and nothing else (no injected script, no external asset). Edit the script or
    the style and its hash changes: the browser would then refuse it and the page would be
    dead. This test prints the hashes to put in the meta tag's script-src and style-src."""
    html = Path(PAGE).read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None, "chat.html must declare its Content-Security-Policy in a <meta> tag"
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)
        assert len(blocks) == 1, f"expected one inline <{tag}>, found {len(blocks)}"
        wanted = f"{directive} {sha256_source(blocks[0])}"
        assert wanted in policy.group(1), f"expected the CSP to contain {wanted!r}; it is {policy.group(1)!r}"
    assert "connect-src 'self'" in policy.group(1), "the page's websocket goes to its own origin only"


@pytest.mark.timeout(90)
def test_two_pages_on_two_servers_chat_in_one_room(browser: Pages, redis_url: str) -> None:
    """Page 1 (on server A) and page 2 (on server B) join the same room, each with a name;
    page 1 sends "hello from page 1" with Enter and page 2 shows "Ann: hello from page 1";
    page 2 answers with the Send button and page 1 shows both lines, in order. No request
    leaves the machine and the page breaks none of its own CSP.

    If a page never says "connected to <room>", open the server's URL in a browser and look
    at the console: the websocket URL, the CSP, or the server's log (a 1011 close is an
    exception in the endpoint). If only the other page stays empty, milestone 5's first two
    steps have the answer: the message went to this process's members only."""
    room = f"room-{uuid.uuid4().hex[:8]}"
    with chat_servers(redis_url, count=2) as (server_a, server_b):
        pages = []
        for url, name in ((server_a, "Ann"), (server_b, "Bob")):
            page = browser.new_page()
            page.goto(url + "/")
            page.fill("#room", room)
            page.fill("#name", name)
            page.click("#connect")
            expect(page.locator("#status")).to_have_text(f"connected to {room}", timeout=10_000)
            pages.append(page)
        page1, page2 = pages

        page1.fill("#text", "hello from page 1")
        page1.press("#text", "Enter")
        expect(page2.locator("#messages li")).to_have_text(["Ann: hello from page 1"], timeout=10_000)

        page2.fill("#text", "hello from page 2")
        page2.click("#send")
        both = ["Ann: hello from page 1", "Bob: hello from page 2"]
        expect(page1.locator("#messages li")).to_have_text(both, timeout=10_000)
        expect(page2.locator("#messages li")).to_have_text(both, timeout=10_000)

    assert browser.outside == [], f"requests tried to leave the machine: {browser.outside}"
    assert browser.violations == [], f"the page broke its own Content-Security-Policy: {browser.violations}"
