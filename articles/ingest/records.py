"""Plain records passed between the ingest stages: readers -> cleaning -> pipeline.

Nothing here touches the database, so each stage can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawRecord:
    """One article as a reader found it, before any cleaning.

    ``origin`` names the item for error messages and provenance, e.g.
    ``seeds/000.txt``, ``2015-07-21.zip!2015-07-21.json#17`` (record 17) or
    ``feed.jsonl:3`` (line 3).
    """

    origin: str
    kind: str  # "txt", "json" or "sgml"
    text: str = ""  # "txt": the whole decoded file; json/sgml: the record exactly as read
    fields: dict[str, str] = field(default_factory=dict)  # mapped fields for json/sgml:
    # title, body, date, source, url, author (missing keys = not given)
    encoding: str = "utf-8"  # how the bytes were decoded ("utf-8", "windows-1256", ...)


@dataclass(frozen=True)
class ReadError:
    """An item that could not be read; ``message`` is shown to the user as-is."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class ParsedDate:
    """A publication date with how much of it is known and where it came from."""

    value: dt.date
    precision: str  # "day", "month" or "year"
    origin: str  # "metadata", "text" or "editor"


@dataclass
class CleanArticle:
    """An article ready to store: cleaned body, metadata, and the untouched raw text."""

    origin: str
    title: str
    body: str  # paragraphs separated by "\n\n", boilerplate removed
    raw_text: str  # exactly what was read (for json/sgml: the record serialized as read)
    source_name: str | None = None
    url: str | None = None
    author: str | None = None
    keywords: list[str] = field(default_factory=list)
    published: ParsedDate | None = None
    # Stories appended after «اقرأ أيضاً» that are long enough to stand alone.
    appended: list[CleanArticle] = field(default_factory=list)


class CleaningError(ValueError):
    """A record that cannot become an article (e.g. no body); the message names the problem."""
