from pathlib import Path

import pytest

SAMPLE_CATALOGUE = Path(__file__).parent / "catalogue_sample"


@pytest.fixture
def sample_catalogue(db):
    """A small catalogue of real records from the paper (tests/catalogue_sample)."""
    from initiatives.catalogue import load_catalogue

    return load_catalogue(directory=SAMPLE_CATALOGUE)


@pytest.fixture
def full_catalogue(db):
    """The real catalogue from fixtures/ (about a second to load)."""
    from initiatives.catalogue import load_catalogue

    return load_catalogue()
