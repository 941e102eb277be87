"""Facet counts and totals come from sets of programme ids (initiatives.facets): they must
equal what the database counts directly, for every facet value and filter combination."""

import pytest
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from catalogue.listing import with_tiebreaker
from initiatives import facets as facet_index
from initiatives.facets import FACETS, programme_count, programme_facets, programme_rows
from initiatives.filtersets import ProgrammeFilterSet
from initiatives.models import Programme

QUERIES = [
    "",
    "country=MX",
    "country=MX,CL&pillar=science-in-diplomacy",
    "region=americas&kind=fund,network",
    "region=europe&decade=2010",
    "all_countries=MX,CL",
    "status=active&q=science",
    "pillar=diplomacy-for-science&year=2015",
    "q=cooperation&country=ES&ordering=-start_year",
    "institution=conacyt",
    "city=barcelona",
]


def value_condition(facet: str, value) -> Q:
    """What having a facet value means, written directly against the models."""
    if facet == "pillar":
        return Q(pillars__slug=value)
    if facet == "country":
        return Q(countries__iso2=value)
    if facet == "region":
        return Q(countries__region=value) | Q(countries__subregion=value)
    if facet == "decade":
        return Q(start_year__gte=value, start_year__lte=value + 9)
    return Q(**{facet: value})


def filterset(query: str) -> ProgrammeFilterSet:
    filterset = ProgrammeFilterSet(QueryDict(query), queryset=Programme.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset


@pytest.mark.django_db
def test_facet_counts_equal_the_databases_own_counts(full_catalogue):
    for query in QUERIES:
        facets = programme_facets(filterset(query))
        params = QueryDict(query)
        for facet in FACETS:
            others = params.copy()
            others.pop(facet, None)
            within = filterset(others.urlencode()).qs.order_by()
            for entry in facets[facet]:
                expected = within.filter(value_condition(facet, entry["value"])).distinct()
                assert entry["count"] == expected.count(), (query, facet, entry)
            shown = {entry["value"] for entry in facets[facet]}
            assert len(shown) == len(facets[facet])  # each value once


@pytest.mark.django_db
def test_the_total_equals_the_filtered_lists_count(full_catalogue):
    for query in QUERIES:
        assert programme_count(filterset(query)) == filterset(query).qs.count(), query


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["", "&ordering=-start_year", "&ordering=kind"])
def test_rows_chosen_by_id_are_the_filtersets_own_in_its_order(full_catalogue, ordering):
    for query in QUERIES:
        expected = list(with_tiebreaker(filterset(query + ordering).qs).values_list("slug"))
        rows = programme_rows(filterset(query + ordering))
        assert list(with_tiebreaker(rows).values_list("slug")) == expected, query


@pytest.mark.django_db
def test_rows_are_chosen_by_id_only_for_few_enough_matches(full_catalogue, monkeypatch):
    by_id = programme_rows(filterset("country=MX"))
    assert "programme_countries" not in str(by_id.query)  # no join through the links
    monkeypatch.setattr(facet_index, "ROWS_BY_ID", 3)
    by_joins = programme_rows(filterset("country=MX"))
    assert "programme_countries" in str(by_joins.query)
    assert list(by_joins) == list(by_id)


@pytest.mark.django_db
def test_a_value_no_programme_has_is_left_out(full_catalogue):
    facets = programme_facets(filterset("country=MX"))

    countries = {entry["value"] for entry in facets["country"]}
    with_programmes = set(Programme.objects.values_list("countries__iso2", flat=True))
    assert countries == with_programmes - {None}


@pytest.mark.django_db
def test_a_worker_builds_its_index_before_taking_requests(sample_catalogue, caplog):
    from unittest import mock

    from django.db import DatabaseError

    from diplohub import gunicorn

    gunicorn.post_worker_init(worker=None)
    every = filterset("")
    with CaptureQueriesContext(connection) as queries:
        count = programme_count(every)
    assert len(queries) == 1  # the catalogue's version: the index exists
    assert count == Programme.objects.count()

    with mock.patch("initiatives.facets.warm_up", side_effect=DatabaseError("away")):
        gunicorn.post_worker_init(worker=None)  # the worker still starts
    assert "the database is away" in caplog.text
