"""`python manage.py train_ner`: rebuild the word lists, train the CRF, report held-out scores."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

DEFAULT_DATA = "/work/shared/eval/anercorp/train.txt"
DATA_ENV = "NEWSARCHIVE_ANERCORP"


class Command(BaseCommand):
    help = (
        "Train the people/places recogniser on the first 5/6 of an ANERcorp BIO file "
        "(fixed hyper-parameters), then print P/R/F1 per type on the last sixth."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            default=os.environ.get(DATA_ENV, DEFAULT_DATA),
            help=f"ANERcorp 'token TAG' file (default: ${DATA_ENV} or {DEFAULT_DATA}).",
        )
        parser.add_argument(
            "--output", default=None, help="Model file to write (default: the shipped model)."
        )

    def handle(self, *args, data, output, **options):
        # The word lists are features: rebuild them from the pinned packages
        # before anything imports them, so the model matches what is shipped.
        from articles.extraction.ner import foreignness, gazetteer_build
        from articles.extraction.ner.conll import BIOFormatError, read_bio, split_heldout

        try:
            sentences = read_bio(data)
        except BIOFormatError as error:
            raise CommandError(str(error)) from None
        gazetteer_build.write()
        foreignness.write()

        from articles.extraction.ner import training
        from articles.extraction.ner.tagger import MODEL_PATH, Tagger

        model_path = Path(output) if output else MODEL_PATH
        train_part, heldout = split_heldout(sentences)
        self.stdout.write(
            f"Training on {len(train_part)} sentences of {data}; "
            f"{len(heldout)} held out (the last sixth)."
        )
        seconds = training.train(train_part, model_path)
        size = model_path.stat().st_size / 1e6
        self.stdout.write(f"Trained in {seconds:.0f} s: {model_path} ({size:.1f} MB)")
        evaluation = training.score(Tagger(model_path), heldout)
        self.stdout.write("Held-out entity-level scores (exact span and type):")
        for type_score in evaluation.scores.values():
            self.stdout.write(f"  {type_score.line()}")
