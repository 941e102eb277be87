"""Pages and API list the same records in the same order for every ordering, ties included:
both end every ordering with the records' natural key."""

import re

import pytest

from initiatives.filtersets import ProgrammeFilterSet
from initiatives.models import Programme
from tests.factories import make_programme

ORDERINGS = [
    "",
    *(
        f"{sign}{name}"
        for name, _label in ProgrammeFilterSet.base_filters["ordering"].param_map.items()
        for sign in ("", "-")
    ),
]


@pytest.fixture
def ties(db):
    # Created in the reverse of their keys' order, so that the order of creation (the primary
    # key) and the natural key disagree; every field but the name ties.
    for slug in ("zulu", "mike", "alpha", "kilo"):
        make_programme(slug=slug, name=f"Programme {slug}", start_year=1990, end_year=2000)
    make_programme(slug="bravo", name="Bravo", start_year=1980, kind="network")
    make_programme(slug="yankee", name="Yankee", start_year=None, status="proposed")
    Programme.objects.update(modified="2020-01-01T00:00:00Z")


def page_order(client, ordering: str) -> list[str]:
    response = client.get("/programmes/", {"ordering": ordering, "page_size": 100})
    assert response.status_code == 200
    return re.findall(r'data-slug="([^"]+)"', response.content.decode())


def api_order(api, ordering: str) -> list[str]:
    response = api.get("/api/v1/programmes/", {"ordering": ordering, "page_size": 200})
    assert response.status_code == 200
    return [record["id"] for record in response.json()["results"]]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_the_page_and_the_api_list_programmes_in_one_order(client, api, ties, ordering):
    page = page_order(client, ordering)

    assert page == api_order(api, ordering)
    assert len(page) == 6


def test_records_that_tie_come_by_their_natural_key(client, api, ties):
    tied = ["alpha", "kilo", "mike", "zulu"]
    by_year = page_order(client, "start_year")
    assert [slug for slug in by_year if slug in tied] == tied
    assert [slug for slug in page_order(client, "-start_year") if slug in tied] == tied
    assert [slug for slug in api_order(api, "kind") if slug in tied] == tied
