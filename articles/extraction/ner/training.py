"""Train and evaluate the CRF: sentences in, model file and scores out.

Hyper-parameters are fixed here, so ``train_ner`` is reproducible. They and
the features were chosen on the training part only (a dev split = its last
sixth, then 5-fold cross-validation over it), never on the held-out sixth.

Pure Python, no Django.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from .conll import Evaluation, Sentence, evaluate
from .features import document_features
from .tagger import MODEL_PATH, Tagger

# ANERcorp has no document boundaries: a sentence's "document" is the
# sentences around it (its articles average a dozen sentences). 20 either
# side beat 8 by a point of PERS recall in 5-fold cross-validation on the
# training part; at run time the document is the whole article.
DOC_WINDOW = 20

# L-BFGS with elastic net: c1 (L1) keeps the model sparse and small (~1.4 MB),
# c2 (L2) keeps the surviving weights smooth. On a dev split (the last sixth
# of the training part) F1 moved by about a point over c1 0.01-0.2 and
# c2 0.001-0.3; c1 0.2 halves the model for about a point of PERS F1.
PARAMS: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 300,
    "feature.possible_transitions": True,
}


def train(
    sentences: Sequence[Sentence],
    model_path: str | Path = MODEL_PATH,
    params: dict[str, object] | None = None,
) -> float:
    """Train on ``sentences`` and write the model; returns the seconds spent."""
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(PARAMS if params is None else {**PARAMS, **params})
    rows = document_features([[t for t, _ in s] for s in sentences], window=DOC_WINDOW)
    for sentence, features in zip(sentences, rows, strict=True):
        trainer.append(features, [tag for _, tag in sentence])
    trainer.train(str(model_path))
    return time.perf_counter() - started


def predict(tagger: Tagger, sentences: Sequence[Sentence]) -> list[list[str]]:
    """Predicted tags for gold sentences read as one corpus (their gold tags are ignored)."""
    return tagger.tag_document([[t for t, _ in s] for s in sentences], window=DOC_WINDOW)


def score(tagger: Tagger, sentences: Sequence[Sentence]) -> Evaluation:
    """Entity-level scores of ``tagger`` on gold ``sentences``."""
    gold = [[tag for _, tag in sentence] for sentence in sentences]
    return evaluate(gold, predict(tagger, sentences))
