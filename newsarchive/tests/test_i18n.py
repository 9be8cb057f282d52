"""The interface speaks Arabic by default and English after the language switch.

Source strings are Arabic (LANGUAGE_CODE = "ar"); locale/en/LC_MESSAGES/django.po
is the English catalogue. The models' names, choices and help texts are English
msgids, which locale/ar/LC_MESSAGES/django.po puts in Arabic. The article text
itself is never translated.
"""

import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.utils import translation

from newsarchive.tests.catalogue import (
    ARABIC_PO_PATH,
    PO_PATH,
    ROOT,
    compiled_catalogues,
    django_admin_arabic,
    examples,
    marked_messages,
    placeholders,
    read_catalogue,
    source_language,
)

pytestmark = pytest.mark.django_db

ARABIC_PAGE = '<html lang="ar" dir="rtl">'
ENGLISH_PAGE = '<html lang="en" dir="ltr">'
QUERY = "كورسك"


@pytest.fixture(autouse=True)
def catalogues():
    compiled_catalogues()
    yield
    # A request in English leaves English active in this thread; later tests expect the default.
    translation.activate(settings.LANGUAGE_CODE)


def switch_language(client, language: str, next_url: str = "/"):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert unquote(response["Location"]) == next_url
    return response


def pages(samples) -> dict[str, str]:
    article = samples["000"]
    person = article.linked_people()[0]
    return {
        "home": "/",
        "search": f"/search/?q={QUERY}",
        "article": article.get_absolute_url(),
        "person": person.get_absolute_url(),
        "archive": "/archive/",
    }


def test_pages_are_arabic_and_rtl_by_default(client, samples):
    for name, url in pages(samples).items():
        html = client.get(url).content.decode()
        assert ARABIC_PAGE in html, name
        assert "تخطَّ إلى المحتوى" in html and "أرشيف مفتوح المصدر للأخبار العربية" in html, name
    search = client.get(f"/search/?q={QUERY}").content.decode()
    assert "نتيجة واحدة" in search and ">أشخاص</h2>" in search and "الأكثر صلة" in search


def test_a_browser_asking_for_english_still_gets_arabic_until_the_reader_switches(client, samples):
    # Newsroom machines and headless browsers often send Accept-Language: en.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert ARABIC_PAGE in response.content.decode()
    assert response["Content-Language"] == "ar"
    assert "Cookie" in response["Vary"]


