"""Arabic function words that carry no search meaning: 'في' is one, 'وزير' is not.

Our own list (Lucene's Savoy list was only compared against), stored in
normalized form, so lookups take a normalized word::

    >>> is_stopword(normalize("إلى")), is_stopword("وزير")
    (True, False)

Left out on purpose, because they are content words or names too: كان and
its forms (also the city Cannes; BM25 already discounts frequent terms),
كأن and إذن (they normalize to كان and اذن "permission"),
اليوم, قال, أم ("or", but also "mother": أم قصر), أمام (normalizes to امام,
"imam"), عبر (also عبّر "expressed"), ولي (ولي العهد), فهم ("understanding"),
ضد, ذات, نفس, اكثر.
"""

from __future__ import annotations

from .normalize import normalize

# Written in ordinary spelling and normalized once at import, so the source
# stays readable (إلى, not الي).
_BASE = """
من في على إلى عن مع حتى منذ مذ عند لدى بين خلال نحو دون حول قبل بعد
وراء فوق تحت سوى غير لدي عدا ضمن

ثم أو بل لكن لكنه لكنها حيث إذ إذا لو لولا كي لكي بينما كما مثل كذلك
أيضا إما أما فقط جدا إنما لعل ليت لما عندما كلما أي أيا هل يا سوف ليس
ليست لاسيما سيما نعم كلا بلى كأنه كأنها

قد لقد لم لن لا ما إن أن إنه إنها أنه أنها إنهم أنهم إني أني إننا أننا
بأن بأنه بأنها لأن لأنه لأنها إلا ألا

أنا نحن أنت أنتم أنتما أنتن هو هي هما هم هن إياه إياها إياهم

هذا هذه ذلك تلك هؤلاء أولئك هذان هذين هاتان هاتين ذاك ذلكم هنا هناك هنالك
ثمة بذلك لذلك بهذا لهذا بهذه لهذه كهذا وكذلك

الذي التي الذين اللذان اللذين اللتان اللتين اللاتي اللواتي اللائي

منه منها منهم منهما فيه فيها فيهم عليه عليها عليهم عنه عنها عنهم له لها
لهم لهما لك لكم به بها بهم إليه إليها إليهم معه معها معهم بينهم بينها لديه لديها
لديهم عندهم عنده عندها بما لما مما عما فيما كلما ممن عمن بمن لمن
منا عنا لنا بنا معنا فينا علينا إلينا لي بي مني عني

كل بعض جميع الآن حين حينما متى أين كيف لماذا ماذا كم ماهو ماهي

ذو ذا ذي

ب ل ك ف و س
"""

# و/ف attach to almost every function word (ومن، فإن); generated rather
# than listed. These would-be forms are content words in their own right
# (ولي العهد, فهم "understanding", فلم "film", وهن "weakness"), so they stay out.
_NOT_GENERATED = {"ولي", "فهم", "فلم", "وهن"}


def _build() -> frozenset[str]:
    base = {normalize(w) for w in _BASE.split()}
    words = set(base)
    for w in base:
        if len(w) > 1:
            for clitic in ("و", "ف"):
                form = clitic + w
                if form not in _NOT_GENERATED:
                    words.add(form)
    return frozenset(words)


STOPWORDS: frozenset[str] = _build()

# على and إلى end in ى, which normalize() folds to ي; spelled with ي
# these are names and content words (علي "Ali", آلي "automatic", والي
# "governor", فعلي "actual"). The chain drops them only when the original
# spelling had ى (Lucene gets the same effect by stopping before folding).
NEEDS_ALEF_MAQSURA: frozenset[str] = frozenset(
    c + normalize(w) for w in ("على", "إلى") for c in ("", "و", "ف")
)


def is_stopword(word: str) -> bool:
    """True for a normalized function word: 'الذي' -> True, 'المفاوضات' -> False."""
    return word in STOPWORDS
