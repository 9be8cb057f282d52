"""The catalogues for the tests: compiled when a .po is newer, the strings the code
marks for translation, found with babel alone (makemessages needs GNU gettext,
which a fresh machine does not have), and which of them are written in English.

The interface's strings are Arabic msgids (locale/en translates them); the
models' are English ones (locale/ar translates them)."""

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import django
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.utils.translation.reloader import translation_file_changed
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
ARABIC_PO_PATH = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PO_PATHS = {"en": PO_PATH, "ar": ARABIC_PO_PATH}
# Django's own admin strings ('Home', 'No, take me back') are in its ar catalogue already.
DJANGO_ADMIN_ARABIC_PO = (
    Path(django.__file__).parent / "contrib/admin/locale/ar/LC_MESSAGES/django.po"
)
PYTHON_DIRS = ("articles", "search", "newsarchive")
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def read_catalogue(language: str = "en", path: Path | None = None) -> Catalog:
    with (path or PO_PATHS[language]).open("rb") as po:
        return read_po(po)


def compiled(language: str) -> Path:
    """The .mo `make` builds, built here too when missing or older than the .po, so a
    plain `pytest` checks the catalogue in the tree. Django's translation caches are
    reset after a rebuild, as its autoreloader does."""
    source = PO_PATHS[language]
    mo_path = source.with_suffix(".mo")
    if not mo_path.exists() or mo_path.stat().st_mtime < source.stat().st_mtime:
        with mo_path.open("wb") as mo:
            write_mo(mo, read_catalogue(language))
        translation_file_changed(sender=None, file_path=mo_path)
    return mo_path


def compiled_catalogues() -> list[Path]:
    return [compiled(language) for language in PO_PATHS]


# str.format and %-style placeholders: not words of either language.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _is_arabic(char: str) -> bool:
    return unicodedata.name(char, "").startswith("ARABIC")


def source_language(msgid: str) -> str:
    """ "en" or "ar": the script of the message's first letter, placeholders aside.

    'The outlet as readers know it, e.g. «صدى البلد».' -> 'en'; '%(count)s نتيجة' -> 'ar'.
    """
    for char in _PLACEHOLDER.sub("", msgid):
        if _is_arabic(char):
            return "ar"
        if char.isalpha():
            return "en"
    return "en"


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def examples(msgid: str) -> list[str]:
    """What a translation must keep as it is: Arabic names quoted «…», URLs, file names, numbers.

    'e.g. «أمريكا» for «الولايات المتحدة»' -> ['«أمريكا»', '«الولايات المتحدة»'].
    """
    quoted = [q for q in re.findall(r"«[^»]+»", msgid) if any(map(_is_arabic, q))]
    outside = re.sub(r"«[^»]+»", " ", msgid)
    tokens = [t.strip("().,;:") for t in outside.split()]
    return quoted + [t for t in tokens if "://" in t or any(c.isdigit() for c in t)]


def django_admin_arabic() -> set[str]:
    """The msgids Django's own admin catalogue translates to Arabic."""
    catalogue = read_catalogue(path=DJANGO_ADMIN_ARABIC_PO)
    return {m.id for m in catalogue if isinstance(m.id, str) and m.id and m.string}


def _messages(source: str) -> Iterator[tuple[int, tuple[str | None, str], str]]:
    for lineno, message, _comments, context in extract(
        "python", io.BytesIO(source.encode()), keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            yield lineno, (context, msgid), msgid


def marked_messages() -> Iterator[tuple[str, tuple[str | None, str], str]]:
    """(where, (context, msgid), msgid) for every marked string in templates and code."""
    for path in sorted((ROOT / "templates").rglob("*.html")):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for lineno, key, text in _messages(code):
            yield f"{path.relative_to(ROOT)}:{lineno}", key, text
    for folder in PYTHON_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for lineno, key, text in _messages(path.read_text(encoding="utf-8")):
                yield f"{path.relative_to(ROOT)}:{lineno}", key, text
