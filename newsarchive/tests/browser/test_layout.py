"""What Chromium can check of layout and accessibility on the main pages:
right-to-left Arabic, no sideways scrolling on a phone, a keyboard path with
a visible focus, a label on every form control."""

from __future__ import annotations

import pytest
from django.conf import settings

from newsarchive.security import content_security_policy
from newsarchive.tests.browser.watch import DESKTOP

pytestmark = pytest.mark.browser

PAGES = ("home", "search", "article", "person")
SEARCHED = "بوتين"
SHOWN_PERSON = "فلاديمير بوتين"  # in every sample: the richest person page


def page_path(name: str, archive) -> str:
    facts = archive.facts
    return {
        "home": "/",
        "search": f"/search/?q={SEARCHED}",
        "article": f"/articles/{min(int(pk) for pk in facts['related'])}/",  # with related links
        "person": f"/people/{facts['people'][SHOWN_PERSON]['id']}/",
    }[name]


# Elements that stick out of the viewport (an RTL page overflows to the left).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("body *"))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.left < -1 || r.right > width + 1); })
    .slice(0, 5)
    .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`);
}"""

# The focused element, and whether its focus ring shows.
FOCUS = """() => {
  const e = document.activeElement, style = getComputedStyle(e), r = e.getBoundingClientRect();
  return {
    id: e.id, className: typeof e.className === "string" ? e.className : "",
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
  };
}"""

# Form controls a screen reader could not name.
UNLABELLED = """() => Array.from(document.querySelectorAll("input, select, textarea"))
  .filter(e => e.type !== "hidden" && e.type !== "submit" && e.type !== "button")
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
  .map(e => e.outerHTML)"""


def test_pages_are_arabic_right_to_left_with_the_site_name_on_the_right(desktop, archive):
    page = desktop.page
    for name in PAGES:
        desktop.visit(page_path(name, archive))
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl"), name
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", name
        site_name = page.locator(".site-name").bounding_box()
        # The header's padding from the right edge, never the left half.
        assert DESKTOP["width"] - (site_name["x"] + site_name["width"]) < 48, (name, site_name)
        assert site_name["x"] > DESKTOP["width"] / 2, (name, site_name)
        desktop.screenshot(f"{name}-desktop")
    desktop.assert_no_errors()


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_width_page_does_not_scroll_sideways(phone, archive, name):
    page = phone.page
    phone.visit(page_path(name, archive))
    phone.screenshot(f"{name}-phone")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{name}: scrollWidth {widths}: {page.evaluate(OVERFLOWING)}"
    phone.assert_no_errors()


@pytest.mark.parametrize("name, search_box", [("article", "site-q"), ("search", "q")])
def test_tab_from_the_top_reaches_the_skip_link_then_the_search_box_visibly(
    desktop, archive, name, search_box
):
    page = desktop.page
    desktop.visit(page_path(name, archive))
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS)
    assert "skip-link" in focused["className"], focused
    assert focused["outline"] and focused["onScreen"], focused
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused["id"] == search_box:
            break
    assert focused["id"] == search_box, f"ten Tabs after the skip link: {focused}"
    assert focused["outline"] and focused["onScreen"], focused
    desktop.assert_no_errors()


def test_the_pages_keep_to_the_content_security_policy(desktop, archive):
    """The policy is on every page, and Chromium, which enforces it, reports no violation
    (the merge test does the same for the admin's own pages, logged in)."""
    policy = content_security_policy(settings.CONTENT_SECURITY_POLICY)
    for path in [page_path(name, archive) for name in PAGES] + ["/admin/login/"]:
        response = desktop.visit(path)
        assert response.headers.get("content-security-policy") == policy, path
    desktop.assert_no_errors()


def test_every_form_control_has_a_label(desktop, archive):
    page = desktop.page
    for path in [page_path(name, archive) for name in PAGES] + ["/admin/login/"]:
        desktop.visit(path)
        assert page.evaluate(UNLABELLED) == [], path
    desktop.assert_no_errors()


def test_the_site_has_an_icon(desktop):
    page = desktop.page
    desktop.visit("/")
    declared = page.locator("link[rel~=icon]")
    assert declared.count() == 1
    for icon in (declared.first.get_attribute("href"), "/favicon.ico"):  # the admin asks for this
        response = page.request.get(icon)
        assert response.status == 200 and "svg" in response.headers["content-type"], icon
