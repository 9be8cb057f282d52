"""The admin reads in Arabic for an editor by default and in English after the switch.

Model and field names, choices and help texts are English msgids (locale/ar puts them
in Arabic); the admin's own labels, actions and messages are Arabic msgids (locale/en).
Each page is checked in both languages on the five sample articles, as a staff editor
sees it: headings, column headers, field labels, status labels and action names.
"""

import re

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.utils import translation
from django.utils.html import strip_tags

from articles import admin as articles_admin
from articles.models import Person
from newsarchive.tests.catalogue import compiled_catalogues

pytestmark = pytest.mark.django_db

PUTIN = "فلاديمير بوتين"
BIDEN = "جو بايدن"
PAGE = {"ar": '<html lang="ar" dir="rtl">', "en": '<html lang="en" dir="ltr">'}


@pytest.fixture(autouse=True)
def catalogues():
    compiled_catalogues()
    yield
    translation.activate(settings.LANGUAGE_CODE)  # an English request leaves English active


@pytest.fixture
def editor(samples, client):
    """A staff editor (not a superuser) allowed to change articles, people and links."""
    from django.contrib.auth.models import Permission

    user = User.objects.create_user("editor", "editor@example.org", "a-long-test-password")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    client.force_login(user)
    return client


def in_language(client, language: str):
    """The editor's client, switched to `language` the way the header's form does."""
    if language != settings.LANGUAGE_CODE:
        response = client.post("/i18n/setlang/", {"language": language, "next": "/admin/"})
        assert response.status_code == 302
    return client


def page(client, url: str, language: str, **data) -> str:
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert response["Content-Language"] == language
    return html


def _text(fragment: str) -> str:
    return " ".join(strip_tags(fragment).split())


def headings(html: str) -> list[str]:
    """The page title, then the fieldset and inline titles, in order."""
    found = re.findall(r"<h1>(.*?)</h1>", html, re.S)
    found += re.findall(r'<h2 [^>]*class="(?:fieldset|inline)-heading">(.*?)</h2>', html, re.S)
    return [_text(h) for h in found]


def column_headers(html: str) -> dict[str, str]:
    """{column: header} of a change list or an inline table (help icons left out)."""
    cells = re.findall(r'<th [^>]*class="[^"]*\bcolumn-(\w+)[^"]*">(.*?)(?:<img|</th>)', html, re.S)
    return {column: _text(header) for column, header in cells}


