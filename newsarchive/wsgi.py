"""WSGI entry point used by gunicorn: `gunicorn newsarchive.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

application = get_wsgi_application()

# Load the Arabic word-frequency table (about 2 s, 60 MB) now rather than on
# the first search; with `gunicorn --preload` the workers share this copy.
from search.analysis import lexicon  # noqa: E402

lexicon.table()
