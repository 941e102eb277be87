"""Synthetic catalogue records for the benchmark: realistic sizes and fan-out.

They are written only into the benchmark's own database (`bench.py` makes one per size,
never the catalogue's), so nothing in the schema marks them and nothing needs to remove them.
Text is drawn from the paper's own vocabulary so that searches behave as on real records;
evidence quotes are real sentences of the paper, so validation still holds.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

import pycountry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from catalogue.models import Evidence, Pillar, Reference
from catalogue.paper import paper_text
from countries.models import City, Country, Region, SubRegion
from initiatives.models import Institution, Programme, ProgrammeInstitution, ProgrammePillar

BATCH = 5000
# Plausible M49 pairs for countries the paper does not name (their real region is not in
# pycountry; synthetic records need one so that region filters have realistic work to do).
REGION_PAIRS = [
    (Region.AFRICA, SubRegion.SUB_SAHARAN_AFRICA),
    (Region.AFRICA, SubRegion.NORTHERN_AFRICA),
    (Region.AMERICAS, SubRegion.LATIN_AMERICA),
    (Region.AMERICAS, SubRegion.NORTHERN_AMERICA),
    (Region.ASIA, SubRegion.EASTERN_ASIA),
    (Region.ASIA, SubRegion.SOUTHERN_ASIA),
    (Region.ASIA, SubRegion.WESTERN_ASIA),
    (Region.ASIA, SubRegion.SOUTH_EASTERN_ASIA),
    (Region.EUROPE, SubRegion.WESTERN_EUROPE),
    (Region.EUROPE, SubRegion.EASTERN_EUROPE),
    (Region.OCEANIA, SubRegion.MELANESIA),
]


def synthesize(*, programmes: int, seed: int = 1, progress: Callable[[str], None] = print) -> dict:
    """Add `programmes` synthetic programmes with N/5 institutions and N/20 cities."""
    rng = random.Random(seed)
    words = _vocabulary()
    sentences = _sentences()
    started = time.monotonic()
    counts = {}
    with transaction.atomic():
        countries = _countries(rng)
        counts["countries"] = len(countries)
        progress(f"countries: {len(countries)} in all ({_since(started)})")
        cities = _bulk(
            City,
            (
                City(
                    name=f"Synthetic City {n}",
                    slug=f"synthetic-city-{n}",
                    country=rng.choice(countries),
                    kind=City.Kind.CITY,
                    summary=_text(rng, words, 12, 30),
                )
                for n in range(1, max(1, programmes // 20) + 1)
            ),
            progress,
            started,
        )
        institutions = _bulk(
            Institution,
            (
                Institution(
                    name=f"Synthetic {_title(rng, words)} Institute {n}",
                    slug=f"synthetic-institution-{n}",
                    kind=rng.choice(Institution.Kind.values),
                    country=rng.choice(countries),
                    summary=_text(rng, words, 20, 60),
                )
                for n in range(1, max(1, programmes // 5) + 1)
            ),
            progress,
            started,
        )
        records = _bulk(
            Programme,
            (_programme(rng, words, n) for n in range(1, programmes + 1)),
            progress,
            started,
        )
        counts.update(cities=len(cities), institutions=len(institutions), programmes=len(records))
        counts["links"] = _link(rng, records, countries, cities, institutions, progress, started)
        counts["evidence"] = _evidence(
            rng, [*records, *institutions, *cities], sentences, progress, started
        )
    progress(f"done in {_since(started)}")
    return counts


def _countries(rng: random.Random) -> list[Country]:
    """Every ISO 3166-1 country: the catalogue's own, and the others made up here."""
    existing = {country.iso2: country for country in Country.objects.all()}
    missing = []
    for entry in pycountry.countries:
        if entry.alpha_2 in existing:
            continue
        region, subregion = rng.choice(REGION_PAIRS)
        missing.append(
            Country(
                iso2=entry.alpha_2,
                iso3=entry.alpha_3,
                name=getattr(entry, "common_name", entry.name),
                region=region,
                subregion=subregion,
                summary="Synthetic benchmark record.",
            )
        )
    Country.objects.bulk_create(missing)
    return list(Country.objects.filter(iso_3166_3=""))


