"""Raw record -> CleanArticle: title, paragraphs without web boilerplate, metadata lines.

The boilerplate rules come from what the owner's sample pages and the two corpora
actually contain (SaudiNewsNet, 31,030 articles; ANT, 10,161), not from a generic
list: see the comments on each rule for what it was measured on. Lines are matched
on a folded copy (harakat, tatweel and hamza variants ignored); the body keeps its
original spelling. Glued words are left alone: the search analyzer splits them.

Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from articles.extraction.dates import parse_date, parse_relative_weekday_date
from articles.ingest.records import CleanArticle, CleaningError, ParsedDate, RawRecord
from search.analysis.normalize import fold_for_matching

MSG_NO_BODY = "no article text (body is empty)"
MSG_ONLY_BOILERPLATE = "no article text (only boilerplate lines)"
MSG_TOO_SHORT = "no article text (fewer than 8 words and no full sentence)"

HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 150
DERIVED_TITLE_MAX_WORDS = 12
DERIVED_TITLE_MAX_CHARS = 90
APPENDED_MIN_WORDS = 60  # below this, what follows «اقرأ أيضاً» is a teaser, not a story
CAPTION_MAX_WORDS = 10
# aljazirah has ~280 bodies that are only the names from a photo caption
# («الأمير فيصل بن خالد»): under 8 words with no sentence end is not an article.
MIN_BODY_WORDS = 8  # keep in step with MSG_TOO_SHORT
# A weekday date counts as the publication date only in the opening paragraphs.
LEAD_PARAGRAPHS = 2

# --- invisible characters --------------------------------------------------------
# Measured in the corpora: NBSP (46k), RLM/LRM and bidi embeddings (~1.7k), \x1a used
# as a bullet (658), ZWSP/ZWNJ/ZWJ, soft hyphens, a BOM, private-use Wingdings bullets.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_ODD_SPACE = re.compile(
    "[\u00a0\u202f\u2007\u2002\u2003\u2009\u200a\u3000\x00-\x09\x0b-\x1f\x7f-\x9f\ue000-\uf8ff]"
)


def _scrub(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ODD_SPACE.sub(" ", _INVISIBLE.sub("", text))


def _one_line(text: str | None) -> str | None:
    """A metadata field scrubbed like the body: no invisible or bidi controls, one line."""
    return " ".join(_scrub(text).split()) if text else text


def _fold(text: str) -> str:
    return fold_for_matching(text)


def _key(text: str) -> str:
    """Letters and digits only, folded: '...المزيد' -> 'المزيد', 'تعليقات ()' -> 'تعليقات'."""
    return " ".join(re.sub(r"[\W_]+", " ", _fold(text)).split())


# --- whole-line boilerplate ----------------------------------------------------------
# Seeds: «التعليقات», «سجّل الدخول لكتابة تعليق», «تم نسخ الرابط», a lone «عاجل».
# SaudiNewsNet: «...المزيد» (aawsat, 114 lines), «Next Previous» (3alyoum slider, 19
# alone + 232 as a prefix), «// انتهى //» / «// يتبع //» (SPA wire markers, 380),
# «تعليقات ()» (2). ANT: «على محركات البحث : على يوتيوب :» (2), «ملاحظة: الصورة توضيحية».
_DROP_LINES = {
    _key(line)
    for line in (
        # comment prompts
        "التعليقات", "تعليقات", "تعليق", "أضف تعليق", "أضف تعليقك", "اكتب تعليقك",
        "اترك تعليقا", "سجّل الدخول لكتابة تعليق", "سجل دخولك لكتابة تعليق",
        "سجل الدخول للتعليق", "يجب تسجيل الدخول للتعليق", "لا توجد تعليقات",
        "التعليقات مغلقة", "شارك برأيك",
        # share / copy link / print / font size
        "تم نسخ الرابط", "نسخ الرابط", "انسخ الرابط", "رابط مختصر", "شارك", "مشاركة",
        "شارك الخبر", "شارك المقال", "شارك عبر", "طباعة", "اطبع", "طباعة المقال",
        "حجم الخط", "تكبير الخط", "تصغير الخط", "A+ A-", "A- A+", "تابعونا", "تابعنا",
        # one-word labels pasted above headlines
        "عاجل", "خاص", "حصري", "فيديو", "بالفيديو", "صور", "بالصور", "مباشر", "تحديث",
        "شاهد", "إنفوجراف", "انفوغراف", "إعلان",
        # related-links and pagination residue
        "المزيد", "اقرأ المزيد", "أخبار ذات صلة", "مقالات ذات صلة", "موضوعات ذات صلة",
        "Next Previous", "Next", "Previous", "انتهى", "يتبع",
        "على محركات البحث على يوتيوب", "ملاحظة الصورة توضيحية",
    )
}  # fmt: skip

# Folded-line prefixes. The contact lines are columnists' SMS codes (almadina 155,
# okaz 35 articles) and e-mail/Twitter sign-offs (aawsat, alriyadh, okaz).
_DROP_PATTERNS = re.compile(
    r"^(?:"
    r"سجل (?:الدخول|دخولك)"
    r"|يجب (?:عليك )?تسجيل الدخول"
    r"|(?:للتواصل|لمراسله الكاتب).*(?:sms|@|\d{5})"
    r"|.*\d{5,6}\s*-?\s*,?\s*(?:stc|mobily|zain|موبايلي|زين)\b"
    r"|.*بالرمز.*مسافه"
    r"|ثم الرساله$"
    r"|\*\s*(?:خدمه|بالاتفاق مع)\s*[«{][^»}]{1,30}[»}]\W*(?:خاص ب\W*[«{][^»}]{1,30}[»}])?\W*$"  # aawsat (84)
    r"|//\s*(?:انتهى|يتبع)"
    r"|\d{1,2}:\d{2}\s*ت\s*م$"  # SPA timestamp after «// انتهى //»
    r"|اخر تحديث\s*:"
    r"|رابط (?:الخبر|المقال)\b[^:]{0,30}:"  # «رابط الخبر بصحيفة الوئام: …» (alweeam, 1,195)
    r")"
)
_CONTACT = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+"
    r"|(?:تويتر|twitter|فيسبوك|facebook|انستغرام|انستقرام|instagram|يوتيوب|youtube)\s*:?\s*@?[\w.]*",
    re.I,
)

# Boilerplate lines longer than 80 characters all start with one of these.
_LONG_LINE_HINT = re.compile(
    r"(?:ال)?كلمات|(?:ال)?وسوم|tags|المصدر|تاريخ|نشر|للتواصل|لمراسل|سجل|يجب|\*|//|\d|[\w.]+@",
    re.I,
)

# --- metadata lines --------------------------------------------------------------
_SOURCE_LINE = re.compile(r"^المصدر\s*[:：]\s*(.+)$")
_KEYWORDS_LINE = re.compile(
    r"^(?:(?:ال)?كلمات (?:ال)?(?:دلاليه|مفتاحيه)|(?:ال)?وسوم|tags)\s*[:：]\s*(.*)$"
)
_DATE_LINE = re.compile(r"^(تاريخ النشر|تاريخ الخبر|نشر بتاريخ|نشر في)\s*[:：]?\s*(.+)$")
_KEYWORD_SEPARATORS = re.compile(r"\s*[،,;؛|]\s*")
# Seed 001 ends its last paragraph with «… غير منطقية. المصدر: وكالات».
_TRAILING_SOURCE = re.compile(
    r"(?:(?<=[.!؟?»\"”)])\s+|^)المصدر\s*[:：]\s*([^.!؟?:\n]{1,60}?)\s*\.?$"
)

# Cut from a marker to the end of its line (SPA «… // انتهى //», glued SMS footers).
_TRAILING_CUTS = re.compile(
    r"\s*//\s*(?:انتهى|يتبع)\s*//.*$"
    r"|\s*(?:\S+@\S+\s*)*للتواصل\s+(?:مع\s+الكاتب\s+)?[اأ]رسل.*$"
    r"|\s*رابط (?:الخبر|المقال) ب\S+(?: \S+)?\s*:.*$",  # alweeam, often glued to the text
    re.I,
)
_NEXT_PREVIOUS = re.compile(r"^(?:Next\s+)?Previous\s+|^Next\s+", re.I)
# okaz glues its share widget to the first paragraph (157 articles).
_SHARE_PREFIX = re.compile(
    r"^شارك (?:من خلال|عبر)(?:\s+(?:تويتر|فيسبوك|فيس بوك|جوجل بلس|واتساب|لينكد ان))+"
    r"(?:\s+اكتب ر[أا]يك)?\s*"
)
# sabq opens with «سبق- الرياض: …», «سبق ـ أبها: …» or «عبدالله البرقاوي- سبق- جدة: …».
_PREFIX_DATELINE = re.compile(
    r"^((?:[^\s:،.\-–ـ]+(?:\s[^\s:،.\-–ـ]+){0,2}\s?[-–ـ]\s?){1,2})([^:،.\-–ـ\d]{1,25}):\s+"
)

AGENCIES = (
    "وكالات", "الأناضول", "وكالة الأناضول", "رويترز", "أ ف ب", "فرانس برس",
    "وكالة فرانس برس", "د ب أ", "أ ب", "أسوشيتد برس", "واس", "وات", "قنا", "وام",
    "كونا", "بنا", "سبأ", "سانا", "بترا", "شينخوا", "سبوتنيك", "نوفوستي", "تاس",
    "يو بي آي", "إفي", "الألمانية", "الفرنسية", "ومع", "وأج", "أ ش أ",
)  # fmt: skip
_AGENCY_KEYS = {_key(a).replace(" ", "") for a in AGENCIES}
_DATELINE_OUTLETS = _AGENCY_KEYS | {"سبق"}

# --- «اقرأ أيضاً» -------------------------------------------------------------------
# Matched on the original text (so the appended story's raw text is an exact slice):
# every letter may carry harakat/tatweel; alef/hamza forms vary; a colon may follow.
_H = "[\u064b-\u065f\u0670\u0640]*"
_READ_ALSO_HINT = re.compile(rf"ق{_H}ر{_H}[أاءإ]{_H}\s*[اأإآ]{_H}ي{_H}ض")  # fast pre-check
_READ_ALSO = re.compile(
    rf"(?:^|(?<=[.!؟?]))[^\S\n]*[*•\-–>]?[^\S\n]*"
    rf"[اإأآ]{_H}ق{_H}ر{_H}[أاءإ]{_H}\s*[اأإآ]{_H}ي{_H}ض{_H}ا?{_H}(?![\w])"
    rf"[^\S\n]*[:：\-–]?[^\S\n]*",
    re.M,
)

# --- titles --------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?:(?<!\.)\.|[،,:;؛])$")
_CLAUSE_END = "،,.:؛;!؟?"
_QUOTES = str.maketrans({q: None for q in '"“”«»„'})
_FRAMING_OPENERS = {
    _fold(w)
    for w in (
        "في", "وفي", "على", "وعلى", "من", "ومن", "بعد", "وبعد", "قبل", "خلال", "وخلال",
        "وسط", "عقب", "إثر", "مع", "منذ", "لدى", "ضمن", "بحسب", "حسب", "وفق", "وفقا",
        "طبقا", "بينما", "فيما",
    )
}  # fmt: skip
_TEMPORAL_WORDS = {
    _fold(w)
    for w in (
        "اليوم", "أمس", "غدا", "الليلة", "صباح", "مساء", "الموافق", "يوم", "الاثنين",
        "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
    )
}  # fmt: skip


class _Found:
    """Metadata read out of the text while cleaning it."""

    def __init__(self) -> None:
        self.source: str | None = None  # «المصدر: X»
        self.agency: str | None = None  # a lone «الأناضول» / «-وات-» line
        self.keywords: list[str] = []
        self.published: ParsedDate | None = None


def clean_record(record: RawRecord, *, ingested_on: dt.date | None = None) -> CleanArticle:
    """Clean one record; raise CleaningError when no article text is left.

    `ingested_on` (default: today) dates «اليوم الخميس الموافق 5 من شهر سبتمبر
    الجاري»: the latest year, up to that day, whose 5 September is a Thursday.
    """
    given = {} if record.kind == "txt" else record.fields
    text = record.text if record.kind == "txt" else given.get("body", "")
    raw_text = record.text or json.dumps(given, ensure_ascii=False)
    if not text.strip():
        raise CleaningError(MSG_NO_BODY)

    story, tails = _split_read_also(text)
    found = _Found()
    paragraphs = _clean_lines(story, found)
    if not paragraphs:
        # Invisible characters and odd spaces alone (RLM, ZWSP, NBSP) are an empty body.
        blank = not _scrub(story).strip()
        raise CleaningError(MSG_NO_BODY if blank else MSG_ONLY_BOILERPLATE)

    paragraphs = _drop_dateline(paragraphs)
    title = given.get("title", "")
    if title:
        first = paragraphs[0]
        if len(paragraphs) > 1 and len(first) < 2 * len(title) and _key(first) == _key(title):
            paragraphs = paragraphs[1:]  # the page repeated its headline as a paragraph
    elif _is_headline(paragraphs[0]):
        title = paragraphs[0]
        if len(paragraphs) > 1:
            paragraphs = paragraphs[1:]
    else:
        title = derive_title(paragraphs[0])
    paragraphs = _drop_dateline(paragraphs)
    words = sum(len(p.split()) for p in paragraphs)
    # A headline given by the metadata with a short caption (aljazirah's photo
    # news) is still an archive item; a few stray words with no title are not.
    if not given.get("title") and words < MIN_BODY_WORDS and not re.search(r"[.!؟?]", paragraphs[-1]):
        raise CleaningError(MSG_TOO_SHORT)

    # Metadata first, then «تاريخ النشر: …», then a weekday date in the lead.
    published = parse_date(given["date"], origin="metadata") if given.get("date") else None
    published = published or found.published
    if published is None:
        lead = "\n".join(paragraphs[:LEAD_PARAGRAPHS])
        published = parse_relative_weekday_date(lead, ingested_on or dt.date.today())
    appended = []
    for segment in tails:
        story_part = _appended_article(segment, f"{record.origin}#appended{len(appended) + 1}")
        if story_part is not None:
            appended.append(story_part)
    return CleanArticle(
        origin=record.origin,
        title=_one_line(title),
        body="\n\n".join(paragraphs),
        raw_text=raw_text,
        source_name=_one_line(given.get("source") or found.source or found.agency),
        url=given.get("url"),
        author=_one_line(given.get("author")),
        keywords=found.keywords,
        published=published,
        appended=appended,
    )


def _split_read_also(text: str) -> tuple[str, list[str]]:
    """Cut the text at each «اقرأ أيضاً»: (this article's text, [what follows each])."""
    if not _READ_ALSO_HINT.search(text):  # absent from all 41k corpus articles
        return text, []
    marks = list(_READ_ALSO.finditer(text))
    if not marks:
        return text, []
    tails = [
        text[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)].strip()
        for i, mark in enumerate(marks)
    ]
    return text[: marks[0].start()], [t for t in tails if t]


