from pathlib import Path

import pytest

SAMPLE_CATALOGUE = Path(__file__).parent / "catalogue_sample"
# A few countries as quadrilaterals: the map is drawn whether or not `make vendor` has run.
TINY_WORLD = Path(__file__).parent / "data" / "tiny-world.json"


@pytest.fixture(autouse=True)
def tiny_world(settings):
    settings.WORLD_MAP_SHAPES = TINY_WORLD


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
