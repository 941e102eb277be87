"""The catalogue's version is kept by database triggers: every kind of write moves it,
whatever makes it, and a write that is rolled back leaves it as it was."""

import pytest
from django.db import connection, connections, transaction

from catalogue.models import Evidence
from catalogue.version import catalogue_tables, catalogue_version
from countries.models import Country
from initiatives.models import Programme


@pytest.fixture
def catalogue(sample_catalogue):
    return sample_catalogue


def test_every_catalogue_table_has_a_change_trigger(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = 'diplohub_catalogue_changed'"
            )
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        triggered = {row[0] for row in cursor.fetchall()}

    tables = catalogue_tables()
    assert "initiatives_programme" in tables
    assert "initiatives_programme_countries" in tables  # link tables too
    assert set(tables) <= triggered


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
