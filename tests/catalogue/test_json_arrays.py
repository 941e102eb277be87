"""Related records loaded with their rows (catalogue.json_arrays), page by page."""

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from catalogue.json_arrays import JSONRecords
from initiatives.models import Programme
from tests.factories import make_country, make_programme


@pytest.fixture
def programmes(db):
    assert connection.features.has_json_object_function  # SQLite checks once, with queries
    countries = [make_country() for _ in range(3)]
    return [make_programme(name=f"P{n:02}", countries=countries[: n % 4]) for n in range(12)]


@pytest.mark.parametrize("page", [slice(0, 5), slice(5, 10), slice(10, 20), slice(1, 9, 3)])
def test_a_page_loads_the_rows_of_that_page_with_their_records(programmes, page):
    ordered = Programme.objects.order_by("-name")

    with CaptureQueriesContext(connection) as queries:
        loaded = list(ordered.for_api()[page])

    assert [p.pk for p in loaded] == [p.pk for p in list(ordered)[page]]
    for programme in loaded:
        assert programme.prefetched_countries == list(programme.countries.all())
    if page.step is None:  # (a step reads the page's ids first: Django slices it in Python)
        assert len(queries) == 1
        # The page is chosen by id in a subquery; only its rows run the records' subqueries.
        assert "IN (SELECT" in queries[0]["sql"]


def test_only_text_and_numbers_can_be_loaded(db):
    with pytest.raises(TypeError):  # a datetime would come as text
        JSONRecords(Programme.objects.all(), fields=["id", "created"])


def test_records_are_initialised_when_something_listens_to_init(programmes):
    from countries.models import Country

    initialised = []

    def note(sender, instance, **kwargs):
        initialised.append(instance)

    post_init.connect(note, sender=Country)
    try:
        loaded = list(Programme.objects.for_api())
    finally:
        post_init.disconnect(note, sender=Country)

    countries = [country for programme in loaded for country in programme.prefetched_countries]
    assert countries and initialised == countries
