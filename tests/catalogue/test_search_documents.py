"""PostgreSQL keeps some models' search documents in generated columns (the apps'
`search_documents` migrations, literal SQL). They must hold exactly what the model's
`stored_search_vector()` computes from its `search_fields`: a model whose search fields
change without a migration fails here, instead of searching a stale document."""

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast

from catalogue.models import Reference
from catalogue.search import STORED_SEARCH_DOCUMENTS, StoredSearchDocument, Unaccent
from initiatives.models import Institution, Programme
from tests.factories import make_city, make_country, make_institution, make_pillar, make_programme

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stored search documents are PostgreSQL's (SQLite computes matches per query)",
)


@pytest.fixture
def records_with_accents(sample_catalogue):
    """The sample catalogue, and a record of each kind with accents in every searched field."""
    country = make_country(
        name="Côte d'Ivoire",
        iso2="CI",
        iso3="CIV",
        summary="Coopération scientifique avec l'Afrique de l'Ouest.",
    )
    make_city(name="Bogotá", country=country, summary="Sede de la cooperación científica.")
    make_pillar(name="Diplomacia científica", definition="La ciencia al servicio de la política.")
    make_institution(
        name="Académie des sciences",
        acronym="AdS",
        summary="Société savante fondée en 1666.",
        kind=Institution.Kind.GOVERNMENT_AGENCY,
    )
    make_programme(name="Programa Ñandú", acronym="PÑ", summary="Investigación en São Paulo.")
    Reference.objects.create(
        number=Reference.objects.count() + 1,
        text="Müller, J.; Ødegård, K. Wissenschaftsdiplomatie. Revue française, 2019.",
        authors="Müller, J.; Ødegård, K.",
        title="Wissenschaftsdiplomatie für Anfänger",
        venue="Revue française de science politique",
    )


def as_text(expression):
    # A tsvector's text form is canonical (sorted lexemes with positions and weights), so
    # equal texts mean equal documents, and a failure shows both.
    return Cast(expression, output_field=TextField())


@pytest.mark.parametrize("label", sorted(STORED_SEARCH_DOCUMENTS))
def test_the_stored_search_document_is_what_the_model_computes(records_with_accents, label):
    model = apps.get_model(label)
    documents = model.objects.annotate(
        stored=as_text(StoredSearchDocument()),
        computed=as_text(model.objects.stored_search_vector()),
    )

    # Something to compare: several records, one at least with accents folded away.
    assert documents.count() >= 2
    assert documents.filter(
        computed__regex=r"'(cote|bogota|cientifica|academie|nandu|muller)'"
    ).exists()

    differing = documents.exclude(stored=F("computed")).values_list("pk", "stored", "computed")
    assert list(differing) == [], f"{label}: a migration must regenerate its search_document"


def test_a_document_missing_a_field_is_told_apart(records_with_accents):
    # The comparison above can fail: a programme's name alone is not its stored document.
    name_only = SearchVector(Unaccent(F("name")), weight="A", config="simple")
    documents = Programme.objects.annotate(
        stored=as_text(StoredSearchDocument()), computed=as_text(name_only)
    )

    assert documents.exclude(stored=F("computed")).count() == documents.count() > 0
