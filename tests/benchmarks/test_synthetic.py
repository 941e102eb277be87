"""The benchmark's synthetic records: the asked-for number, with realistic, valid relations."""

import pytest
from django.db.models import Count

from benchmarks.bench import bench_database_url
from benchmarks.synthetic import synthesize
from catalogue.models import Evidence
from catalogue.paper import occurs_in_paper
from countries.models import City, Country
from initiatives.models import Institution, Programme


@pytest.mark.django_db
def test_synthesize_makes_n_programmes_with_valid_relations(sample_catalogue):
    before = Programme.objects.count()

    counts = synthesize(programmes=100, progress=lambda line: None)

    assert counts["programmes"] == 100
    assert Programme.objects.count() == before + 100
    assert Institution.objects.filter(slug__startswith="synthetic-").count() == 20
    assert City.objects.filter(slug__startswith="synthetic-").count() == 5
    assert Country.objects.filter(iso_3166_3="").count() == 249  # every ISO 3166-1 country
    made = Programme.objects.filter(slug__startswith="synthetic-").annotate(
        pillars_n=Count("pillars", distinct=True),
        countries_n=Count("countries", distinct=True),
        institutions_n=Count("institutions", distinct=True),
    )
    assert len(made) == 100
    assert all(1 <= p.pillars_n <= 3 for p in made)
    assert all(1 <= p.countries_n <= 5 for p in made)
    assert all(0 <= p.institutions_n <= 6 for p in made)
    for programme in made[:10]:
        programme.full_clean()  # fields and constraints as the admin would check them
    quotes = Evidence.objects.values_list("quote", flat=True)
    assert all(occurs_in_paper(quote) for quote in quotes)


@pytest.mark.parametrize(
    ("configured", "bench"),
    [
        (
            "postgres://postgres@127.0.0.1:5432/diplohub",
            "postgres://postgres@127.0.0.1:5432/diplohub_bench_2000",
        ),
        (
            "postgres://postgres@/diplohub?host=/var/run/postgresql",
            "postgres://postgres@/diplohub_bench_2000?host=/var/run/postgresql",
        ),
    ],
)
def test_the_benchmark_writes_into_its_own_database_never_the_catalogues(configured, bench):
    assert bench_database_url(configured, programmes=2000) == bench
