"""Representations built directly (without DRF's field-by-field machinery) match DRF's own.

Related records are shown from the lists `for_api()` loads with each row (a JSON array per
relation, made into records), and compact relations, pillar and institution links and
evidence build their objects themselves; these tests hold them to what plainly loaded records
and the declared fields would give, so that a field added to a serializer cannot silently go
missing from the API.
"""

from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework import serializers

from catalogue.api.fields import BriefSerializer, Links
from catalogue.api.serializers import EvidenceSerializer
from catalogue.models import Pillar
from countries.api.serializers import CitySerializer, CountrySerializer
from countries.models import City, Country
from initiatives.api.serializers import (
    InstitutionSerializer,
    PillarSerializer,
    ProgrammeInstitutionSerializer,
    ProgrammePillarSerializer,
    ProgrammeSerializer,
)
from initiatives.models import Figure, Institution, Programme

SERIALIZERS = [
    (ProgrammeSerializer, Programme),
    (InstitutionSerializer, Institution),
    (PillarSerializer, Pillar),
    (CountrySerializer, Country),
    (CitySerializer, City),
]


@pytest.fixture
def context():
    return {"request": RequestFactory().get("/api/v1/")}


def _generic(serializer, instance):
    """What DRF's own Serializer.to_representation gives, field by field."""
    return serializers.Serializer.to_representation(serializer, instance)


@pytest.mark.parametrize(("serializer_class", "model"), SERIALIZERS)
def test_prefetched_records_show_as_records_loaded_plainly(
    catalogue, context, serializer_class, model
):
    prefetched = serializer_class(
        model.objects.for_api().order_by("pk"), many=True, context=context
    ).data
    plain = serializer_class(
        model.objects.for_listing().order_by("pk"), many=True, context=context
    ).data

    assert prefetched == plain
    assert any(record["evidence"] for record in prefetched)


# What for_api() loads into each list, as the records loaded plainly and in their own order.
LOADED = {
    "pillar_links": ["id", "programme_id", "pillar_id", "basis", "pillar.slug", "pillar.name"],
    "countries": ["id", "iso2", "name"],
    "cities": ["id", "slug", "name"],
    "institution_links": [
        "id",
        "programme_id",
        "institution_id",
        "role",
        "institution.slug",
        "institution.name",
    ],
    "figures": ["id", "programme_id", "position", "label", "text", "quantity", "unit"],
    "parts": ["id", "slug", "name", "part_of_id"],
    "evidence": ["id", "content_type_id", "object_id", "position", "quote"],
}


def _values(record, names):
    values = []
    for name in names:
        value = record
        for part in name.split("."):
            value = getattr(value, part)
        values.append((name, type(value), value))
    return values


def test_records_loaded_with_the_rows_are_the_records_loaded_plainly(catalogue):
    programme = Programme.objects.get(slug="bravo-network")
    # As many digits as a quantity may have; the figures' order is (position, id), not
    # insertion.
    Figure.objects.create(
        programme=programme, position=1, label="Total", text="£1.5-billion", quantity=None
    )
    Figure.objects.create(
        programme=programme,
        position=0,
        label="Budget",
        text="£1.5-billion",
        quantity=Decimal("9876543210987.65"),
    )
    Figure.objects.create(programme=programme, label="Share", text="£1.5-billion", quantity=1.5)

    for loaded in Programme.objects.for_api():
        plain = Programme.objects.get(pk=loaded.pk)
        for relation, names in LOADED.items():
            assert [_values(r, names) for r in getattr(loaded, f"prefetched_{relation}")] == [
                _values(r, names) for r in getattr(plain, relation).all()
            ], relation
        assert [
            [r.number for r in evidence.prefetched_references]
            for evidence in loaded.prefetched_evidence
        ] == [
            list(evidence.references.values_list("number", flat=True))
            for evidence in plain.evidence.all()
        ]

    loaded = Programme.objects.for_api().get(pk=programme.pk)
    assert [figure.label for figure in loaded.prefetched_figures] == ["Budget", "Share", "Total"]


def test_programme_items_match_their_declared_fields(catalogue, context):
    programmes = list(Programme.objects.for_api())
    links = [link for p in programmes for link in p.prefetched_pillar_links]
    roles = [link for p in programmes for link in p.prefetched_institution_links]
    evidence = [item for p in programmes for item in p.prefetched_evidence]
    assert links and roles and evidence

    for serializer_class, items in (
        (ProgrammePillarSerializer, links),
        (ProgrammeInstitutionSerializer, roles),
        (EvidenceSerializer, evidence),
    ):
        serializer = serializer_class(context=context)
        for item in items:
            assert serializer.to_representation(item) == _generic(serializer, item)
            assert list(serializer.to_representation(item)) == list(serializer.fields)


def test_brief_relations_match_the_brief_serializer(catalogue, context):
    programme = Programme.objects.for_api().get(slug="bravo-network")
    field = ProgrammeSerializer(context=context).fields["countries"]

    shown = field.to_representation(field.get_attribute(programme))

    assert shown == [
        BriefSerializer(country, context=context).data for country in programme.countries.all()
    ]
    assert [country["id"] for country in shown] == ["JP", "MX"]


def test_serializing_prefetched_records_needs_no_query(
    catalogue, context, django_assert_num_queries
):
    programmes = list(Programme.objects.for_api())

    with django_assert_num_queries(0):
        data = ProgrammeSerializer(programmes, many=True, context=context).data

    assert len(data) == len(programmes)


def test_links_fill_each_route_in_as_reverse_would(catalogue, context):
    links = Links(context["request"])
    records = [*Programme.objects.all(), *Country.objects.all(), *Institution.objects.all()]

    for record in records:  # the first of each kind reverses, the others reuse its route
        expected = reverse(
            f"api:{record._meta.model_name}-detail",
            kwargs={"id": getattr(record, "slug", None) or record.iso2.lower()},
        )
        assert links.api(record) == f"http://testserver{expected}"


def test_links_without_a_request_are_paths(catalogue):
    programme = Programme.objects.get(slug="bravo-network")

    assert Links(None).api(programme) == "/api/v1/programmes/bravo-network/"
    assert Links(None).page(programme) == "/programmes/bravo-network/"
