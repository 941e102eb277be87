from pathlib import Path

import pytest
from django.utils import translation

SAMPLE_CATALOGUE = Path(__file__).parent / "catalogue_sample"
# A few countries as quadrilaterals: the map is drawn whether or not `make vendor` has run.
TINY_WORLD = Path(__file__).parent / "data" / "tiny-world.json"


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the default language: a request activates its language for its
    thread (Django's LocaleMiddleware and the API alike) and nothing resets it afterwards,
    so a Spanish request would otherwise leave the next test of the worker in Spanish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's advice for test suites: a fast hasher, not PBKDF2's million rounds (a third
    of a second for every password a test sets or a login checks)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tiny_world(settings):
    settings.WORLD_MAP_SHAPES = TINY_WORLD


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counts and cached pages live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    # Each test's own: a rolled-back test database can repeat a catalogue version's token.
    settings.ARCHIVE_DIR = tmp_path / "archive"
    # A release's links name the site's address; the test client's is http://testserver.
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def sample_catalogue(db):
    """A small catalogue of real records from the paper (tests/catalogue_sample)."""
    from initiatives.catalogue import load_catalogue

    return load_catalogue(directory=SAMPLE_CATALOGUE)


@pytest.fixture(scope="module")
def paper_catalogue(django_db_setup, django_db_blocker):
    """The real catalogue from fixtures/, loaded once per test module inside a transaction
    rolled back after the module, so the next module starts from an empty database. It stays
    loaded from the first test that asks for it to the module's end: in a module whose other
    tests need an empty database, those tests come first.

    Each test's own transaction nests inside it (a savepoint), so what a test writes is still
    undone after that test. Not for live-server (transactional) tests: they cannot see
    uncommitted rows."""
    from django.db import transaction

    from initiatives.catalogue import load_catalogue

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_catalogue()
        transaction.set_rollback(True)


@pytest.fixture
def full_catalogue(paper_catalogue, db):
    """The real catalogue (see paper_catalogue), with database access for the test."""
    return paper_catalogue
