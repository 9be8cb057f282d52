"""The English catalogue for the tests: compiled when the .po is newer, and the
strings the code marks for translation, found with babel alone (makemessages
needs GNU gettext, which a fresh machine does not have)."""

import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.utils.translation.reloader import translation_file_changed
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PYTHON_DIRS = ("articles", "search", "newsarchive")
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def read_catalogue() -> Catalog:
    with PO_PATH.open("rb") as po:
        return read_po(po)


def compiled_english() -> Path:
    """The .mo `make` builds, built here too when missing or older than the .po, so a
    plain `pytest` checks the catalogue in the tree. Django's translation caches are
    reset after a rebuild, as its autoreloader does."""
    mo_path = PO_PATH.with_suffix(".mo")
    if not mo_path.exists() or mo_path.stat().st_mtime < PO_PATH.stat().st_mtime:
        with mo_path.open("wb") as mo:
            write_mo(mo, read_catalogue())
        translation_file_changed(sender=None, file_path=mo_path)
    return mo_path


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