def _appended_article(segment: str, origin: str) -> CleanArticle | None:
    """A story appended after «اقرأ أيضاً», or None when it is only teaser headlines."""
    found = _Found()
    paragraphs = _clean_lines(segment, found)
    if len(paragraphs) < 2 or not _is_headline(paragraphs[0]):
        return None
    title, body = paragraphs[0], paragraphs[1:]
    words = sum(len(p.split()) for p in body)
    # A list of related headlines is many short lines with no sentence end; a story
    # has most of its words in prose paragraphs.
    prose = sum(len(p.split()) for p in body if not _is_headline(p) or len(p.split()) >= 15)
    if words < APPENDED_MIN_WORDS or prose * 2 < words:
        return None
    return CleanArticle(
        origin=origin,
        title=title,
        body="\n\n".join(body),
        raw_text=segment,
        source_name=found.agency or found.source,
        keywords=found.keywords,
    )


def _clean_lines(text: str, found: _Found) -> list[str]:
    """Paragraphs (one per line) with boilerplate dropped and metadata lines read."""
    text = _scrub(text)
    kept: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if line[0] in "NP":
            line = _NEXT_PREVIOUS.sub("", line)
        elif line.startswith("شارك"):
            line = _SHARE_PREFIX.sub("", line)
        if "//" in line or "للتواصل" in line or "رابط" in line:
            line = _TRAILING_CUTS.sub("", line)
        if line and not _is_boilerplate(line, found):
            kept.append(line)
    kept = _drop_repeated_captions(kept)
    if kept and "المصدر" in kept[-1]:
        match = _TRAILING_SOURCE.search(kept[-1])
        if match:
            found.source = found.source or match.group(1).strip()
            kept[-1] = kept[-1][: match.start()].rstrip()
            if not kept[-1]:
                kept.pop()
    return kept


