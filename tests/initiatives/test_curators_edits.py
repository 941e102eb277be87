"""Curators' edits are never lost: the loader reports conflicts, and export writes them back."""

import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from catalogue.models import CatalogueLoad
from countries.models import City, Country
from initiatives.catalogue import CatalogueConflict, load_catalogue
from initiatives.catalogue_export import export_catalogue
from initiatives.models import Programme
from tests.conftest import SAMPLE_CATALOGUE
from tests.initiatives.test_catalogue import database_snapshot, edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_dir(tmp_path):
    directory = tmp_path / "catalogue"
    shutil.copytree(SAMPLE_CATALOGUE, directory)
    return directory


def curator_edits_mexico():
    mexico = Country.objects.get(iso2="MX")
    mexico.summary = "A curator's better summary."
    mexico.save()


def test_a_load_is_recorded(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    load = CatalogueLoad.objects.latest_finished()
    assert load.counts["programmes"] == 2
    assert len(load.digest) == 64


def test_a_curators_edit_is_not_overwritten_but_reported(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    curator_edits_mexico()
    edit(catalogue_dir, "programmes", lambda rows: rows[0].update(summary="New fixture text."))
    before = database_snapshot()

    with pytest.raises(CatalogueConflict) as error:
        load_catalogue(directory=catalogue_dir)

    [conflict] = error.value.problems
    assert conflict.file == "countries.yaml" and "'MX'" in conflict.record
    assert "edited by a curator" in conflict.reason and "summary" in conflict.reason
    assert database_snapshot() == before  # nothing at all was written, not even the programme


def test_an_edit_the_fixtures_agree_with_is_no_conflict(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    curator_edits_mexico()
    edit(
        catalogue_dir,
        "countries",
        lambda rows: rows[1].update(summary="A curator's better summary."),
    )

    report = load_catalogue(directory=catalogue_dir)

    assert not report.conflicts


def test_force_lets_the_fixtures_win(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    curator_edits_mexico()

    report = load_catalogue(directory=catalogue_dir, force=True)

    assert len(report.conflicts) == 1
    assert Country.objects.get(iso2="MX").summary.startswith("Its science diplomacy")
    assert CatalogueLoad.objects.latest_finished().forced


def test_command_explains_the_conflict_and_the_way_out(catalogue_dir, capsys):
    call_command("load_catalogue", directory=str(catalogue_dir))
    curator_edits_mexico()

    with pytest.raises(CommandError, match="--force"):
        call_command("load_catalogue", directory=str(catalogue_dir))

    assert "export_catalogue" in capsys.readouterr().err


def test_dry_run_lists_what_would_change_and_writes_nothing(catalogue_dir, capsys):
    load_catalogue(directory=catalogue_dir)
    edit(catalogue_dir, "programmes", lambda rows: rows[0].update(summary="New fixture text."))

    call_command("load_catalogue", directory=str(catalogue_dir), dry_run=True)

    out = capsys.readouterr().out
    assert "programmes.yaml: 'global-challenges-research-fund' updated (summary)" in out
    assert "Dry run: nothing was written." in out
    fund = Programme.objects.get(slug="global-challenges-research-fund")
    assert fund.summary != "New fixture text."


def test_export_then_load_is_a_round_trip_that_changes_nothing(catalogue_dir, tmp_path):
    load_catalogue(directory=catalogue_dir)
    curator_edits_mexico()
    exported = tmp_path / "exported"
    shutil.copytree(catalogue_dir, exported)  # so that the existing order is kept

    written = export_catalogue(directory=exported)
    before = database_snapshot()
    report = load_catalogue(directory=exported)

    assert written["programmes"] == 2
    assert not report.changed and not report.conflicts
    assert database_snapshot() == before
    countries = yaml.safe_load((exported / "countries.yaml").read_text(encoding="utf-8"))
    assert [c["iso2"] for c in countries] == ["GB", "MX", "JP"]  # the file's own order
    assert countries[1]["summary"] == "A curator's better summary."


def test_export_keeps_every_relation(catalogue_dir, tmp_path):
    load_catalogue(directory=catalogue_dir)
    export_catalogue(directory=tmp_path)

    [fund, venus] = yaml.safe_load((tmp_path / "programmes.yaml").read_text(encoding="utf-8"))
    assert fund["pillars"][0]["pillar"] == "diplomacy-for-science"
    assert fund["figures"] == [
        {"label": "Budget", "text": "£1.5-billion", "quantity": 1500000000, "unit": "GBP"}
    ]
    assert venus["countries"] == ["JP", "MX"] and venus["cities"] == ["yokohama"]
    assert venus["evidence"][0]["footnotes"] == [30]


def test_a_change_of_evidence_alone_marks_the_record_modified(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    fund = Programme.objects.get(slug="global-challenges-research-fund")
    entries = fund.history.count()
    edit(
        catalogue_dir,
        "programmes",
        lambda rows: rows[0]["evidence"][0].update(footnotes=[6, 24]),
    )

    report = load_catalogue(directory=catalogue_dir)

    assert report.updated["programmes"] == 1
    touched = Programme.objects.get(slug="global-challenges-research-fund")
    assert touched.modified > fund.modified
    assert touched.history.count() == entries + 1  # its history shows the change


def test_a_curators_deletion_is_not_silently_undone(catalogue_dir):
    """Issue #18: a record deleted since the last load is a conflict, as an edit is."""
    load_catalogue(directory=catalogue_dir)
    Programme.objects.get(slug="venus-transit-expedition-1874").delete()
    before = database_snapshot()

    with pytest.raises(CatalogueConflict) as error:
        load_catalogue(directory=catalogue_dir)

    [conflict] = error.value.problems
    assert conflict.file == "programmes.yaml" and "venus-transit" in conflict.record
    assert "deleted by a curator" in conflict.reason and "--force" in conflict.reason
    assert database_snapshot() == before  # not re-created, nothing else written
    assert not Programme.objects.filter(slug="venus-transit-expedition-1874").exists()


def test_a_deleted_city_is_a_conflict_and_force_re_creates_it(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    City.objects.get(slug="yokohama").delete()

    with pytest.raises(CatalogueConflict) as error:
        load_catalogue(directory=catalogue_dir)
    assert [problem.file for problem in error.value.problems] == ["cities.yaml"]

    report = load_catalogue(directory=catalogue_dir, force=True)
    assert len(report.conflicts) == 1
    assert City.objects.filter(slug="yokohama").exists()
    assert not load_catalogue(directory=catalogue_dir).conflicts  # the next load is clean


def test_a_deletion_before_the_last_load_is_no_conflict(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    Programme.objects.get(slug="venus-transit-expedition-1874").delete()
    edit(catalogue_dir, "programmes", lambda rows: rows.pop())  # the fixtures agree: gone
    assert not load_catalogue(directory=catalogue_dir).conflicts
    edit(catalogue_dir, "programmes", lambda rows: rows.append(dict(VENUS)))
    # Put back in the fixtures after a load that agreed with the deletion: created again.
    report = load_catalogue(directory=catalogue_dir)
    assert not report.conflicts
    assert Programme.objects.filter(slug="venus-transit-expedition-1874").exists()


VENUS = yaml.safe_load((SAMPLE_CATALOGUE / "programmes.yaml").read_text(encoding="utf-8"))[1]
