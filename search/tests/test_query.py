import pytest

from search.query import (
    ERROR_CONTROL_CHARS,
    ERROR_ONLY_EXCLUSIONS,
    ERROR_SHORT_PREFIX,
    ERROR_TOO_LONG,
    MAX_QUERY_CHARS,
    QueryError,
    parse_query,
)


def test_words_phrases_exclusions_and_prefixes():
    parsed = parse_query('بوتين «وزير الخارجية» -ترامب مفاوض* "الأمن القومي" -"البيت الأبيض"')
    assert parsed.words == ["بوتين"]
    assert parsed.phrases == ["وزير الخارجية", "الأمن القومي"]
    assert parsed.excluded_words == ["ترامب"]
    assert parsed.excluded_phrases == ["البيت الأبيض"]
    assert parsed.prefixes == ["مفاوض"]


def test_curly_quotes_pair_with_straight_ones_and_unclosed_quote_runs_to_the_end():
    assert parse_query("“الاستقرار الاستراتيجي” روسيا").phrases == ["الاستقرار الاستراتيجي"]
    assert parse_query('"قمة ألاسكا').phrases == ["قمة ألاسكا"]


def test_words_keep_their_harakat_for_the_analyzer():
    assert parse_query("أَكَّدَ الرَّئِيسُ").words == ["أَكَّدَ", "الرَّئِيسُ"]


def test_lone_operators_are_ignored():
    parsed = parse_query("- * بوتين -")
    assert parsed.words == ["بوتين"]
    assert parsed.prefixes == []


def test_only_exclusions_is_an_error():
    with pytest.raises(QueryError) as exc:
        parse_query("-بوتين -ترامب")
    assert str(exc.value) == ERROR_ONLY_EXCLUSIONS


def test_one_letter_prefix_is_refused():
    with pytest.raises(QueryError) as exc:
        parse_query("ا*")
    assert str(exc.value) == ERROR_SHORT_PREFIX.format(prefix="ا")


def test_too_long_and_control_characters():
    with pytest.raises(QueryError) as exc:
        parse_query("بوتين " * (MAX_QUERY_CHARS // 5))
    assert str(exc.value) == ERROR_TOO_LONG
    with pytest.raises(QueryError) as exc:
        parse_query("بوتين\x01")
    assert str(exc.value) == ERROR_CONTROL_CHARS
