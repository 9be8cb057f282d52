"""Test wiring: every test gets a fresh, real Whoosh index in a temporary folder."""

import shutil
import tempfile
from pathlib import Path

import pytest

SAMPLE_DIR = Path(__file__).resolve().parent / "articles" / "fixtures" / "sample"


@pytest.fixture(scope="session", autouse=True)
def _index_dir():
    from django.conf import settings
    from haystack import connections

    path = tempfile.mkdtemp(prefix="newsarchive-test-index-")
    settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = path
    connections.reload("default")
    yield path
    shutil.rmtree(path, ignore_errors=True)
    Path(path + ".writer.lock").unlink(missing_ok=True)  # search/writer_lock.py


@pytest.fixture(autouse=True)
def search_backend(_index_dir):
    """The real backend, emptied before each test."""
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.clear()
    return backend


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def samples(sample_dir) -> dict:
    """The five sample articles ingested for real, by file number: {"000": Article, ...}."""
    import io

    from django.core.management import call_command

    from articles.models import Article

    call_command("ingest", str(sample_dir), "--no-progress", stdout=io.StringIO())
    return {a.origin.rsplit("/", 1)[-1][:3]: a for a in Article.objects.filter(appended_to=None)}
