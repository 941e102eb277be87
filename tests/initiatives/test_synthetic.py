"""Synthetic benchmark records: realistic shape, clearly marked, removable, never exported."""

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db.models import Count

from catalogue.models import Evidence
from catalogue.paper import occurs_in_paper
from countries.models import City, Country
from initiatives.catalogue_export import export_catalogue
from initiatives.models import Institution, Programme
from initiatives.synthetic import clear_synthetic, synthesize

pytestmark = pytest.mark.django_db


def test_synthesize_makes_marked_records_of_realistic_shape(sample_catalogue):
    counts = synthesize(programmes=100, progress=lambda line: None)

    assert counts["programmes"] == 100
    assert Programme.objects.filter(synthetic=True).count() == 100
    assert Institution.objects.filter(synthetic=True).count() == 20
    assert City.objects.filter(synthetic=True).count() == 5
    assert Country.objects.filter(iso_3166_3="").count() == 249  # every ISO 3166-1 country
    fan_out = Programme.objects.filter(synthetic=True).annotate(
        pillars_n=Count("pillars", distinct=True),
        countries_n=Count("countries", distinct=True),
        institutions_n=Count("institutions", distinct=True),
    )
    assert all(1 <= p.pillars_n <= 3 for p in fan_out)
    assert all(1 <= p.countries_n <= 5 for p in fan_out)
    assert all(0 <= p.institutions_n <= 6 for p in fan_out)
    assert all(p.slug.startswith("synthetic-") for p in fan_out)
    quotes = Evidence.objects.values_list("quote", flat=True)
    assert all(occurs_in_paper(quote) for quote in quotes)


def test_clear_removes_synthetic_records_only(sample_catalogue):
    synthesize(programmes=50, progress=lambda line: None)

    clear_synthetic(progress=lambda line: None)

    assert not Programme.objects.filter(synthetic=True).exists()
    assert not Country.objects.filter(synthetic=True).exists()
    assert Programme.objects.count() == 2 and Country.objects.count() == 3
    assert Evidence.objects.count() == 9  # the sample catalogue's own passages


def test_synthetic_records_never_reach_the_fixtures(sample_catalogue, tmp_path):
    synthesize(programmes=30, progress=lambda line: None)

    export_catalogue(directory=tmp_path)

    programmes = yaml.safe_load((tmp_path / "programmes.yaml").read_text(encoding="utf-8"))
    countries = yaml.safe_load((tmp_path / "countries.yaml").read_text(encoding="utf-8"))
    assert len(programmes) == 2 and len(countries) == 3


def test_command_refuses_to_synthesize_twice(sample_catalogue, capsys):
    call_command("synthesize", programmes=20)
    assert "Synthetic records added." in capsys.readouterr().out

    with pytest.raises(CommandError, match="--clear first"):
        call_command("synthesize", programmes=20)
