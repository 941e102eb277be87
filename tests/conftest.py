from pathlib import Path

import pytest
from django.core.management import call_command

SAMPLE_CATALOGUE = Path(__file__).parent / "catalogue_sample"


@pytest.fixture
def sample_catalogue(db):
    """A small catalogue of real records from the paper (tests/catalogue_sample)."""
    from initiatives.catalogue import load_catalogue

    return load_catalogue(directory=SAMPLE_CATALOGUE)


@pytest.fixture(scope="session")
def full_catalogue(django_db_setup, django_db_blocker):
    """The real catalogue from fixtures/, loaded once per test session."""
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)
