"""A reader in Chromium: searches in Arabic, filters by a person and by date,
reads an article, follows a related one, and opens a person's page.

What the pages show is compared with what the live archive's database holds
(`archive.facts`, see archive_data.py), never with search's own answers.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from articles.templatetags.archive_tags import arabic_date
from search.analysis.normalize import normalize
from search.facet_panel import FACETS, period_label

pytestmark = pytest.mark.browser

# As a careful reader might type it, with fatha and damma; the samples write «مفاوضات».
QUERY_WITH_HARAKAT = "مُفَاوَضات"
QUERY_AS_WRITTEN = "مفاوضات"
PEOPLE_HEADING = next(heading for param, _, _, heading in FACETS if param == "person")
FILTERED_PERSON = "جو بايدن"  # in some samples, not all; the admin test leaves him alone
ARTICLE_LINK = re.compile(r"^/articles/(\d+)/$")


def shown_article_ids(page) -> set[int]:
    """Every article the results list links to, other versions of a story included."""
    hrefs = page.locator(".results li.result a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return {int(m[1]) for href in hrefs if (m := ARTICLE_LINK.match(href))}


def people_facet(page):
    return page.locator("section.facet").filter(
        has=page.get_by_role("heading", name=PEOPLE_HEADING, exact=True)
    )


def test_a_query_typed_with_harakat_finds_the_word_and_highlights_it(desktop):
    page = desktop.page
    desktop.visit("/")
    box = page.locator("#home-q")
    box.press_sequentially(QUERY_WITH_HARAKAT)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))

    assert page.locator("#q").input_value() == QUERY_WITH_HARAKAT
    assert page.locator(".results li.result").count() >= 1
    marks = page.locator(".results mark").all_inner_texts()
    assert marks, "no highlighted word in the results"
    assert all(normalize(QUERY_AS_WRITTEN) in normalize(mark) for mark in marks), marks
    desktop.screenshot("search-results-desktop")
    desktop.assert_no_errors()


def test_a_person_facet_filters_the_list_and_shows_a_chip(desktop, archive):
    person = archive.facts["people"][FILTERED_PERSON]
    expected = set(person["articles"])
    assert 0 < len(expected) < len(archive.facts["articles"]), "the filter would not filter"
    page = desktop.page
    desktop.visit("/search/")
    assert shown_article_ids(page) == {int(pk) for pk in archive.facts["articles"]}

    people_facet(page).get_by_role("link", name=FILTERED_PERSON, exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]person={person['id']}(&|$)"))

    assert shown_article_ids(page) == expected
    chips = page.locator("ul.chips li").all_inner_texts()
    assert any(f"{PEOPLE_HEADING}: {FILTERED_PERSON}" in chip for chip in chips), chips
    selected = people_facet(page).get_by_role("link", name=FILTERED_PERSON, exact=True)
    assert selected.get_attribute("aria-current") == "true"
    desktop.screenshot("search-person-filter-desktop")
    desktop.assert_no_errors()


def _click_bar(page, period: str) -> None:
    page.locator(f'.histogram svg a[aria-label^="{period_label(period)}:"]').click()


def test_date_bars_narrow_the_results_to_a_month_then_a_day(desktop, archive):
    dated = {
        int(pk): dt.date.fromisoformat(a["published_on"])
        for pk, a in archive.facts["articles"].items()
        if a["published_on"]
    }
    # The samples are dated in one year, so the histogram starts at its months.
    day = dt.date(2024, 9, 5)
    in_month = {pk for pk, d in dated.items() if (d.year, d.month) == (day.year, day.month)}
    on_day = {pk for pk, d in dated.items() if d == day}
    assert on_day and len(in_month) < len(dated), dated
    page = desktop.page
    desktop.visit("/search/")

    _click_bar(page, "2024-09")
    page.wait_for_url(re.compile(r"date_from=2024-09-01&date_to=2024-09-30"))
    assert shown_article_ids(page) == in_month

    _click_bar(page, "2024-09-05")
    page.wait_for_url(re.compile(r"date_from=2024-09-05&date_to=2024-09-05"))
    assert shown_article_ids(page) == on_day
    chip = f"التاريخ: {arabic_date(day)} – {arabic_date(day)}"
    chips = page.locator("ul.chips li").all_inner_texts()
    assert any(chip in text for text in chips), chips
    datetimes = page.locator(".results li.result > .meta time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"
    )
    assert datetimes == ["2024-09-05"] * len(on_day), datetimes
    desktop.screenshot("search-date-filter-desktop")
    desktop.assert_no_errors()


def test_a_reader_opens_an_article_follows_a_related_one_and_opens_a_person(desktop, archive):
    facts = archive.facts
    start = min(int(pk) for pk in facts["related"])
    title = facts["articles"][str(start)]["title"]
    page = desktop.page
    desktop.visit("/")
    page.locator("main").get_by_role("link", name=title, exact=True).first.click()
    page.wait_for_url(f"**/articles/{start}/")
    assert page.locator("h1").inner_text() == title
    desktop.screenshot("article-desktop")

    related = page.locator("section.related > ol > li > a").first
    href = related.get_attribute("href")
    assert ARTICLE_LINK.match(href), f"related link to {href}"
    target = int(ARTICLE_LINK.match(href)[1])
    assert target in facts["related"][str(start)]
    related.click()
    page.wait_for_url(f"**/articles/{target}/")
    assert page.locator("h1").inner_text() == facts["articles"][str(target)]["title"]

    person_link = page.locator("dl.entity-links dd a").first
    name = person_link.inner_text()
    person_link.click()
    person = facts["people"][name]
    page.wait_for_url(f"**/people/{person['id']}/")
    assert page.locator("h1").inner_text().startswith(name)
    listed = page.locator(".article-list a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert {int(m[1]) for href in listed if (m := ARTICLE_LINK.match(href))} == set(
        person["articles"]
    )
    assert target in person["articles"]
    desktop.screenshot("person-desktop")
    desktop.assert_no_errors()
