"""Arabic text analysis: the one place Arabic is folded, tokenized and stemmed.

Pure Python (no Django). Index time, query time and lookup keys all go
through these functions, so they always agree::

    >>> query_terms("المفاوضاتُ مع روسيا", stem=True)
    ['مفاوض', 'روسيا']
"""

from .chain import AnalyzedToken, analyze, query_terms
from .glued import split_glued
from .normalize import normalize, show_bidi_controls, without_bidi_controls
from .stem import light_stem
from .stopwords import is_stopword
from .tokens import tokenize
from .whoosh import ArabicAnalyzer

__all__ = [
    "AnalyzedToken",
    "ArabicAnalyzer",
    "analyze",
    "is_stopword",
    "light_stem",
    "normalize",
    "query_terms",
    "show_bidi_controls",
    "split_glued",
    "tokenize",
    "without_bidi_controls",
]
