"""NetBox-style lookups on the FilterSets: negation (`__n`) and year ranges, pages and API
alike; a lookup a filter does not have is a 400 naming the ones it has."""

import pytest

LOOKUPS = [
    ({"country__n": "MX"}, ["alpha-fund", "delta-strategy", "echo-fellowship", "foxtrot-project"]),
    ({"country__n": "MX,GB"}, ["delta-strategy", "foxtrot-project"]),
    ({"country": "GB", "country__n": "FR"}, ["alpha-fund"]),
    (
        {"pillar__n": "diplomacy-for-science"},
        ["charlie-expedition", "delta-strategy", "echo-fellowship", "foxtrot-project"],
    ),
    (
        {"kind__n": "fund,network"},
        ["charlie-expedition", "delta-strategy", "echo-fellowship", "foxtrot-project"],
    ),
    ({"start_year__gte": 2000, "start_year__lte": 2012}, ["alpha-fund"]),
    ({"start_year__gte": 1950, "start_year__lte": 2000}, ["echo-fellowship", "foxtrot-project"]),
]


@pytest.mark.parametrize(("params", "expected"), LOOKUPS, ids=[str(p) for p, _ in LOOKUPS])
def test_programme_lookups_select_the_expected_programmes(api, catalogue, params, expected):
    body = api.get("/api/v1/programmes/", params).json()

    assert sorted(record["id"] for record in body["results"]) == expected


def test_institution_and_city_lookups(api, catalogue):
    institutions = api.get("/api/v1/institutions/", {"country__n": "MX"}).json()["results"]
    cities = api.get("/api/v1/cities/", {"kind__n": "city"}).json()["results"]

    assert sorted(record["id"] for record in institutions) == ["fco", "jsps"]
    assert "london" not in {record["id"] for record in cities}


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("country__x", "country, country__n"),
        ("start_year__gt", "start_year__gte, start_year__lte"),
    ],
)
def test_a_lookup_a_filter_does_not_have_is_a_400_naming_those_it_has(
    api, catalogue, name, accepted
):
    response = api.get("/api/v1/programmes/", {name: "1"})

    assert response.status_code == 400
    base = name.split("__")[0]
    assert response.json()["errors"] == {name: [f"Unknown lookup; {base} takes: {accepted}."]}


@pytest.mark.parametrize("value", ["abc", "999", "2101", "1990.5"])
def test_a_year_bound_out_of_range_is_a_400(api, catalogue, value):
    response = api.get("/api/v1/programmes/", {"start_year__gte": value})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["start_year__gte"]


def test_the_facets_count_under_a_negation(api, catalogue):
    body = api.get("/api/v1/programmes/facets/", {"country__n": "MX"}).json()

    assert body["count"] == 4
    assert {item["value"] for item in body["facets"]["country"]} == {"GB", "FR"}


def test_the_page_takes_the_lookups_without_showing_them_in_its_form(client, catalogue):
    page = client.get("/programmes/", {"country__n": "MX", "start_year__gte": 2000})

    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-slug="alpha-fund"' in body
    assert 'data-slug="bravo-network"' not in body  # involves Mexico
    assert 'name="country__n"' not in body
