"""Search shows one version per story, however many versions crowd the top of the ranking."""

import io

import pytest
from django.core.management import call_command

from search import engine
from search.engine import SearchRequest, search_articles

pytestmark = pytest.mark.django_db

STORY = (
    "قال الرئيس الروسي فلاديمير بوتين، اليوم الخميس، إن موسكو تستبعد إمكانية إجراء محادثات "
    "حول الاستقرار الاستراتيجي مع واشنطن بمعزل عن مصالح الأمن القومي الروسي، وأوضح في خطابه "
    "أمام الجمعية الفيدرالية أن موقف بلاده واضح من القضايا الحاسمة المتعلقة بالأمن."
)


def test_five_versions_are_one_result_even_past_the_first_page(tmp_path, monkeypatch):
    for n in range(5):  # five outlets' headlines over one wire story, same day
        (tmp_path / f"{n}.txt").write_text(
            f"بوتين يتحدث عن الاستقرار الاستراتيجي ({n + 1})\n"
            f"تاريخ النشر: 29th, February 2024 GMT\n{STORY}\nالمصدر: مصدر {n + 1}\n",
            encoding="utf-8",
        )
    (tmp_path / "other.txt").write_text(  # another story, ranked below all five versions
        "اجتماع وزراء الطاقة في فيينا\nتاريخ النشر: 3rd, March 2020 GMT\n"
        "اجتمع وزراء الطاقة في فيينا لبحث أسعار النفط والإنتاج، وتطرق أحدهم إلى الاستقرار "
        "الاستراتيجي في الأسواق العالمية خلال الأشهر المقبلة، وسط توقعات بزيادة الطلب.\n"
        + "وناقش الوزراء خطط الإنتاج والتصدير والاستثمار في الحقول الجديدة والطاقة المتجددة.\n" * 12,
        encoding="utf-8",
    )
    call_command("ingest", str(tmp_path), "--no-progress", stdout=io.StringIO())
    # Rank no deeper than twice the page, and one word (no some-words fill):
    # the five versions fill the first ranking, so the page needs a deeper one.
    monkeypatch.setattr(engine, "FOLD_MARGIN", 0)
    page = search_articles(SearchRequest(q="الاستراتيجي", page_size=2))
    assert page.count == 2 and page.num_pages == 1
    assert len(page.hits) == 2  # the other story fills the page, past five versions
    story, other = page.hits
    assert len(story.versions) == 4 and len({v.source for v in story.versions}) == 4
    assert other.title == "اجتماع وزراء الطاقة في فيينا" and other.versions == []
    second = search_articles(SearchRequest(q="الاستراتيجي", page_size=1, page=2))
    assert [hit.id for hit in second.hits] == [other.id]
    everything = search_articles(SearchRequest(page_size=2, sort="oldest"))
    assert everything.count == 2 and len(everything.hits) == 2

