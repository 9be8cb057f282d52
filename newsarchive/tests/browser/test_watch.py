"""The browser tests fail on a page's errors only if the tab notices them:
a page served by Chromium's request interception breaks in every way the
tab must report (and asks for the icon the tab lets pass)."""

from __future__ import annotations

import pytest

from newsarchive.tests.browser.watch import Tab

pytestmark = pytest.mark.browser

ORIGIN = "http://broken.test"
PAGES = {
    "/": (
        200,
        "text/html",
        '<!doctype html><html lang="ar" dir="rtl"><head><link rel="stylesheet" href="/gone.css">'
        '<script src="/app.js"></script></head><body><p style="color: red">نص</p>'
        '<script>document.title = "ran";</script></body></html>',
    ),
    "/app.js": (200, "text/javascript", 'throw new Error("app.js broke");'),
    "/gone.css": (404, "text/css", ""),
    "/favicon.ico": (404, "text/plain", ""),
}
CSP = "default-src 'self'"


def test_the_tab_reports_csp_violations_script_errors_and_failed_requests(browser, tmp_path):
    tab = Tab(browser.new_context(), tmp_path)

    def serve(route):
        path = route.request.url.removeprefix(ORIGIN)
        status, kind, body = PAGES[path]
        route.fulfill(
            status=status, content_type=kind, body=body, headers={"Content-Security-Policy": CSP}
        )

    tab.page.route(f"{ORIGIN}/**", serve)
    try:
        tab.page.goto(ORIGIN + "/")
        tab.page.wait_for_load_state("load")
        report = "\n".join(tab.errors)
        assert "app.js broke" in report
        assert f"{ORIGIN}/gone.css: HTTP 404" in report
        assert "Executing inline script violates the following Content Security Policy" in report
        assert "Applying inline style violates" in report
        assert "favicon" not in report
        assert tab.page.title() != "ran"
        with pytest.raises(AssertionError, match="app.js broke"):
            tab.assert_no_errors()
    finally:
        tab.close()