def _is_boilerplate(line: str, found: _Found) -> bool:
    """True for a line to drop; metadata lines are read into ``found`` first."""
    if len(line) > 300:  # every rule below is about short lines
        return False
    if len(line) > 80 and not _LONG_LINE_HINT.match(_fold(line[:20])):
        return False  # only labelled lines (keywords, SMS footers) run this long
    key = _key(line)
    if not key or key in _DROP_LINES:
        return True
    folded = _fold(line)
    if _DROP_PATTERNS.match(folded):
        return True
    if (match := _SOURCE_LINE.match(folded)) and len(match.group(1).split()) <= 8:
        found.source = found.source or _after_colon(line)
        return True
    if match := _KEYWORDS_LINE.match(folded):
        value = _after_colon(line)
        parts = [p for p in _KEYWORD_SEPARATORS.split(value) if p]
        found.keywords.extend(parts if len(parts) > 1 else [value] if value else [])
        return True
    if match := _DATE_LINE.match(folded):
        date = parse_date(match.group(2), origin="text")
        found.published = found.published or date
        # «نشر في …» also opens sentences; only a labelled or parseable date line goes.
        if match.group(1).startswith("تاريخ") or (date and len(line.split()) <= 12):
            return True
    words = key.split()
    if len(words) <= 4 and "".join(words) in _AGENCY_KEYS:
        found.agency = line.strip(" -–—()[]*.:")
        return True
    if ("@" in line or ":" in line) and _CONTACT.search(folded):
        return not re.search(r"\w", _CONTACT.sub("", folded).replace(":", ""))
    return False