def action_names(html: str) -> dict[str, str]:
    menu = re.search(r'<select name="action"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {value: _text(name) for value, name in re.findall(r'value="(\w+)">(.*?)<', menu)}


def field_labels(html: str) -> dict[str, str]:
    return {name: _text(label) for name, label in re.findall(r'for="id_(\w+)">(.*?)</label>', html)}


def cells(html: str, column: str) -> set[str]:
    return {_text(c) for c in re.findall(rf'<td class="field-{column}">(.*?)</td>', html, re.S)}


def options(html: str, field: str) -> list[str]:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [_text(o) for o in re.findall(r"<option [^>]*>(.*?)</option>", select)]


def messages_shown(html: str) -> list[str]:
    shown = re.search(r'<ul class="messagelist">(.*?)</ul>', html, re.S)
    return [_text(m) for m in re.findall(r"<li [^>]*>(.*?)</li>", shown.group(1), re.S)]


ARTICLE_LIST = {
    "ar": {
        "title": "اختر مقال لتغييره",
        "columns": {
            "title": "العنوان",
            "source": "المصدر",
            "published_on": "تاريخ النشر",
            "story_link": "الخبر نفسه",
            "date_precision": "دقة التاريخ",
            "date_origin": "مصدر التاريخ",
            "created_at": "تاريخ الإضافة",
        },
        "split": "فصل المقالات المختارة عن قصتها (ليست الخبر نفسه)",
        "join": "ضمّ المقالات المختارة في قصة واحدة (الخبر نفسه)",
        "precision": "يوم",
        "filter": "له نسخ في مصادر أخرى",
        "story": "القصة #",
    },
    "en": {
        "title": "Select article to change",
        "columns": {
            "title": "Title",
            "source": "Source",
            "published_on": "Publication date",
            "story_link": "Same story",
            "date_precision": "Date precision",
            "date_origin": "Date from",
            "created_at": "Created",
        },
        "split": "Split the chosen articles from their story (not the same story)",
        "join": "Join the chosen articles into one story (the same story)",
        "precision": "day",
        "filter": "Has versions in other sources",
        "story": "Story #",
    },
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_article_list(editor, language):
    expected = ARTICLE_LIST[language]
    html = page(in_language(editor, language), "/admin/articles/article/", language)
    assert PAGE[language] in html
    assert headings(html)[0] == expected["title"]
    assert column_headers(html) == expected["columns"]
    actions = action_names(html)
    assert actions["split_from_story"] == expected["split"]
    assert actions["join_stories"] == expected["join"]
    assert expected["precision"] in cells(html, "date_precision")
    assert expected["filter"] in html
    assert f">{expected['story']}" in html


ARTICLE_FORM = {
    "ar": {
        "headings": [
            "تعديل مقال",
            "المصدر والتاريخ",
            "الأصل",
            "الأشخاص في المقال",
            "الأماكن في المقال",
        ],
        "labels": {"published_on": "تاريخ النشر:", "date_origin": "مصدر التاريخ:"},
        "origins": ["---------", "البيانات الوصفية", "نص المقال", "المحرر"],
        "help": "حيث نُشر المقال أولًا، مثل https://www.alriyadh.com/1070000",
        "raw": "النص كما قُرئ:",
        "link_columns": {"person": "شخص", "count": "مرات الذكر", "status": "الحالة"},
    },
    "en": {
        "headings": [
            "Change article",
            "Source and date",
            "Origin",
            "People in the article",
            "Places in the article",
        ],
        "labels": {"published_on": "Publication date:", "date_origin": "Date from:"},
        "origins": ["---------", "metadata", "article text", "editor"],
        "help": "Where the article was first published, e.g. https://www.alriyadh.com/1070000",
        "raw": "Text as read:",
        "link_columns": {"person": "Person", "count": "Mentions", "status": "Status"},
    },
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_article_change_form(editor, samples, language):
    expected = ARTICLE_FORM[language]
    url = f"/admin/articles/article/{samples['000'].pk}/change/"
    html = page(in_language(editor, language), url, language)
    assert headings(html) == expected["headings"]
    assert field_labels(html).items() >= expected["labels"].items()
    assert options(html, "date_origin") == expected["origins"]
    assert expected["help"] in html
    assert f"<label>{expected['raw']}</label>" in html
    assert column_headers(html).items() >= expected["link_columns"].items()
    # The article itself is never translated.
    assert samples["000"].title in html


PERSON_LIST = {
    "ar": {
        "title": "اختر شخص لتغييره",
        "app": "أرشيف الأخبار",
        "columns": {
            "name": "الاسم المعتمد",
            "status": "حالة المراجعة",
            "article_count": "المقالات",
            "alias_count": "الأسماء البديلة",
        },
        "status": "استخرجه النظام ولم يُراجَع",
        "actions": {
            "confirm_entities": "تأكيد المختارين",
            "reject_entities": "رفض المختارين (يخرجون من الواجهات ولا يُربطون مجدداً)",
            "merge_entities": "دمج المختارين في واحد…",
        },
        "search_help": "بحث في الأسماء والأسماء البديلة (يتجاهل التشكيل والهمزات).",
    },
    "en": {
        "title": "Select person to change",
        "app": "News archive",
        "columns": {
            "name": "Canonical name",
            "status": "Review status",
            "article_count": "Articles",
            "alias_count": "Aliases",
        },
        "status": "found by the extractor, not reviewed",
        "actions": {
            "confirm_entities": "Confirm the chosen ones",
            "reject_entities": "Reject the chosen ones (they leave every page and are never linked again)",
            "merge_entities": "Merge the chosen ones into one…",
        },
        "search_help": "Search the names and aliases (harakat and hamza forms ignored).",
    },
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_person_list(editor, language):
    expected = PERSON_LIST[language]
    html = page(in_language(editor, language), "/admin/articles/person/", language)
    assert PAGE[language] in html
    assert headings(html)[0] == expected["title"]
    assert f'<a href="/admin/articles/">{expected["app"]}</a>' in html  # the breadcrumbs
    assert column_headers(html) == expected["columns"]
    assert cells(html, "status") == {expected["status"]}
    assert action_names(html).items() >= expected["actions"].items()
    assert expected["search_help"] in html


PERSON_FORM = {
    "ar": {
        "headings": [
            "تعديل شخص",
            "الأسماء البديلة للأشخاص",
            "المقالات (أحدث 50؛ البقية في «كل الروابط» أعلاه)",
        ],
        "labels": {"name": "الاسم المعتمد:", "status": "حالة المراجعة:"},
        "statuses": ["استخرجه النظام ولم يُراجَع", "أكّده محرر", "رفضه محرر (لا يُربط مجددًا)"],
        "all_links": ("كل الروابط:", "6 رابطاً في قائمة المراجعة"),
        "link_columns": {"article": "مقال", "count": "مرات الذكر", "surface": "كما كُتب"},
    },
    "en": {
        "headings": [
            "Change person",
            "Person aliases",
            "Articles (the newest 50; the rest under «all links» above)",
        ],
        "labels": {"name": "Canonical name:", "status": "Review status:"},
        "statuses": [
            "found by the extractor, not reviewed",
            "confirmed by an editor",
            "rejected by an editor (never linked again)",
        ],
        "all_links": ("All links:", "6 in the review list"),
        "link_columns": {"article": "Article", "count": "Mentions", "surface": "As written"},
    },
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_person_change_form(editor, language):
    expected = PERSON_FORM[language]
    putin = Person.objects.get(name=PUTIN)
    html = page(
        in_language(editor, language), f"/admin/articles/person/{putin.pk}/change/", language
    )
    assert headings(html) == expected["headings"]
    assert field_labels(html).items() >= expected["labels"].items()
    assert options(html, "status") == expected["statuses"]
    label, link = expected["all_links"]
    assert f"<label>{label}</label>" in html and f'status=all">{link}</a>' in html
    assert column_headers(html).items() >= expected["link_columns"].items()


MERGE_PAGE = {
    "ar": {
        "title": "دمج الأشخاص",
        "columns": ["يبقى", "الاسم", "الحالة", "المقالات", "الأسماء البديلة"],
        "status": "استخرجه النظام ولم يُراجَع",
        "submit": "دمج",
        "done": f"دُمج «{BIDEN}» في «{PUTIN}»: نُقل",
    },
    "en": {
        "title": "Merge people",
        "columns": ["Stays", "Name", "Status", "Articles", "Aliases"],
        "status": "found by the extractor, not reviewed",
        "submit": "Merge",
        "done": f"Merged «{BIDEN}» into «{PUTIN}»: links moved:",
    },
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_merge_page_and_its_outcome(editor, language):
    expected = MERGE_PAGE[language]
    putin, biden = Person.objects.get(name=PUTIN), Person.objects.get(name=BIDEN)
    chosen = {"action": "merge_entities", "_selected_action": [putin.pk, biden.pk]}
    client = in_language(editor, language)
    html = page(client, "/admin/articles/person/", language, **chosen)
    assert PAGE[language] in html
    assert headings(html) == [expected["title"]]
    table_head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert [_text(th) for th in re.findall(r"<th [^>]*>(.*?)</th>", table_head)] == expected[
        "columns"
    ]
    assert f"<td>{expected['status']}</td>" in html
    assert f'<input type="submit" value="{expected["submit"]}">' in html

    done = client.post(
        "/admin/articles/person/", chosen | {"post": "yes", "target": putin.pk}, follow=True
    )
    [message] = messages_shown(done.content.decode())
    assert message.startswith(expected["done"])
    # The history is the archive's record: written in its own language whoever merged.
    assert LogEntry.objects.get(object_id=str(putin.pk)).change_message.startswith("دُمج فيه")


ACTION_MESSAGES = {
    "ar": {
        "too_few": articles_admin.ERROR_MERGE_TOO_FEW,
        "confirmed": "أكّده محرّر: 1.",
        "review_title": "روابط الأشخاص للمراجعة",
        "review_columns": {"article_title": "المقال", "person": "شخص", "status": "الحالة"},
    },
    "en": {
        "too_few": "Choose at least two to merge.",
        "confirmed": "Confirmed by an editor: 1.",
        "review_title": "Person links to review",
        "review_columns": {"article_title": "Article", "person": "Person", "status": "Status"},
    },
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_action_messages_and_the_review_list(editor, language):
    expected = ACTION_MESSAGES[language]
    putin = Person.objects.get(name=PUTIN)
    client = in_language(editor, language)
    url = "/admin/articles/person/"
    one = {"action": "merge_entities", "_selected_action": [putin.pk]}
    assert messages_shown(client.post(url, one, follow=True).content.decode()) == [
        expected["too_few"]
    ]
    confirm = {"action": "confirm_entities", "_selected_action": [putin.pk]}
    assert messages_shown(client.post(url, confirm, follow=True).content.decode()) == [
        expected["confirmed"]
    ]
    assert LogEntry.objects.get(object_id=str(putin.pk)).change_message == "أكّده محرّر"

    html = page(client, "/admin/articles/personmention/", language)
    assert headings(html)[0] == expected["review_title"]
    assert column_headers(html).items() >= expected["review_columns"].items()


def test_renaming_to_a_taken_name_is_refused_in_english_too(editor):
    harris, biden = Person.objects.get(name="هاريس"), Person.objects.get(name=BIDEN)
    data = {
        "name": BIDEN,
        "status": harris.status,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "personmention_set-TOTAL_FORMS": "0",
        "personmention_set-INITIAL_FORMS": "0",
    }
    url = f"/admin/articles/person/{harris.pk}/change/"
    arabic = editor.post(url, data)
    assert arabic.context["adminform"].form.errors["name"] == [
        f"«{BIDEN}» اسمٌ لـ«{BIDEN}» (رقم {biden.pk}) أو اسمٌ بديل له؛ "
        "إن كانا الشخص أو المكان نفسه فادمجهما بدل إعادة التسمية."
    ]
    english = in_language(editor, "en").post(url, data)
    assert english.context["adminform"].form.errors["name"] == [
        f"«{BIDEN}» is the name or an alias of «{BIDEN}» (number {biden.pk}); "
        "if they are the same person or place, merge them instead of renaming."
    ]
