import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Pillar, Reference
from countries.models import City, Country
from initiatives.models import Institution, Programme
from tests.factories import (
    add_evidence,
    make_city,
    make_country,
    make_institution,
    make_pillar,
    make_programme,
)

SLUG = re.compile(r'data-slug="([^"]+)"')


def slugs(response) -> list[str]:
    """The `data-slug` of every result row, in page order."""
    return SLUG.findall(response.content.decode())


def build_catalogue(size: int) -> dict:
    """`size` more programmes, each with a pillar, two countries, a city and an institution."""
    pillar = Pillar.objects.filter(slug="science-in-diplomacy").first()
    if pillar is None:
        pillar = make_pillar(slug="science-in-diplomacy", name="Science in diplomacy")
        add_evidence(pillar)
    records = {"pillar": pillar, "programmes": []}
    for _ in range(size):
        reference = Reference.objects.create(number=Reference.objects.count() + 1, text="Ibid.")
        first, second = make_country(), make_country(region="americas", subregion="")
        city = make_city(country=first)
        add_evidence(city, references=[reference])
        institution = make_institution(country=first, city=city)
        add_evidence(institution, references=[reference])
        add_evidence(first, references=[reference])
        programme = make_programme(
            pillars=[pillar],
            countries=[first, second],
            cities=[city],
            institutions=[(institution, "lead")],
            start_year=1990,
            end_year=2000,
        )
        programme.figures.create(label="Budget", text="£1.5-billion")
        add_evidence(programme, references=[reference])
        records["programmes"].append(programme)
        records.setdefault("country", first)
        records.setdefault("city", city)
        records.setdefault("institution", institution)
    return records


@pytest.fixture
def catalogue_of():
    return build_catalogue


def query_count(client, url: str) -> int:
    """The SQL queries one request to `url` runs (with ContentTypes already cached, and the
    database's JSON support, which SQLite is asked once per connection, already known)."""
    ContentType.objects.get_for_models(Country, City, Institution, Pillar, Programme, Reference)
    connection.features.supports_json_field  # noqa: B018  (a cached property: probes once)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries.captured_queries)
