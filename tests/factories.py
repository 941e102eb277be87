"""Small helpers that make valid records for tests; evidence is a real passage of the paper."""

from itertools import count

from django.contrib.contenttypes.models import ContentType

from catalogue.models import Evidence, Pillar
from countries.models import City, Country
from initiatives.models import Institution, Programme

QUOTE = "Science has become a strategic instrument of diplomacy and international affairs."
_serial = count(1)


def _letters(n: int, width: int) -> str:
    letters = ""
    for _ in range(width):
        n, rest = divmod(n, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def add_evidence(record, quote: str = QUOTE, references=()):
    evidence = Evidence.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, quote=quote
    )
    evidence.references.set(references)
    return evidence


def make_country(**values) -> Country:
    n = next(_serial)
    values.setdefault("iso2", _letters(n, 2))
    values.setdefault("iso3", _letters(n, 3))
    values.setdefault("name", f"Country {n}")
    values.setdefault("region", "europe")
    values.setdefault("subregion", "southern-europe")
    values.setdefault("summary", "A country.")
    return Country.objects.create(**values)


def make_city(**values) -> City:
    n = next(_serial)
    values.setdefault("name", f"City {n}")
    values.setdefault("slug", f"city-{n}")
    values.setdefault("summary", "A city.")
    if "country" not in values:
        values["country"] = make_country()
    return City.objects.create(**values)


def make_pillar(**values) -> Pillar:
    n = next(_serial)
    values.setdefault("name", f"Pillar {n}")
    values.setdefault("slug", f"pillar-{n}")
    values.setdefault("definition", "A pillar.")
    return Pillar.objects.create(**values)


def make_institution(**values) -> Institution:
    n = next(_serial)
    values.setdefault("name", f"Institution {n}")
    values.setdefault("slug", f"institution-{n}")
    values.setdefault("kind", Institution.Kind.GOVERNMENT_AGENCY)
    values.setdefault("summary", "An institution.")
    return Institution.objects.create(**values)


def make_programme(*, pillars=(), countries=(), cities=(), institutions=(), **values) -> Programme:
    """`institutions` is a list of (institution, role) pairs."""
    n = next(_serial)
    values.setdefault("name", f"Programme {n}")
    values.setdefault("slug", f"programme-{n}")
    values.setdefault("kind", Programme.Kind.FUND)
    values.setdefault("status", Programme.Status.ACTIVE)
    values.setdefault("summary", "A programme.")
    programme = Programme.objects.create(**values)
    for pillar in pillars:
        programme.pillar_links.create(pillar=pillar, basis=QUOTE)
    programme.countries.set(countries)
    programme.cities.set(cities)
    for institution, role in institutions:
        programme.institution_links.create(institution=institution, role=role)
    add_evidence(programme)
    return programme
