"""The catalogue's version is kept by database triggers: every kind of write moves it,
whatever makes it, and a write that is rolled back leaves it as it was."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, connections, transaction

from catalogue.models import CatalogueState, Evidence, Pillar
from catalogue.version import catalogue_version
from countries.models import Country
from initiatives.models import Institution, Programme, ProgrammeInstitution
from tests.factories import make_programme

# Every table of the catalogue's apps, link and history tables included, but the state's own.
CATALOGUE_MODELS = [
    model
    for label in ("catalogue", "countries", "initiatives")
    for model in apps.get_app_config(label).get_models(include_auto_created=True)
    # A view (initiatives.Change, over the history tables) holds no rows of its own.
    if model is not CatalogueState and model._meta.managed
]


@pytest.fixture
def catalogue(sample_catalogue):
    return sample_catalogue


@pytest.fixture
def every_table_filled(sample_catalogue):
    """The sample catalogue, and what it lacks for a row in every catalogue table."""
    programme = make_programme(
        pillars=[Pillar.objects.first()],
        institutions=[(Institution.objects.first(), ProgrammeInstitution.Role.LEAD)],
    )
    programme.figures.create(label="Budget", text="£1 million")
    return sample_catalogue


def test_a_raw_write_to_any_catalogue_table_moves_the_version(every_table_filled):
    # Catches a table whose migration lacks the `InstallVersionTriggers` step, or whose
    # triggers a later migration dropped (SQLite remakes a table to change a field).
    quote = connection.ops.quote_name
    empty, unchanged = [], []
    for model in CATALOGUE_MODELS:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        if not model._base_manager.exists():
            empty.append(model._meta.label)  # SQLite's row triggers need a row to fire
            continue
        before = catalogue_version()
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {pk} = {pk} WHERE {pk} = (SELECT MIN({pk}) FROM {table})"
            )
        if catalogue_version().token == before.token:
            unchanged.append(model._meta.label)

    assert empty == [], "give every_table_filled a row of these tables"
    assert unchanged == [], "these tables have no version trigger"


def test_a_new_catalogue_has_a_version_but_no_date(db):
    # As the `version_triggers` migration leaves a new database (other tests may have
    # written to this one since).
    CatalogueState.objects.all().delete()
    migration = importlib.import_module("catalogue.migrations.0004_version_triggers")
    migration.create_state_row(apps, SimpleNamespace(connection=connection))

    new = catalogue_version()

    assert new.token
    assert new.date is None


@pytest.mark.django_db
def test_writes_that_bypass_the_models_still_move_the_version(catalogue):
    programme = Programme.objects.order_by("slug").first()
    versions = [catalogue_version()]

    Programme.objects.filter(pk=programme.pk).update(name="Renamed in bulk")
    versions.append(catalogue_version())
    programme.countries.clear()  # a link table only
    versions.append(catalogue_version())
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Evidence._meta.db_table} WHERE id = %s",
            [Evidence.objects.order_by("pk").values_list("pk", flat=True).first()],
        )
    versions.append(catalogue_version())

    assert len({version.token for version in versions}) == 4
    assert all(version.date is not None for version in versions)
    assert versions[-1].date >= versions[0].date


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_version_alone(sample_catalogue):
    before = catalogue_version()

    with pytest.raises(RuntimeError), transaction.atomic():
        Country.objects.filter(iso2="MX").update(name="Nowhere")
        assert catalogue_version().token != before.token  # seen inside the transaction
        raise RuntimeError("rolled back")

    assert catalogue_version() == before
    assert not Country.objects.filter(name="Nowhere").exists()


@pytest.mark.django_db
def test_reading_the_version_is_one_query(catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        catalogue_version()


@pytest.mark.django_db(transaction=True)
def test_other_sessions_see_the_new_version_when_the_writes_commit(sample_catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one connection per test database here")
    other = connections.create_connection("default")

    def seen_by_other() -> str:
        with other.cursor() as cursor:
            cursor.execute("SELECT token FROM catalogue_cataloguestate WHERE id = 1")
            return cursor.fetchone()[0]

    try:
        before = catalogue_version()
        with transaction.atomic():
            Country.objects.filter(iso2="MX").update(name="Nowhere")
            first = catalogue_version()
            Country.objects.filter(iso2="MX").update(name="Mexico")
            # The writer's own reads change with every statement; the others' do not yet.
            assert len({before.token, first.token, catalogue_version().token}) == 3
            assert seen_by_other() == before.token
        assert seen_by_other() == catalogue_version().token != before.token
    finally:
        other.close()
