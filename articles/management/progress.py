"""The progress bar the long-running commands share (ingest, extract_entities)."""

import sys

from tqdm import tqdm


def add_progress_arguments(parser) -> None:
    parser.add_argument(
        "--progress",
        action="store_true",
        default=None,
        help="Show a progress bar (the default when the terminal is interactive).",
    )
    parser.add_argument("--no-progress", dest="progress", action="store_false")


def progress_bar(progress: bool | None, **options) -> tqdm:
    """A bar on stderr; `progress` None means: only on an interactive terminal."""
    if progress is None:
        progress = sys.stderr.isatty()
    return tqdm(disable=not progress, file=sys.stderr, **options)
