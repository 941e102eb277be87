"""Every catalogue record is known by its natural key, and found by it through its manager."""

import pytest

from catalogue.models import Pillar, Reference
from countries.models import City, Country
from initiatives.models import Institution, Programme
from tests.factories import make_city, make_institution, make_pillar, make_programme

KEY_FIELDS = {
    Country: "iso2",
    City: "slug",
    Pillar: "slug",
    Institution: "slug",
    Programme: "slug",
    Reference: "number",
}


@pytest.fixture
def records(db):
    make_city()  # and its country
    make_pillar()
    make_institution()
    make_programme()
    Reference.objects.create(number=7, text="A footnote.")


@pytest.mark.parametrize("model", KEY_FIELDS, ids=lambda model: model.__name__)
def test_a_record_is_found_by_its_natural_key(records, model):
    field = KEY_FIELDS[model]
    record = model.objects.first()

    assert record.natural_key() == (getattr(record, field),)
    assert model.objects.get_by_natural_key(*record.natural_key()) == record
    # The key ends the model's own ordering: no two records tie.
    assert model._meta.ordering[-1] == field
