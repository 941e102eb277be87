"""The programme FilterSet, tested directly with a dict of parameters (as pages and API use it)."""

import pytest
from django.http import QueryDict

from catalogue.facets import facet_counts
from initiatives.filtersets import InstitutionFilterSet, ProgrammeFilterSet
from initiatives.models import Institution, Programme
from tests.factories import make_city, make_country, make_institution, make_pillar, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    mx = make_country(
        iso2="MX",
        iso3="MEX",
        name="Mexico",
        region="americas",
        subregion="latin-america-and-the-caribbean",
    )
    cl = make_country(
        iso2="CL",
        iso3="CHL",
        name="Chile",
        region="americas",
        subregion="latin-america-and-the-caribbean",
    )
    gb = make_country(
        iso2="GB", iso3="GBR", name="United Kingdom", region="europe", subregion="northern-europe"
    )
    science_in = make_pillar(slug="science-in-diplomacy", name="Science in diplomacy")
    diplomacy_for = make_pillar(slug="diplomacy-for-science", name="Diplomacy for science")
    conacyt = make_institution(slug="conacyt", name="Conacyt", country=mx)
    monterrey = make_city(slug="monterrey", name="Monterrey", country=mx)
    programmes = {
        "celac": make_programme(
            slug="celac",
            countries=[mx, cl],
            pillars=[diplomacy_for],
            kind="cooperation_programme",
            start_year=2020,
        ),
        "mx-only": make_programme(
            slug="mx-only",
            countries=[mx],
            cities=[monterrey],
            institutions=[(conacyt, "funder")],
            status="proposed",
        ),
        "uk-fund": make_programme(
            slug="uk-fund", countries=[gb], pillars=[science_in], start_year=2014
        ),
        "venus": make_programme(
            slug="venus",
            countries=[mx],
            kind="expedition",
            status="historical",
            start_year=1874,
            end_year=1874,
        ),
    }
    return programmes


def slugs(params):
    filterset = ProgrammeFilterSet(QueryDict(params), queryset=Programme.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("country=MX", ["celac", "mx-only", "venus"]),
        ("country=mx,gb", ["celac", "mx-only", "uk-fund", "venus"]),
        ("country=CL&country=GB", ["celac", "uk-fund"]),
        ("all_countries=MX,CL", ["celac"]),
        ("all_countries=MX&all_countries=GB", []),
        ("region=europe", ["uk-fund"]),
        ("region=latin-america-and-the-caribbean", ["celac", "mx-only", "venus"]),
        ("city=monterrey", ["mx-only"]),
        ("pillar=diplomacy-for-science", ["celac"]),
        ("pillar=diplomacy-for-science,science-in-diplomacy", ["celac", "uk-fund"]),
        ("institution=conacyt", ["mx-only"]),
        ("kind=expedition", ["venus"]),
        ("status=proposed&status=historical", ["mx-only", "venus"]),
        ("year=2015", ["uk-fund"]),
        ("year=1874", ["venus"]),
        ("decade=1870", ["venus"]),
        ("decade=2010", ["uk-fund"]),
        ("country=MX&status=active", ["celac"]),
        ("modified_since=2000-01-01T00:00:00Z", ["celac", "mx-only", "uk-fund", "venus"]),
        ("modified_since=2999-01-01", []),
    ],
)
def test_programme_filters(world, params, expected):
    assert slugs(params) == expected


