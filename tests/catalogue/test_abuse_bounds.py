"""Issue #18: no anonymous URL makes the database work without bound. Multi-value filters take
a bounded number of values (a 400 that says so, on pages and API alike), and a conjunction
of countries is one query whatever the number of codes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.filters import MAX_CONJOINED_VALUES, MAX_VALUES
from tests.factories import make_country, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    made = [make_country() for _ in range(MAX_VALUES + 1)]
    every = make_programme(slug="every", countries=made)
    make_programme(slug="most", countries=made[:-1])
    make_programme(slug="first-two", countries=made[:2])
    return made, every


def codes(countries, n):
    return ",".join(country.iso2 for country in countries[:n])


@pytest.mark.parametrize("url", ["/programmes/", "/api/v1/programmes/", "/programmes/export.csv"])
@pytest.mark.parametrize("extra", [1, 5, 40])
def test_too_many_conjoined_countries_is_a_400_that_says_the_bound(client, countries, url, extra):
    made, _every = countries
    response = client.get(url, {"all_countries": codes(made, MAX_CONJOINED_VALUES + extra)})
    assert response.status_code == 400
    assert f"At most {MAX_CONJOINED_VALUES} values" in response.content.decode()


@pytest.mark.parametrize("url", ["/programmes/", "/api/v1/programmes/"])
def test_too_many_values_of_an_or_filter_is_a_400(client, countries, url):
    made, _every = countries
    response = client.get(url, {"country": codes(made, MAX_VALUES + 1)})
    assert response.status_code == 400
    assert f"At most {MAX_VALUES} values" in response.content.decode()
    assert client.get(url, {"country": codes(made, MAX_VALUES)}).status_code == 200


def test_repeated_values_count_once(client, countries):
    made, _every = countries
    response = client.get("/api/v1/programmes/", {"all_countries": [made[0].iso2] * 500})
    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize("n", [1, 2, 3, MAX_CONJOINED_VALUES - 1])
def test_the_conjunction_selects_programmes_with_every_country(client, countries, n):
    made, _every = countries
    response = client.get("/api/v1/programmes/", {"all_countries": codes(made, n), "fields": "id"})
    ids = sorted(item["id"] for item in response.json()["results"])
    assert ids == (["every", "first-two", "most"] if n <= 2 else ["every", "most"])
    # Neighbours: a country no programme has with the others leaves only `every`.
    last = made[-1].iso2
    response = client.get(
        "/api/v1/programmes/", {"all_countries": f"{codes(made, n)},{last}", "fields": "id"}
    )
    assert [item["id"] for item in response.json()["results"]] == ["every"]


def test_the_conjunction_is_one_query_whatever_the_number_of_codes(countries):
    from django.http import QueryDict

    from initiatives.filtersets import ProgrammeFilterSet
    from initiatives.models import Programme

    made, _every = countries
    sizes = {}
    for n in (2, MAX_CONJOINED_VALUES):
        filterset = ProgrammeFilterSet(
            QueryDict(f"all_countries={codes(made, n)}"), queryset=Programme.objects.all()
        )
        assert filterset.is_valid()
        with CaptureQueriesContext(connection) as queries:
            list(filterset.qs)
        sizes[n] = len(queries)
    assert sizes[2] == sizes[MAX_CONJOINED_VALUES]
