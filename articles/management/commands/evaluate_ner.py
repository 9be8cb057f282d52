"""`python manage.py evaluate_ner PATH`: score the shipped recogniser on a BIO file.

The first two lines are always ``PERS P=.. R=.. F1=..`` and ``LOC ...``;
extra lines (other types, confusion, speed) follow them.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.extraction.ner.conll import (
    BIOFormatError,
    evaluate,
    read_bio,
    split_heldout,
)

MSG_NO_MODEL = "{path}: model file missing or unreadable; run `python manage.py train_ner`"
MSG_NOTHING_HELD_OUT = "{path}: too few sentences to hold out a sixth"


class Command(BaseCommand):
    help = "Tag a 'token TAG' BIO file with the shipped model and print P/R/F1 for PERS and LOC."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="BIO file: one 'token TAG' a line, blank between sentences."
        )
        parser.add_argument(
            "--heldout",
            action="store_true",
            help="Score only the last sixth (by sentence): the part train_ner held out.",
        )
        parser.add_argument("--model", default=None, help="Model file (default: the shipped one).")

    def handle(self, *args, path, heldout, model, **options):
        from articles.extraction.ner import training
        from articles.extraction.ner.tagger import MODEL_PATH, Tagger

        try:
            sentences = read_bio(path)
        except BIOFormatError as error:
            raise CommandError(str(error)) from None
        if heldout:
            sentences = split_heldout(sentences)[1]
            if not sentences:
                raise CommandError(MSG_NOTHING_HELD_OUT.format(path=path))
        model_path = model or MODEL_PATH
        try:
            tagger = Tagger(model_path)
        except (OSError, ValueError):
            raise CommandError(MSG_NO_MODEL.format(path=model_path)) from None

        tagger.tag_document([["قال", "بوتين"]])  # loads the word frequencies, not timed
        started = time.perf_counter()
        predicted = training.predict(tagger, sentences)
        seconds = time.perf_counter() - started
        result = evaluate([[tag for _, tag in s] for s in sentences], predicted)

        out = self.stdout
        for kind in ("PERS", "LOC"):
            out.write(result.scores[kind].line())
        others = [s.line() for k, s in result.scores.items() if k not in ("PERS", "LOC")]
        if others:
            out.write("other types: " + " | ".join(others))
        for line in result.confusion.lines():
            out.write(line)
        rate = seconds * 1000 / result.tokens * 1000 if result.tokens else 0.0
        out.write(
            f"{len(sentences)} sentences, {result.tokens} tokens; "
            f"{rate:.1f} ms per 1k tokens (features and tagging, token cache cold)"
        )