def test_header_has_a_labelled_language_form_that_posts_with_csrf(client, samples):
    html = client.get("/search/", {"q": QUERY}).content.decode()
    form = re.search(r'<form class="language-switch"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no language form in the header"
    assert 'action="/i18n/setlang/" method="post"' in form.group(0)
    body = form.group(1)
    assert 'name="csrfmiddlewaretoken"' in body
    assert '<label for="language">لغة الواجهة</label>' in body
    assert '<option value="en" lang="en">English</option>' in body
    assert '<option value="ar" lang="ar" selected>' in body
    # After switching, the reader comes back to the page they were on.
    next_url = re.search(r'<input type="hidden" name="next" value="([^"]*)">', body)
    assert next_url and unquote(next_url.group(1)) == f"/search/?q={QUERY}"


def test_switching_to_english_translates_the_interface_but_not_the_articles(client, samples):
    switch_language(client, "en", f"/search/?q={QUERY}")
    urls = pages(samples)
    html = {name: client.get(url).content.decode() for name, url in urls.items()}
    for name, page in html.items():
        assert ENGLISH_PAGE in page, name
        assert "Skip to content" in page and "An open-source archive of Arabic news" in page, name
        assert "تخطَّ إلى المحتوى" not in page, name

    assert "Latest articles" in html["home"] and "أحدث المقالات" not in html["home"]
    search = html["search"]
    assert "1 result" in search and "نتيجة" not in search
    assert ">People</h2>" in search and ">Places</h2>" in search and ">Date</h2>" in search
    assert "Most relevant" in search and "and 1 other version from another source" in search
    # The archive's text stays Arabic, marked as such for fonts and screen readers.
    assert "<mark>كورسك</mark>" in search and '<p class="snippet" lang="ar" dir="rtl">' in search

    article = samples["000"]
    assert article.title in html["article"] and "5 September 2024" in html["article"]
    assert '<div class="article-body" lang="ar" dir="rtl">' in html["article"]
    assert "(person)" in html["person"] and "Articles, newest first" in html["person"]
    assert "Archive by date" in html["archive"] and "September 2024" in html["archive"]

    # And back: the choice is the reader's, in both directions.
    switch_language(client, "ar")
    assert ARABIC_PAGE in client.get("/").content.decode()


def test_facet_chips_and_pagination_follow_the_language(client, samples):
    person = samples["000"].linked_people()[0]
    url = f"/search/?person={person.pk}&date_from=2024-09-01&date_to=2024-09-30&page_size=1"
    arabic = client.get(url).content.decode()
    assert f"أشخاص: {person.name}" in arabic and "التاريخ: 1 سبتمبر 2024 – 30 سبتمبر 2024" in arabic
    switch_language(client, "en")
    english = client.get(url).content.decode()
    assert f"People: {person.name}" in english
    assert "Date: 1 September 2024 – 30 September 2024" in english
    assert "Selected filters" in english and "Remove this filter" in english


def test_pagination_follows_the_language(client, samples):
    arabic = client.get("/search/", {"page_size": 2}).content.decode()
    assert "التالي" in arabic and "صفحة 1 من" in arabic
    switch_language(client, "en")
    english = client.get("/search/", {"page_size": 2}).content.decode()
    assert ">Next</a>" in english and "Page 1 of" in english and "التالي" not in english


def test_empty_results_are_explained_in_both_languages(client, samples):
    arabic = client.get("/search/", {"q": "البطريق"}).content.decode()
    assert "لا توجد نتائج لـ«البطريق»." in arabic and "كلمات أقل أو أعم" in arabic
    switch_language(client, "en")
    english = client.get("/search/", {"q": "البطريق"}).content.decode()
    assert "No results for «البطريق»." in english and "fewer or more general words" in english


def test_not_found_page_in_both_languages(client, samples):
    arabic = client.get("/articles/999999/")
    assert arabic.status_code == 404
    assert ARABIC_PAGE in arabic.content.decode()
    assert "<h1>الصفحة غير موجودة</h1>" in arabic.content.decode()
    assert 'id="notfound-q"' in arabic.content.decode()  # a search box to carry on from
    switch_language(client, "en")
    english = client.get("/articles/999999/")
    assert english.status_code == 404
    assert (
        ENGLISH_PAGE in english.content.decode()
        and "<h1>Page not found</h1>" in english.content.decode()
    )


def test_server_error_page_in_both_languages(rf):
    from django.views.defaults import server_error

    arabic = server_error(rf.get("/")).content.decode()
    assert ARABIC_PAGE in arabic and "حدث خطأ غير متوقع" in arabic
    with translation.override("en"):
        english = server_error(rf.get("/")).content.decode()
    assert ENGLISH_PAGE in english and "Something went wrong" in english
    assert "حدث خطأ" not in english


def test_every_message_in_the_catalogue_has_an_english_translation():
    catalogue = read_catalogue()
    assert not catalogue.fuzzy, (
        f"{PO_PATH.relative_to(ROOT)}: the header is marked fuzzy, so nothing compiles"
    )
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            "fuzzy" in message.flags
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert untranslated == [], f"{PO_PATH.relative_to(ROOT)}: no English for {untranslated}"
    # Placeholders must survive translation (%(count)s in, %(count)s out; {name} too).
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalogue.check()]
    assert problems == []
    braces = [
        message.id
        for message in catalogue
        if isinstance(message.id, str)
        and message.id
        and placeholders(message.id) != placeholders(message.string)
    ]
    assert braces == [], f"{PO_PATH.relative_to(ROOT)}: placeholders changed in {braces}"


def test_every_string_marked_for_translation_is_in_the_catalogue():
    catalogue = read_catalogue()
    known = {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalogue
        if message.id
    }
    missing = [f"{where}: {text!r}" for where, key, text in marked_messages() if key not in known]
    assert missing == [], (
        f"not in {PO_PATH.relative_to(ROOT)} (run `python manage.py makemessages -l en --no-location "
        "--ignore=var --ignore=tools` and translate):\n" + "\n".join(missing)
    )


def english_source_messages() -> dict[str, str]:
    """{msgid: where} for every string the code marks in English (models, choices, help texts)."""
    found = {}
    for where, (context, msgid), _text in marked_messages():
        if context is None and source_language(msgid) == "en":
            found.setdefault(msgid, where)
    return found


