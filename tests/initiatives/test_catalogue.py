"""The catalogue loader: validation against the paper, idempotence, all-or-nothing."""

import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from catalogue.models import Evidence, Reference
from countries.models import City, Country
from initiatives.catalogue import CatalogueError, load_catalogue
from initiatives.models import Programme
from tests.conftest import SAMPLE_CATALOGUE


@pytest.fixture
def catalogue_dir(tmp_path):
    """A writable copy of the sample catalogue."""
    directory = tmp_path / "catalogue"
    shutil.copytree(SAMPLE_CATALOGUE, directory)
    return directory


def edit(directory, name, change):
    path = directory / f"{name}.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


def database_snapshot():
    return {
        "countries": sorted(Country.objects.values_list("iso2", "name", "summary", "modified")),
        "cities": sorted(City.objects.values_list("slug", "name", "modified")),
        "programmes": sorted(Programme.objects.values_list("slug", "name", "modified")),
        "evidence": sorted(Evidence.objects.values_list("quote", flat=True)),
        "references": Reference.objects.count(),
    }


@pytest.mark.django_db
def test_load_creates_every_record_with_its_relations(catalogue_dir):
    report = load_catalogue(directory=catalogue_dir)

    assert report.created["programmes"] == 2
    assert report.created["countries"] == 3
    fund = Programme.objects.get(slug="global-challenges-research-fund")
    assert list(fund.countries.values_list("iso2", flat=True)) == ["GB"]
    assert [p.slug for p in fund.pillars.all()] == ["diplomacy-for-science"]
    figure = fund.figures.get()
    assert (figure.text, figure.quantity, figure.unit) == ("£1.5-billion", 1_500_000_000, "GBP")
    evidence = fund.evidence.get()
    assert evidence.footnote_numbers == [24]
    expedition = Programme.objects.get(slug="venus-transit-expedition-1874")
    assert sorted(expedition.countries.values_list("iso2", flat=True)) == ["JP", "MX"]
    assert list(expedition.cities.values_list("slug", flat=True)) == ["yokohama"]


