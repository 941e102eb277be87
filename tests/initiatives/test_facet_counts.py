"""Facet counts come from the FilterSet's own filters (catalogue.facets): they must equal what
the database counts directly, for every facet value and filter combination, and a facet is
added by declaring it on the FilterSet alone."""

import pytest
from django.db.models import Q
from django.http import QueryDict

from catalogue.facets import Facet, facet_counts
from countries.models import City
from initiatives.filtersets import ProgrammeFilterSet
from initiatives.models import Programme
from tests.factories import make_city, make_country, make_pillar, make_programme

FACETS = (
    "pillar",
    "pillar_basis",
    "country",
    "region",
    "city",
    "institution",
    "kind",
    "status",
    "decade",
)
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
    # several values of one facet's filter, and several facets at once
    "kind=fund,network&country=MX,CL&decade=2010",
    "region=europe&status=active,historical&pillar=science-for-diplomacy",
    "pillar=science-in-diplomacy&country=ES&kind=network&status=active&decade=2000",
    "pillar_basis=definition&country=MX",
    "pillar_basis=none&region=europe",
    "pillar=science-in-diplomacy&pillar_basis=example,definition",
]


def value_condition(facet: str, value) -> Q:
    """What having a facet value means, written directly against the models."""
    if facet == "pillar":
        return Q(pillars__slug=value)
    if facet == "pillar_basis":
        return (
            Q(pillar_links__isnull=True) if value == "none" else Q(pillar_links__basis_kind=value)
        )
    if facet == "country":
        return Q(countries__iso2=value)
    if facet == "region":
        return Q(countries__region=value) | Q(countries__subregion=value)
    if facet == "decade":
        return Q(start_year__gte=value, start_year__lte=value + 9)
    if facet == "city":
        return Q(cities__slug=value)
    if facet == "institution":
        return Q(institutions__slug=value)
    return Q(**{facet: value})


def filterset(query: str, filterset_class=ProgrammeFilterSet, queryset=None) -> ProgrammeFilterSet:
    queryset = Programme.objects.all() if queryset is None else queryset
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return filterset


def counts(facet: list[dict]) -> dict:
    return {entry["value"]: entry["count"] for entry in facet}


def test_the_programme_list_has_its_nine_facets():
    assert tuple(ProgrammeFilterSet.facets) == FACETS


@pytest.mark.django_db
def test_facet_values_come_in_each_facets_order():
    first = make_pillar(slug="zeta-pillar", name="Zeta", position=1)
    second = make_pillar(slug="alpha-pillar", name="Alpha", position=2)
    mexico, chile = make_country(iso2="MX", name="Mexico"), make_country(iso2="CL", name="Chile")
    make_programme(pillars=[second], countries=[chile], start_year=2015, kind="network")
    make_programme(pillars=[second], countries=[chile], start_year=1955, kind="network")
    make_programme(pillars=[first], countries=[mexico], start_year=1985, kind="fund")

    facets = facet_counts(filterset(""))

    # Pillars by position and decades by date, whatever their counts; others by count.
    assert [entry["value"] for entry in facets["pillar"]] == ["zeta-pillar", "alpha-pillar"]
    assert [entry["value"] for entry in facets["decade"]] == [1950, 1980, 2010]
    assert [entry["label"] for entry in facets["decade"]] == ["1950s", "1980s", "2010s"]
    assert [entry["value"] for entry in facets["country"]] == ["CL", "MX"]
    assert [entry["label"] for entry in facets["kind"]] == ["Network", "Fund"]


@pytest.mark.django_db
def test_values_with_equal_counts_come_by_label_whatever_its_accents_and_case():
    countries = [
        make_country(iso2=code, name=name)
        for code, name in [("JM", "Jamaica"), ("IS", "Ísland"), ("IN", "india"), ("BR", "Brazil")]
    ]
    for country in countries:
        make_programme(countries=[country])
    make_programme(countries=[countries[-1]])  # Brazil, with more, still comes first

    facets = facet_counts(filterset(""))

    labels = [entry["label"] for entry in facets["country"]]
    assert labels == ["Brazil", "india", "Ísland", "Jamaica"]
    assert [entry["count"] for entry in facets["country"]] == [2, 1, 1, 1]


class ProgrammeFilterSetWithCities(ProgrammeFilterSet):
    """The programme filters, with the city filter shown as a facet too: one declaration."""

    facets = {**ProgrammeFilterSet.facets, "city": Facet(values=("cities__slug",))}


@pytest.mark.django_db
def test_a_facet_is_added_by_declaring_it_on_the_filterset():
    spain = make_country(iso2="ES", name="Spain")
    barcelona = make_city(name="Barcelona", slug="barcelona", country=spain)
    madrid = make_city(name="Madrid", slug="madrid", country=spain)
    make_city(name="Seville", slug="seville", country=spain)  # no programme
    make_programme(cities=[barcelona], kind="fund")
    make_programme(cities=[barcelona, madrid], kind="network")
    make_programme(cities=[madrid], kind="network")

    facets = facet_counts(filterset("city=madrid&kind=network", ProgrammeFilterSetWithCities))

    # Counted under the other filters (kind=network), labelled by the filter's records.
    assert facets["city"] == [
        {"value": "madrid", "label": "Madrid", "count": 2, "selected": True},
        {"value": "barcelona", "label": "Barcelona", "count": 1, "selected": False},
    ]
    assert counts(facets["kind"]) == {"network": 2}  # the city filter applies to the others
    assert set(facets) == {*FACETS, "city"}
    assert City.objects.count() == 3


# Last in the module: the paper's catalogue stays loaded from here to the module's end.
@pytest.mark.usefixtures("full_catalogue")
class TestOnThePapersCatalogue:
    def test_facet_counts_equal_the_databases_own_counts(self):
        for query in QUERIES:
            facets = facet_counts(filterset(query))
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

    def test_a_value_no_programme_has_is_left_out(self):
        facets = facet_counts(filterset("country=MX"))

        countries = {entry["value"] for entry in facets["country"]}
        with_programmes = set(Programme.objects.values_list("countries__iso2", flat=True))
        assert countries == with_programmes - {None}

    def test_facets_count_within_the_filtersets_own_queryset(self):
        funds = Programme.objects.filter(kind="fund")
        facets = facet_counts(filterset("country=MX", queryset=funds))

        for entry in facets["pillar"]:
            expected = funds.filter(countries__iso2="MX", pillars__slug=entry["value"])
            assert entry["count"] == expected.count(), entry
        assert counts(facets["kind"]) == {"fund": funds.filter(countries__iso2="MX").count()}
