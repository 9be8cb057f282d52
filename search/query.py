"""The archive's query language, parsed into plain parts (no Whoosh here).

    بوتين ترامب            both words are required
    "وزير الخارجية"        a phrase; «وزير الخارجية» and “…” work too
    -اوكرانيا               exclude a word (or -"a phrase")
    مفاوض*                  words starting with a prefix (at least 2 letters)

An unclosed quote runs to the end of the query, like most search boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from search.messages import Message, translated

MAX_QUERY_CHARS = 500
MIN_PREFIX_CHARS = 2
# Each prefix reads up to 64 words' postings (search/engine.py): a few per query.
MAX_PREFIXES = 3

# The Arabic templates are the msgids of locale/en (search/messages.py renders them).
ERROR_TOO_LONG = Message(
    gettext_noop("الاستعلام أطول من {limit} حرف؛ اختصره وحاول مرة أخرى."), limit=MAX_QUERY_CHARS
)
ERROR_ONLY_EXCLUSIONS = Message(
    gettext_noop("الاستعلام يستبعد كلمات فقط؛ أضف كلمة واحدة على الأقل للبحث عنها.")
)
ERROR_SHORT_PREFIX = gettext_noop(
    "البحث ببداية الكلمة يحتاج حرفين على الأقل قبل النجمة، مثل: مفاوض* (وليس «{prefix}*»)."
)
ERROR_NOTHING_TO_SEARCH = Message(
    gettext_noop(
        "لم يبقَ في الاستعلام كلمة يمكن البحث عنها (الكلمات الشائعة مثل «في» و«من» لا تُبحث وحدها)."
    )
)
ERROR_CONTROL_CHARS = Message(gettext_noop("الاستعلام يحتوي على رموز غير صالحة."))
ERROR_TOO_MANY_PREFIXES = Message(
    gettext_noop(
        "يمكن البحث ببداية {limit} كلمات على الأكثر في استعلام واحد (مثل مفاوض*)؛"
        " اكتب بقية الكلمات كاملة."
    ),
    limit=MAX_PREFIXES,
)

# Opening quote -> closing quote. Straight and curly double quotes pair with
# each other because keyboards and copy-paste mix them.
QUOTE_PAIRS = {
    '"': '"”“',
    "“": '”"“',
    "”": '”"“',
    "„": '“”"',
    "«": "»",
    "»": "«",  # pasted right-to-left text sometimes arrives reversed
}
EXCLUDE_MARKS = "-−–"  # hyphen-minus, minus sign, en dash
PREFIX_MARKS = "*"


class QueryError(ValueError):
    """A query the archive cannot run; the message is shown to the user.

    str() is the Arabic text (the JSON API's language); .translated() is the
    same message in the reader's language, for the pages.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def translated(self) -> str:
        return translated(self.message)


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    excluded_words: list[str] = field(default_factory=list)
    excluded_phrases: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.prefixes)


def parse_query(text: str) -> ParsedQuery:
    """Split a user's query into words, phrases, prefixes and exclusions.

    >>> parse_query('بوتين «وزير الخارجية» -ترامب مفاوض*').phrases
    ['وزير الخارجية']
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(ERROR_TOO_LONG)
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise QueryError(ERROR_CONTROL_CHARS)

    parsed = ParsedQuery()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negate = False
        if ch in EXCLUDE_MARKS:
            negate = True
            i += 1
            if i >= n or text[i].isspace():
                continue  # a lone minus is not an operator
            ch = text[i]
        if ch in QUOTE_PAIRS:
            closers = QUOTE_PAIRS[ch]
            end = i + 1
            while end < n and text[end] not in closers:
                end += 1
            phrase = " ".join(text[i + 1 : end].split())
            i = end + 1
            if phrase:
                (parsed.excluded_phrases if negate else parsed.phrases).append(phrase)
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] not in QUOTE_PAIRS:
            end += 1
        word = text[i:end]
        i = end
        if word.endswith(PREFIX_MARKS) and not negate:
            stem = word.rstrip(PREFIX_MARKS)
            if not stem:
                continue  # a lone "*" is not a query
            if len(_letters(stem)) < MIN_PREFIX_CHARS:
                raise QueryError(Message(ERROR_SHORT_PREFIX, prefix=stem))
            parsed.prefixes.append(stem)
            continue
        word = word.strip(PREFIX_MARKS)
        if word:
            (parsed.excluded_words if negate else parsed.words).append(word)

    if parsed.is_empty and (parsed.excluded_words or parsed.excluded_phrases):
        raise QueryError(ERROR_ONLY_EXCLUSIONS)
    if len(set(parsed.prefixes)) > MAX_PREFIXES:
        raise QueryError(ERROR_TOO_MANY_PREFIXES)
    parsed.prefixes = list(dict.fromkeys(parsed.prefixes))
    return parsed


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())