def test_source_language_is_the_script_of_the_first_letter():
    assert source_language("The outlet as readers know it, e.g. «صدى البلد».") == "en"
    assert source_language("e.g. https://www.alriyadh.com/") == "en"
    assert source_language("%(count)s نتيجة") == "ar"
    assert source_language("«{name}» اسم بديل مسجَّل من قبل (لـ«{owner}»).") == "ar"
    assert source_language("، ") == "ar"
    assert examples("Another spelling, e.g. «أمريكا» for «الولايات المتحدة».") == [
        "«أمريكا»",
        "«الولايات المتحدة»",
    ]
    assert examples("see «split» and «join», e.g. https://x.org/1.") == ["https://x.org/1"]


def test_every_english_source_message_has_an_arabic_translation():
    catalogue = read_catalogue("ar")
    where = ARABIC_PO_PATH.relative_to(ROOT)
    assert not catalogue.fuzzy, f"{where}: the header is marked fuzzy, so nothing compiles"
    assert catalogue.num_plurals == 6, f"{where}: Arabic has six plural forms"
    django_own = django_admin_arabic()
    missing = [
        f"{place}: {msgid!r}"
        for msgid, place in english_source_messages().items()
        if catalogue.get(msgid) is None and msgid not in django_own
    ]
    assert missing == [], f"no Arabic in {where} for:\n" + "\n".join(missing)

    problems = []
    for message in catalogue:
        if not message.id:
            continue
        if message.pluralizable:
            problems.extend(arabic_plural_problems(message))
            continue
        text = message.string
        if "fuzzy" in message.flags or not text:
            problems.append((message.id, "untranslated"))
        elif source_language(text) != "ar":
            problems.append((message.id, f"not Arabic: {text!r}"))
        elif placeholders(message.id) != placeholders(text):
            problems.append((message.id, f"placeholders changed: {text!r}"))
        elif lost := [e for e in examples(message.id) if e not in text]:
            problems.append((message.id, f"example lost: {lost}"))
    assert problems == [], f"{where}: {problems}"


def arabic_plural_problems(message) -> list[tuple]:
    """An Arabic-source count string in the ar catalogue: its six forms, all Arabic.

    The forms for one and two say the number in words («نتيجة واحدة», «نتيجتان»),
    so a form may drop the number's placeholder but never invent one.
    """
    singular, plural = message.id
    if source_language(singular) != "ar":
        return [(singular, "a plural entry whose source is not Arabic")]
    forms = message.string
    if len(forms) != 6 or not all(forms):
        return [(singular, f"needs the six Arabic forms: {forms!r}")]
    return [
        (singular, f"form {i}: {form!r}")
        for i, form in enumerate(forms)
        if source_language(form) != "ar" or not set(placeholders(form)) <= set(placeholders(plural))
    ]


def arabic_count_messages() -> set[str]:
    """Singular msgids of the Arabic-source strings the code marks."""
    return {msgid for _, (context, msgid), _ in marked_messages() if source_language(msgid) == "ar"}


def test_the_arabic_catalogue_holds_only_english_messages_the_code_uses():
    in_use = english_source_messages()
    counts = arabic_count_messages()
    stale = [
        message.id
        for message in read_catalogue("ar")
        if message.id
        and not (message.pluralizable and message.id[0] in counts)
        and (message.id not in in_use or message.context is not None)
    ]
    assert stale == [], f"{ARABIC_PO_PATH.relative_to(ROOT)}: not an English string in use: {stale}"


def test_english_source_messages_read_in_arabic_at_run_time():
    # The compiled catalogue wins over Django's (e.g. «name» is auth's «الاسم» otherwise).
    with translation.override("ar"):
        still_english = [m for m in english_source_messages() if translation.gettext(m) == m]
        assert translation.gettext("found by the extractor, not reviewed") == (
            "استخرجه النظام ولم يُراجَع"
        )
        assert translation.gettext("people") == "الأشخاص"
    assert still_english == []
    with translation.override("en"):
        assert translation.gettext("people") == "people"


@pytest.mark.parametrize(
    "n, arabic, english",
    [(1, "نتيجة واحدة", "1 result"), (2, "نتيجتان", "2 results"), (3, "3 نتائج", "3 results"),
     (10, "10 نتائج", "10 results"), (11, "11 نتيجة", "11 results"), (103, "103 نتائج", "103 results")],
)
def test_counts_take_the_arabic_form_for_their_number(n, arabic, english):
    def shown(language):
        with translation.override(language):
            return translation.ngettext("%(count)s نتيجة", "%(count)s نتيجة", n) % {"count": n}

    assert (shown("ar"), shown("en")) == (arabic, english)