def _after_colon(line: str) -> str:
    head, colon, tail = line.partition(":")
    if not colon:
        head, colon, tail = line.partition("：")
    return (tail if colon else head).strip(" .")


def _drop_repeated_captions(lines: list[str]) -> list[str]:
    """Drop every copy of a short line repeated back to back (an image caption pasted twice).

    Only adjacent repeats: in SaudiNewsNet, non-adjacent repeats are recipe and list
    headings («المقادير:») and poem refrains, which belong to the text.
    """
    drop: set[int] = set()
    for i in range(len(lines) - 1):
        if lines[i] == lines[i + 1] and len(lines[i].split()) <= CAPTION_MAX_WORDS:
            drop.update((i, i + 1))
    return [line for i, line in enumerate(lines) if i not in drop]


def _is_headline(line: str) -> bool:
    """Short and not ending like a sentence: «بوتين يدعم هاريس.. ويؤكد …» is one."""
    return (
        len(line) <= HEADLINE_MAX_CHARS
        and len(line.split()) <= HEADLINE_MAX_WORDS
        and not _SENTENCE_END.search(line.rstrip("\"”»' "))
    )


def _drop_dateline(paragraphs: list[str]) -> list[str]:
    if len(paragraphs) > 1 and _is_dateline(paragraphs[0]):
        return paragraphs[1:]
    match = _PREFIX_DATELINE.match(paragraphs[0])
    if match:
        parts = [*re.split(r"\s?[-–ـ]\s?", match.group(1)), match.group(2)]
        if any(_key(p).replace(" ", "") in _DATELINE_OUTLETS for p in parts):
            return [paragraphs[0][match.end() :], *paragraphs[1:]]
    return paragraphs


