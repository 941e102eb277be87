"""Filters: the pages' FilterSets, strict about unknown parameters and invalid values."""

from datetime import timedelta

import pytest
from django.utils import timezone


def slugs(api, path, params=None):
    response = api.get(path, {"page_size": 200, **(params or {})})
    assert response.status_code == 200, response.content
    return [record["id"] for record in response.json()["results"]]


PROGRAMME_FILTERS = [
    ({"country": "MX"}, {"bravo-network", "charlie-expedition"}),
    (
        {"country": "mx,fr"},
        {"bravo-network", "charlie-expedition", "delta-strategy", "echo-fellowship"},
    ),
    (
        {"country": ["GB", "JP"]},
        {"alpha-fund", "bravo-network", "charlie-expedition", "echo-fellowship"},
    ),
    ({"all_countries": "GB,FR"}, {"echo-fellowship"}),
    ({"all_countries": ["MX", "JP"]}, {"bravo-network", "charlie-expedition"}),
    # The page's checkbox: the chosen countries must all take part, as with all_countries.
    ({"country": "GB,FR", "country_match": "all"}, {"echo-fellowship"}),
    ({"country": ["MX", "JP"], "country_match": "all"}, {"bravo-network", "charlie-expedition"}),
    (
        {"country": "GB,FR", "country_match": "any"},
        {"alpha-fund", "delta-strategy", "echo-fellowship"},
    ),
    ({"region": "europe"}, {"alpha-fund", "delta-strategy", "echo-fellowship"}),
    ({"region": "western-europe"}, {"delta-strategy", "echo-fellowship"}),
    ({"city": "tokyo"}, {"bravo-network"}),
    ({"city": "tokyo,mexico-city"}, {"bravo-network", "charlie-expedition"}),
    ({"pillar": "diplomacy-for-science"}, {"alpha-fund", "bravo-network"}),
    ({"institution": "fco"}, {"alpha-fund", "echo-fellowship"}),
    ({"kind": "fund"}, {"alpha-fund"}),
    ({"kind": ["fund", "network"]}, {"alpha-fund", "bravo-network"}),
    ({"status": "historical"}, {"charlie-expedition"}),
    ({"year": 1874}, {"charlie-expedition"}),
    ({"year": 1995}, {"echo-fellowship", "foxtrot-project"}),
    ({"year": 2012}, {"alpha-fund", "foxtrot-project"}),
    ({"decade": 1870}, {"charlie-expedition"}),
    ({"q": "expedition"}, {"charlie-expedition"}),
    ({"country": "GB", "status": "active"}, {"alpha-fund"}),
    ({"country": ""}, None),  # an empty value does not filter, as the pages' forms send it
]


@pytest.mark.parametrize(("params", "expected"), PROGRAMME_FILTERS)
def test_programme_filters(api, catalogue, params, expected):
    found = slugs(api, "/api/v1/programmes/", params)

    assert set(found) == (set(catalogue["programmes"]) if expected is None else expected)


def test_ordering_by_start_year_descending_with_a_stable_tiebreak(api, catalogue):
    found = slugs(api, "/api/v1/programmes/", {"ordering": "-start_year,name"})

    dated = [slug for slug in found if slug not in {"delta-strategy"}]
    assert dated[:5] == [
        "bravo-network",
        "alpha-fund",
        "echo-fellowship",
        "foxtrot-project",
        "charlie-expedition",
    ]


def test_default_order_is_by_name(api, catalogue):
    assert slugs(api, "/api/v1/programmes/") == sorted(catalogue["programmes"])


def test_modified_since_lists_only_later_changes(api, catalogue):
    from initiatives.models import Programme

    now = timezone.now()
    Programme.objects.exclude(slug="delta-strategy").update(modified=now - timedelta(days=3))
    Programme.objects.filter(slug="delta-strategy").update(modified=now)
    since = (now - timedelta(days=1)).isoformat()

    assert slugs(api, "/api/v1/programmes/", {"modified_since": since}) == ["delta-strategy"]


