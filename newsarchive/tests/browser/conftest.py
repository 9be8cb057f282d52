"""Real-browser tests: Debian's headless Chromium, driven by Playwright, reads
the real app served by gunicorn (search/tests/live_archive.py) with its own
SQLite database and Whoosh index and the five sample articles.

Playwright's own browser download cannot work here, so the tests launch the
Chromium that tools/chromium-for-tests.sh installs (TEST_CHROMIUM overrides it).
Without it they are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import json
import os

import pytest

from newsarchive.tests.browser.watch import DESKTOP, PHONE, Tab
from search.tests.live_archive import ROOT, LiveArchive

CHROMIUM = os.environ.get("TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # root in a container: Chromium's sandbox needs user namespaces
    "--disable-gpu",
    # Nothing may leave the machine: no updates, sync, field trials or QUIC probes.
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="package")
def chromium_path() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM}: run tools/chromium-for-tests.sh (or set TEST_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="package")
def archive(tmp_path_factory, chromium_path):
    """The app on gunicorn with the samples and an editor; `archive.facts` is what it holds."""
    live = LiveArchive(tmp_path_factory.mktemp("browser-archive"), None, workers=2)
    live.start()
    try:
        done = live.manage(
            "shell", "-c", "from newsarchive.tests.browser import archive_data; archive_data.prepare()"
        )
        assert done.returncode == 0, done.stderr
        live.facts = json.loads(done.stdout.strip().splitlines()[-1])
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="package")
def browser(chromium_path):
    # Imported here so that the rest of the suite runs where playwright is not installed.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _tab(browser, archive, viewport) -> Tab:
    context = browser.new_context(base_url=archive.base, viewport=viewport, locale="ar")
    return Tab(context, ARTIFACTS)


@pytest.fixture
def desktop(browser, archive):
    """A reader's tab at desktop width; every page error and console error is recorded."""
    tab = _tab(browser, archive, DESKTOP)
    yield tab
    tab.close()


@pytest.fixture
def phone(browser, archive):
    tab = _tab(browser, archive, PHONE)
    yield tab
    tab.close()