def _is_dateline(line: str) -> bool:
    """A byline/dateline before the first paragraph.

    SaudiNewsNet: «عين اليوم – الرياض», «عمر إبراهيم – عين اليوم» (3alyoum, ~1,000),
    «الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس» (SPA, 347).
    """
    words = line.split()
    if len(words) > 12 or _SENTENCE_END.search(line) or re.search(r"[!؟?]|^\(|[–—-]$", line):
        return False
    sides = re.split(r"\s[–—-]\s?|\s?[–—-]\s", line)
    if len(sides) == 2 and all(0 < len(s.split()) <= 4 and not re.search(r"\d", s) for s in sides):
        return True
    return any(ch.isdigit() for ch in line) and _key(words[-1]) in _AGENCY_KEYS


def derive_title(paragraph: str) -> str:
    """A short title from a lead paragraph when the page gave none.

    Skips a framing opener («في تطور لافت على الساحة الدولية،»), keeps the main
    clause up to the first clause mark or time phrase («اليوم الخميس…»), at most
    12 words / 90 characters, and marks a cut with « …».
    """
    words = paragraph.split()
    first_comma = next((i for i, w in enumerate(words) if w[-1] in "،,"), None)
    if first_comma is not None and first_comma < 8 and _fold(words[0]) in _FRAMING_OPENERS:
        words = words[first_comma + 1 :] or words
    clause: list[str] = []
    for word in words:
        bare = word.rstrip(_CLAUSE_END)
        if bare:
            clause.append(bare)
        if bare != word:
            break
    for i, word in enumerate(clause):
        if i >= 3 and _fold(word.translate(_QUOTES)) in _TEMPORAL_WORDS:
            clause = clause[:i]
            break
    title_words: list[str] = []
    for word in clause[:DERIVED_TITLE_MAX_WORDS]:
        if len(" ".join([*title_words, word])) > DERIVED_TITLE_MAX_CHARS:
            break
        title_words.append(word)
    if not title_words:  # the lead opens with punctuation: fall back to its first words
        title_words = paragraph.split()[:DERIVED_TITLE_MAX_WORDS]
    title = " ".join(" ".join(title_words).translate(_QUOTES).split())
    rest = " ".join(" ".join(words).translate(_QUOTES).split()).rstrip(_CLAUSE_END + " ")
    return title if title == rest else f"{title} …"  # « …»: the lead goes on
