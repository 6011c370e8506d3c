"""Headless Chromium pages that may talk to this machine only, and record what tried not to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from coursekit.browser import LOOPBACK


@dataclass
class Pages:
    """Opens pages in one headless Chromium; each page is its own browsing context (its own
    cookies and storage), like two people on two machines.

    `outside` lists requests for non-loopback hosts (aborted before they are sent);
    `violations` lists the Content-Security-Policy violations the pages reported."""

    browser: Any
    outside: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def new_page(self) -> Any:
        page = self.browser.new_context().new_page()
        page.route("**/*", self._guard)
        page.on("console", self._console)
        return page

    def _guard(self, route: Any) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _console(self, message: Any) -> None:
        # Chromium reports every CSP violation on the console, whatever the page does.
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)
