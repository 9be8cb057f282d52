"""An editor in Chromium: logs into the admin, merges two people with the
merge action, and a reader's search then knows only the kept one."""

from __future__ import annotations

import re
import time

import pytest

from newsarchive.tests.browser.archive_data import FULL_NAME, SHORT_NAME
from newsarchive.tests.browser.test_reading import people_facet, shown_article_ids
from newsarchive.tests.browser.watch import PHONE
from search.tests.live_archive import EDITOR, PASSWORD

pytestmark = pytest.mark.browser

INDEX_WAIT = 20  # seconds for the merge's re-indexing to reach search


def _select_row(page, name: str) -> None:
    row = page.locator("#result_list tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )
    row.locator("input.action-select").check()


def test_an_editor_merges_two_people_and_search_shows_only_the_kept_one(desktop, archive):
    people = archive.facts["people"]
    kept, dropped = people[FULL_NAME], people[SHORT_NAME]
    expected = set(kept["articles"]) | set(dropped["articles"])
    assert set(dropped["articles"]) - set(kept["articles"]), "the merge would move nothing"
    page = desktop.page

    desktop.visit("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(EDITOR)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    desktop.visit("/admin/articles/person/")
    _select_row(page, SHORT_NAME)
    _select_row(page, FULL_NAME)
    page.locator("select[name=action]").select_option("merge_entities")
    page.locator("button[name=index]").click()
    page.get_by_label(FULL_NAME, exact=True).check()  # the name that stays
    page.locator("input[type=submit][value='دمج']").click()

    success = page.locator(".messagelist .success").inner_text()
    assert f"«{SHORT_NAME}» في «{FULL_NAME}»" in success, success
    assert page.locator("#result_list").get_by_role("link", name=SHORT_NAME, exact=True).count() == 0
    desktop.screenshot("admin-merge-desktop")
    page.set_viewport_size(PHONE)  # the same message, reflowed
    desktop.screenshot("admin-merge-phone")

    desktop.visit("/search/")
    deadline = time.monotonic() + INDEX_WAIT
    while people_facet(page).get_by_role("link", name=SHORT_NAME, exact=True).count():
        assert time.monotonic() < deadline, f"«{SHORT_NAME}» still a facet {INDEX_WAIT} s after the merge"
        time.sleep(0.5)
        desktop.visit("/search/")
    people_facet(page).get_by_role("link", name=FULL_NAME, exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]person={kept['id']}(&|$)"))
    assert shown_article_ids(page) == expected

    desktop.visit(f"/people/{kept['id']}/")
    assert SHORT_NAME in page.locator(".aliases span").all_inner_texts()
    desktop.assert_no_errors()
