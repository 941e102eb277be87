"""A fixed number of SQL queries per request, whatever the page size: pinned at two sizes."""

import pytest
from django.contrib.contenttypes.models import ContentType

from catalogue.models import Reference
from initiatives.models import Figure
from tests.factories import (
    add_evidence,
    make_city,
    make_country,
    make_institution,
    make_pillar,
    make_programme,
)


def build(size: int) -> None:
    """`size` of every record, each with the relations its representation shows."""
    footnote, _ = Reference.objects.get_or_create(number=1, defaults={"text": "A footnote."})
    pillar = make_pillar()
    add_evidence(pillar, references=[footnote])
    parent = None
    for _ in range(size):
        country = make_country()
        add_evidence(country, references=[footnote])
        city = make_city(country=country)
        add_evidence(city, references=[footnote])
        institution = make_institution(country=country, city=city, parent=parent)
        add_evidence(institution, references=[footnote])
        parent = institution
        programme = make_programme(
            pillars=[pillar],
            countries=[country],
            cities=[city],
            institutions=[(institution, "lead")],
        )
        Figure.objects.create(programme=programme, label="Budget", text="£1.5-billion")
        make_programme(part_of=programme)
        Reference.objects.create(number=100 + Reference.objects.count(), text="Ibid.")


# Per request: the catalogue's version (ETag), then the page's count and rows, then one query
# per relation the representation shows (`for_api()`'s prefetches): a programme's pillars,
# countries, cities, institutions, figures, parts, evidence and the evidence's footnotes (8);
# another record's evidence and footnotes (2).
PROGRAMME_RELATIONS = 8
RELATIONS = 2
EXPECTED = [
    ("/api/v1/programmes/?page_size=200", 3 + PROGRAMME_RELATIONS),
    ("/api/v1/programmes/?page_size=2", 3 + PROGRAMME_RELATIONS),
    ("/api/v1/programmes/?format=csv", 2 + PROGRAMME_RELATIONS),  # the whole set: no count
    # ... and two keys to validate
    ("/api/v1/programmes/?country={country}&pillar={pillar}", 5 + PROGRAMME_RELATIONS),
    ("/api/v1/programmes/?fields=id,name", 3 + PROGRAMME_RELATIONS),
    ("/api/v1/institutions/?page_size=200", 3 + RELATIONS),
    ("/api/v1/cities/?page_size=200", 3 + RELATIONS),
    ("/api/v1/countries/?page_size=200", 3 + RELATIONS),
    ("/api/v1/pillars/", 3 + RELATIONS),
    ("/api/v1/references/?page_size=200", 3),  # a footnote is its own evidence
    # A record: its own version too (its ETag names it, for If-Match on a write).
    ("/api/v1/programmes/{programme}/", 3 + PROGRAMME_RELATIONS),
    ("/api/v1/institutions/{institution}/", 3 + RELATIONS),
    ("/api/v1/countries/{country}/", 3 + RELATIONS),
    # The version (ETag), the total, one grouped count per facet (two for regions and
    # sub-regions) and the names of the pillars, countries, cities and institutions;
    # filtered: the country's key too.
    ("/api/v1/programmes/facets/", 16),
    ("/api/v1/programmes/facets/?country={country}&kind=fund", 17),
    # The version; the release is built: in a transaction (a savepoint here) the version
    # again, then each resource's rows and relations.
    ("/api/v1/archive/", 1 + 2 + 1 + (1 + PROGRAMME_RELATIONS) + 4 * (1 + RELATIONS) + 1),
]


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(("path", "queries"), EXPECTED, ids=[path for path, _ in EXPECTED])
def test_query_count_does_not_grow_with_the_data(
    api, db, django_assert_num_queries, size, path, queries
):
    from catalogue.models import Pillar
    from countries.models import Country
    from initiatives.models import Institution, Programme

    build(size)
    path = path.format(
        country=Country.objects.first().iso2,
        pillar=Pillar.objects.first().slug,
        programme=Programme.objects.filter(parts__isnull=False).first().slug,
        institution=Institution.objects.first().slug,
    )
    _warm(api)

    with django_assert_num_queries(queries):
        response = api.get(path)
        response.getvalue()  # a streamed body queries as it is sent

    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_a_filtered_programme_list_cold_reads_its_filters_rows_and_relations(
    api, db, django_assert_num_queries, size
):
    """Issue #6: a first request for a page."""
    from countries.models import Country

    build(size)
    _warm(api)
    country = Country.objects.first().iso2

    # The version, the country's key, the count, the page's rows, and their relations.
    with django_assert_num_queries(4 + PROGRAMME_RELATIONS):
        response = api.get(f"/api/v1/programmes/?page_size=50&country={country}&kind=fund")

    assert response.status_code == 200
    assert response.json()["results"]


def _warm(api) -> None:
    """Load what every request in a running process shares."""
    from countries.models import Country
    from initiatives.models import Programme

    ContentType.objects.get_for_models(Country, Programme)  # the content-type cache
    api.get("/api/v1/")  # content types, translations