@pytest.mark.django_db
def test_second_load_changes_nothing_and_says_so(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    before = database_snapshot()

    report = load_catalogue(directory=catalogue_dir)

    assert not report.changed
    assert report.unchanged["programmes"] == 2
    assert database_snapshot() == before


@pytest.mark.django_db
def test_command_reports_counts_and_up_to_date(catalogue_dir, capsys):
    call_command("load_catalogue", directory=str(catalogue_dir))
    first = capsys.readouterr().out
    call_command("load_catalogue", directory=str(catalogue_dir))
    second = capsys.readouterr().out

    assert "programmes" in first and "2 created" in first
    assert "already up to date: nothing changed" in second


@pytest.mark.django_db
def test_an_edited_record_is_updated_and_others_left_alone(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    untouched = Country.objects.get(iso2="JP").modified

    edit(catalogue_dir, "countries", lambda rows: rows[1].update(summary="Changed summary."))
    report = load_catalogue(directory=catalogue_dir)

    assert report.updated["countries"] == 1
    assert Country.objects.get(iso2="MX").summary == "Changed summary."
    assert Country.objects.get(iso2="JP").modified == untouched


@pytest.mark.django_db
def test_invalid_record_leaves_database_unchanged_and_names_it(catalogue_dir):
    load_catalogue(directory=catalogue_dir)
    before = database_snapshot()

    def break_programmes(rows):
        rows[0]["name"] = "A new name that would be loaded"
        rows[1]["countries"] = ["MX", "ZZ"]

    edit(catalogue_dir, "programmes", break_programmes)
    edit(catalogue_dir, "countries", lambda rows: rows[0].update(summary="Also changed."))

    with pytest.raises(CatalogueError) as error:
        load_catalogue(directory=catalogue_dir)

    [problem] = error.value.problems
    assert problem.file == "programmes.yaml"
    assert "venus-transit-expedition-1874" in problem.record
    assert "ZZ" in problem.reason
    assert database_snapshot() == before


@pytest.mark.django_db
def test_database_error_during_load_rolls_everything_back(catalogue_dir):
    """A failure the validator cannot foresee (a clash with a curator's record) undoes all."""
    Country.objects.create(iso2="XX", iso3="JPN", name="Clashing", summary="Added in the admin.")
    before = database_snapshot()

    with pytest.raises(CatalogueError) as error:
        load_catalogue(directory=catalogue_dir)

    assert "countries.yaml" in str(error.value) and "'JP'" in str(error.value)
    assert database_snapshot() == before


@pytest.mark.django_db
def test_command_fails_with_the_problem_and_a_clear_message(catalogue_dir, capsys):
    edit(catalogue_dir, "cities", lambda rows: rows[0].update(country="QQ"))

    with pytest.raises(CommandError, match="database was left unchanged"):
        call_command("load_catalogue", directory=str(catalogue_dir))

    assert "cities.yaml: cities[0] 'yokohama': country: no countries record with key 'QQ'" in (
        capsys.readouterr().err
    )
    assert not City.objects.exists()


@pytest.mark.parametrize(
    ("name", "change", "reason"),
    [
        (
            "programmes",
            lambda rows: rows[0]["evidence"][0].update(
                quote="Science diplomacy was invented in 2021."
            ),
            "evidence[0].quote: This passage does not occur in the paper",
        ),
        (
            "programmes",
            lambda rows: rows[0]["figures"][0].update(text="£2-billion"),
            "figures[0].text: This passage does not occur in the paper",
        ),
        (
            "programmes",
            lambda rows: rows[0]["pillars"][0].update(basis="Science is nice."),
            "pillars[0].basis: This passage does not occur in the paper",
        ),
        (
            "countries",
            lambda rows: rows[0]["evidence"][0].update(footnotes=[99]),
            "footnote 99 does not exist",
        ),
        ("countries", lambda rows: rows[0].update(evidence=[]), "at least one passage"),
        (
            "countries",
            lambda rows: rows[0]["evidence"][0].update(quote="the"),
            "at least 3 words",
        ),
        ("programmes", lambda rows: rows[0].update(part_of="nowhere"), "part_of: no programmes"),
        ("programmes", lambda rows: rows[1].update(name=rows[0]["name"]), "already used by"),
        ("programmes", lambda rows: rows[0].update(status="imaginary"), "status:"),
        ("programmes", lambda rows: rows[1].update(start_year=1900, end_year=1800), "constraint"),
        ("programmes", lambda rows: rows[0].update(budget=3), "unknown field(s): budget"),
        ("institutions", lambda rows: rows[0].update(parent="fco"), "forms a cycle"),
        ("cities", lambda rows: rows[0].update(latitude=123.5), "latitude"),
        ("countries", lambda rows: rows[0].update(iso2="gb"), "constraint"),
    ],
)
@pytest.mark.django_db
def test_validation_rejects_with_file_record_and_reason(catalogue_dir, name, change, reason):
    edit(catalogue_dir, name, change)

    with pytest.raises(CatalogueError) as error:
        load_catalogue(directory=catalogue_dir)

    assert any(
        problem.file == f"{name}.yaml" and reason in problem.reason
        for problem in error.value.problems
    ), error.value.problems
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_quote_may_span_line_breaks_and_omit_emphasis_marks(catalogue_dir):
    # In the text: "three main pillars of action: *science in diplomacy*, *science for ..."
    quote = "three main pillars of action: science in diplomacy,\n science for diplomacy"
    edit(catalogue_dir, "pillars", lambda rows: rows[0]["evidence"].append({"quote": quote}))

    load_catalogue(directory=catalogue_dir)

    assert Evidence.objects.filter(quote__startswith="three main pillars").exists()


@pytest.mark.django_db
def test_check_option_validates_without_writing(catalogue_dir, capsys):
    call_command("load_catalogue", directory=str(catalogue_dir), check=True)

    assert "The catalogue is valid." in capsys.readouterr().out
    assert not Country.objects.exists()
