"""A browser tab that notices what a reader would see go wrong.

Every JavaScript error, console error, failed request and
Content-Security-Policy violation (Chromium reports each refusal as a console
error) on any page it opens is recorded, so a test can end with
`tab.assert_no_errors()`. test_watch.py checks that it does.
"""

from __future__ import annotations

import re
from pathlib import Path

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}  # an iPhone SE / mini, the narrowest phones in wide use


class Tab:
    def __init__(self, context, artifacts: Path):
        self.context = context
        context.set_default_timeout(10_000)  # a page of five articles that takes longer is broken
        self.artifacts = artifacts
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))
        self.page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            source = message.location.get("url") or self.page.url
            self.errors.append(f"{source}: console error: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.url}: HTTP {response.status}")

    def visit(self, path: str):
        """Opens a page of the archive, which must answer 200."""
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (
            f"{path}: HTTP {response.status if response else 'no response'}"
        )
        return response

    def path(self) -> str:
        """The address shown, without the scheme and host: '/search/?q=...'."""
        return re.sub(r"^https?://[^/]+", "", self.page.url)

    def screenshot(self, name: str) -> None:
        self.artifacts.mkdir(exist_ok=True)
        self.page.screenshot(path=self.artifacts / f"{name}.png", full_page=True)

    def assert_no_errors(self) -> None:
        assert self.errors == [], "errors in the browser:\n" + "\n".join(self.errors)

    def close(self) -> None:
        self.context.close()
