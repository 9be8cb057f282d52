"""Lookup keys for the word lists: one normalization, one spacing::

    >>> key(" الولايات  المتّحدة ")
    'الولايات المتحده'

Every word-list key and every lookup goes through :func:`key`.
"""

from __future__ import annotations

import re

from search.analysis.normalize import normalize

_SEPARATORS = re.compile("[،\n]")


def key(text: str) -> str:
    """The lookup key of a word or phrase: normalized, single spaces: 'أميركا' -> 'اميركا'."""
    return " ".join(normalize(text).split())


def words(text: str) -> set[str]:
    """Keys of a whitespace-separated word list."""
    return {key(word) for word in text.split()}


def phrases(text: str) -> set[str]:
    """Keys of a list of phrases separated by «،» or new lines."""
    return {k for part in _SEPARATORS.split(text) if (k := key(part))}