def test_ordering(world):
    filterset = ProgrammeFilterSet(
        QueryDict("ordering=-start_year"), queryset=Programme.objects.all()
    )
    years = [p.start_year for p in filterset.qs if p.start_year]
    assert years == [2020, 2014, 1874]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ("country=ZZ", "country", "Unknown value: ZZ."),
        ("pillar=astrology", "pillar", "Unknown value: astrology."),
        ("year=abc", "year", "Enter a whole number."),
        ("year=2014.5", "year", "Enter a whole number."),
        ("year=99999", "year", "less than or equal to 2100"),
        ("decade=1875", "decade", "multiple of step size 10"),
        ("kind=spaceship", "kind", "Select a valid choice"),
        ("region=atlantis", "region", "Select a valid choice"),
        ("modified_since=yesterday", "modified_since", "Enter a valid date/time."),
        ("ordering=secret", "ordering", "Select a valid choice"),
        ("country=" + "X" * 500, "country", "Unknown value"),
        ("city=a%00b", "city", "Unknown city"),
    ],
)
def test_invalid_values_are_errors_not_empty_results(world, params, field, message):
    filterset = ProgrammeFilterSet(QueryDict(params), queryset=Programme.objects.all())
    assert not filterset.is_valid()
    assert message in " ".join(filterset.errors[field])


def test_institution_filters(world):
    filterset = InstitutionFilterSet(
        QueryDict("country=mx&kind=government_agency"), queryset=Institution.objects.all()
    )
    assert [i.slug for i in filterset.qs] == ["conacyt"]


def facets_for(params):
    filterset = ProgrammeFilterSet(QueryDict(params), queryset=Programme.objects.all())
    return facet_counts(filterset)


def counts(facet):
    return {entry["value"]: entry["count"] for entry in facet}


def test_facets_count_each_value_under_the_other_filters(world):
    facets = facets_for("country=MX&status=active")

    # The country facet ignores the country filter, but keeps status=active.
    assert counts(facets["country"]) == {"MX": 1, "CL": 1, "GB": 1}
    # The status facet ignores status, but keeps country=MX.
    assert counts(facets["status"]) == {"active": 1, "proposed": 1, "historical": 1}
    assert counts(facets["kind"]) == {"cooperation_programme": 1}
    assert counts(facets["region"]) == {"americas": 1, "latin-america-and-the-caribbean": 1}
    assert counts(facets["decade"]) == {2020: 1}
    assert [e["value"] for e in facets["country"] if e["selected"]] == ["MX"]


def test_facet_counts_equal_the_filtered_totals(world):
    for entry in facets_for("")["pillar"] + facets_for("")["country"]:
        param = "pillar" if "-" in str(entry["value"]) else "country"
        assert len(slugs(f"{param}={entry['value']}")) == entry["count"]


def test_a_programme_in_two_subregions_is_counted_once_per_region(world):
    facets = facets_for("")
    assert counts(facets["region"])["americas"] == 3
    assert counts(facets["region"])["europe"] == 1


def test_a_selected_value_without_results_still_shows(world):
    facets = facets_for("pillar=science-in-diplomacy&country=CL")
    chile = [e for e in facets["country"] if e["value"] == "CL"]
    assert chile == [{"value": "CL", "label": "Chile", "count": 0, "selected": True}]


def test_facets_use_a_fixed_number_of_queries(world, django_assert_num_queries):
    filterset = ProgrammeFilterSet(QueryDict("country=MX"), queryset=Programme.objects.all())
    assert filterset.is_valid()
    # The catalogue's version; one grouped count per facet (two for region and sub-region);
    # the names of the pillars, countries, cities and institutions.
    with django_assert_num_queries(15):
        facet_counts(filterset)
    for n in range(20):
        make_programme(countries=[world["celac"].countries.first()], start_year=1900 + n)
    with django_assert_num_queries(15):
        facet_counts(filterset)


def test_facets_are_cached_until_the_catalogue_changes(world, django_assert_num_queries):
    filterset = ProgrammeFilterSet(QueryDict("country=MX"), queryset=Programme.objects.all())
    assert filterset.is_valid()
    before = facet_counts(filterset)
    with django_assert_num_queries(1):  # the version only
        assert facet_counts(filterset) == before

    make_programme(countries=[world["celac"].countries.get(iso2="MX")], kind="training")

    assert counts(facet_counts(filterset)["kind"])["training"] == 1