@pytest.mark.parametrize(
    "resource", ["pillars", "countries", "cities", "institutions", "programmes", "references"]
)
def test_every_list_takes_modified_since(api, catalogue, resource):
    future = (timezone.now() + timedelta(days=1)).isoformat()

    assert slugs(api, f"/api/v1/{resource}/", {"modified_since": future}) == []
    past = (timezone.now() - timedelta(days=1)).isoformat()
    assert slugs(api, f"/api/v1/{resource}/", {"modified_since": past})


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/api/v1/countries/", {"region": "europe"}, {"GB", "FR"}),
        ("/api/v1/countries/", {"pillar": "science-for-diplomacy"}, {"FR"}),
        ("/api/v1/countries/", {"q": "japan"}, {"JP"}),
        ("/api/v1/cities/", {"country": "jp"}, {"tokyo"}),
        ("/api/v1/cities/", {"region": "americas"}, {"mexico-city"}),
        ("/api/v1/cities/", {"kind": "city"}, {"mexico-city", "tokyo", "london"}),
        ("/api/v1/institutions/", {"country": "MX"}, {"sre", "amexcid"}),
        ("/api/v1/institutions/", {"parent": "sre"}, {"amexcid"}),
        ("/api/v1/institutions/", {"kind": "ministry"}, {"sre", "fco"}),
        ("/api/v1/institutions/", {"city": "mexico-city"}, {"sre"}),
        ("/api/v1/institutions/", {"region": "asia"}, {"jsps"}),
        ("/api/v1/institutions/", {"pillar": "science-in-diplomacy"}, {"sre", "jsps"}),
        ("/api/v1/references/", {"q": "ibid"}, {24}),
        ("/api/v1/references/", {"year": 2010}, set()),
    ],
)
def test_other_resources_filters(api, catalogue, path, params, expected):
    assert set(slugs(api, path, params)) == expected


def test_countries_can_be_ordered_by_number_of_programmes(api, catalogue):
    found = slugs(api, "/api/v1/countries/", {"ordering": "-programmes"})

    assert found == ["FR", "GB", "JP", "MX"]  # two programmes each: ties broken by code


@pytest.mark.parametrize(
    ("params", "parameter", "reason"),
    [
        ({"country": "ZZ"}, "country", "Unknown value: ZZ"),
        ({"all_countries": "MX,XX"}, "all_countries", "Unknown value: XX"),
        ({"pillar": "no-such-pillar"}, "pillar", "Unknown value"),
        ({"city": "atlantis"}, "city", "Unknown city: atlantis. Give its name"),
        ({"institution": "nobody"}, "institution", "Unknown institution: nobody. Give its"),
        ({"region": "atlantis"}, "region", "not one of the available choices"),
        ({"kind": "party"}, "kind", "not one of the available choices"),
        ({"status": "dead"}, "status", "not one of the available choices"),
        ({"year": "1.5"}, "year", "whole number"),
        ({"year": "999"}, "year", "greater than or equal to 1000"),
        ({"decade": "1875"}, "decade", "multiple of step size 10"),
        ({"modified_since": "yesterday"}, "modified_since", "valid date/time"),
        ({"ordering": "budget"}, "ordering", "not one of the available choices"),
        ({"q": "x" * 201}, "q", "at most 200 characters"),
        ({"q": "a\x00b"}, "q", "Null characters are not allowed"),
        ({"colour": "red"}, "colour", "Unknown parameter"),
    ],
)
def test_an_invalid_filter_is_a_400_naming_the_parameter_and_why(
    api, catalogue, params, parameter, reason
):
    response = api.get("/api/v1/programmes/", params)

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert reason in body["errors"][parameter][0]
    assert parameter in body["detail"]


def test_unknown_parameters_are_refused_on_details_too(api, catalogue):
    response = api.get("/api/v1/programmes/alpha-fund/", {"country": "GB"})

    assert response.status_code == 400
    assert "Unknown parameter" in response.json()["errors"]["country"][0]


@pytest.mark.parametrize(
    "since, status",
    [
        ("2097-06-02T01:47:54+18:44", 200),  # an offset Python takes and PostgreSQL refuses
        ("2020-01-01T00:00:00-23:59", 200),
        ("9999-12-31T23:59:59-12:00", 400),  # past the last representable moment in UTC
    ],
)
def test_modified_since_takes_any_offset_python_reads(api, catalogue, since, status):
    response = api.get("/api/v1/programmes/", {"modified_since": since})
    assert response.status_code == status, response.content