def _programme(rng: random.Random, words: list[str], n: int) -> Programme:
    start = rng.randint(1950, 2020) if rng.random() < 0.7 else None
    end = rng.randint(start, 2020) if start and rng.random() < 0.4 else None
    return Programme(
        name=f"Synthetic {_title(rng, words)} Programme {n}",
        acronym="",
        slug=f"synthetic-programme-{n}",
        kind=rng.choice(Programme.Kind.values),
        status=rng.choice(Programme.Status.values),
        start_year=start,
        end_year=end,
        summary=_text(rng, words, 40, 120),
    )


def _link(rng, programmes, countries, cities, institutions, progress, started) -> int:
    pillars = list(Pillar.objects.all())
    roles = ProgrammeInstitution.Role.values
    basis = "Science has become a strategic instrument of diplomacy and international affairs."
    rows = {"pillars": [], "countries": [], "cities": [], "institutions": []}
    CountryLink, CityLink = Programme.countries.through, Programme.cities.through
    for programme in programmes:
        for pillar in rng.sample(pillars, k=min(len(pillars), rng.randint(1, 3))):
            rows["pillars"].append(ProgrammePillar(programme=programme, pillar=pillar, basis=basis))
        for country in rng.sample(countries, k=rng.randint(1, 5)):
            rows["countries"].append(CountryLink(programme=programme, country=country))
        if rng.random() < 0.3:
            rows["cities"].append(CityLink(programme=programme, city=rng.choice(cities)))
        for institution in rng.sample(institutions, k=min(len(institutions), rng.randint(0, 6))):
            rows["institutions"].append(
                ProgrammeInstitution(
                    programme=programme, institution=institution, role=rng.choice(roles)
                )
            )
    model_of = {
        "pillars": ProgrammePillar,
        "countries": CountryLink,
        "cities": CityLink,
        "institutions": ProgrammeInstitution,
    }
    total = 0
    for name, objects in rows.items():
        _bulk(model_of[name], objects, progress, started, label=f"programme {name}")
        total += len(objects)
    return total


def _evidence(rng, records, sentences, progress, started) -> int:
    content_types = {}
    references = list(Reference.objects.all())
    evidence = []
    for record in records:
        model = type(record)
        content_type = content_types.setdefault(model, ContentType.objects.get_for_model(model))
        evidence.append(
            Evidence(content_type=content_type, object_id=record.pk, quote=rng.choice(sentences))
        )
    created = _bulk(Evidence, evidence, progress, started)
    if references:
        Through = Evidence.references.through
        _bulk(
            Through,
            (
                Through(evidence=item, reference=rng.choice(references))
                for item in created
                if rng.random() < 0.6
            ),
            progress,
            started,
            label="evidence footnotes",
        )
    return len(created)


def _bulk(model, objects, progress, started, label=None) -> list:
    """bulk_create in batches, with a progress line per batch."""
    label = label or model._meta.verbose_name_plural
    created, batch = [], []
    for obj in objects:
        batch.append(obj)
        if len(batch) == BATCH:
            created += model.objects.bulk_create(batch)
            batch = []
            progress(f"{label}: {len(created)} ({_since(started)})")
    if batch:
        created += model.objects.bulk_create(batch)
    progress(f"{label}: {len(created)} ({_since(started)})")
    return created


def _vocabulary() -> list[str]:
    return sorted({w for w in re.findall(r"[A-Za-z]{4,}", paper_text())})


def _sentences() -> list[str]:
    """Whole sentences of the paper (verbatim, so evidence validation still holds)."""
    text = paper_text()
    return [s for s in re.findall(r"[A-Z][^.!?]{60,300}[.]", text) if "[" not in s]


def _text(rng: random.Random, words: list[str], low: int, high: int) -> str:
    return " ".join(rng.choices(words, k=rng.randint(low, high))).capitalize() + "."


def _title(rng: random.Random, words: list[str]) -> str:
    return " ".join(word.capitalize() for word in rng.choices(words, k=2))


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"
