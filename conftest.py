"""Test wiring: every test gets a fresh, real Whoosh index in a temporary folder."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

SAMPLE_DIR = Path(__file__).resolve().parent / "articles" / "fixtures" / "sample"

# Property-based tests (hypothesis). The suite runs twice in CI (SQLite, then
# PostgreSQL), so examples are few; HTTP tests use two thirds of max_examples.
# CI derandomizes, so a failure there is reproduced by running the same test
# again; locally, failing examples are remembered in var/ (never committed).
# The HTTP tests share one ingested archive across examples (read-only
# requests), hence the function-scoped fixture check is off for them.
hypothesis_settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", 150)),
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "dev",
    parent=hypothesis_settings.get_profile("ci"),
    derandomize=False,
    database=DirectoryBasedExampleDatabase(
        str(Path(__file__).resolve().parent / "var" / "hypothesis")
    ),
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


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


@pytest.fixture(scope="session", autouse=True)
def _translations():
    """The interface catalogues compiled as `make` compiles them, so a plain `pytest` on a
    fresh checkout renders Arabic counts and English pages as the site does."""
    from newsarchive.tests.catalogue import compiled_catalogues

    compiled_catalogues()


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
