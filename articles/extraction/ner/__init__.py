"""Named-entity recognition for Arabic news: people (PERS) and places (LOC).

A linear-chain CRF (python-crfsuite) trained by ``python manage.py train_ner``
on the first 5/6 of ANERcorp, with Arabic-specific features (normalized and
clitic-stripped forms, light stems, word frequencies, letter-trigram
"foreignness", gazetteers of places, given names and titles, and what other
mentions of a word in the same document say)::

    >>> from articles.extraction.ner.tagger import find_entities
    >>> [(e.kind, e.text) for e in find_entities("قال الرئيس الروسي فلاديمير بوتين في موسكو")]
    [('PERS', 'فلاديمير بوتين'), ('LOC', 'موسكو')]

Modules: ``conll`` (BIO files, conlleval-style scoring), ``keys`` (lookup
keys), ``curated`` (hand-written lists), ``gazetteer_build`` and
``foreignness`` (package-built data, committed as JSON), ``gazetteers``
(the public word lists), ``features`` and ``mentions`` (CRF features),
``tagger`` (the shipped model), ``training``. Committed data: ``model.crfsuite``, ``gazetteer.json``,
``foreignness.json``; ``train_ner`` rebuilds all three, so editing a word
list means retraining. Held-out scores: ``python manage.py evaluate_ner
--heldout /work/shared/eval/anercorp/train.txt``.

Pure Python, no Django.
"""
