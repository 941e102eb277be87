"""The catalogue's version: a cheap, exact value that changes on every write.

Used for the API's `ETag` and `Last-Modified` headers and for the version and date of the
whole-catalogue archive; pages can use it for their own conditional responses.

A write shows up as follows: creating or changing a record moves its table's latest
`modified` (every record table has one); deleting a row lowers its table's row count; and
link rows (evidence, footnotes, pillars, countries, cities, institutions and figures of a
programme), which are replaced rather than edited, raise their table's highest id. One SQL
query reads all of these at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime


@dataclass(frozen=True)
class CatalogueVersion:
    """What identifies the catalogue's state; `token` is short and stable for a given state."""

    token: str
    date: datetime | None  # the latest `modified` of any record, None for an empty catalogue
    counts: dict[str, int]  # rows per record table, by resource name

    @property
    def etag(self) -> str:
        return self.token


def _tables():
    """(name, model, is a record with `modified`) for every table a representation reads."""
    from countries.models import City, Country
    from initiatives.models import (
        Evidence,
        Figure,
        Institution,
        Pillar,
        Programme,
        ProgrammeInstitution,
        ProgrammePillar,
        Reference,
    )

    return [
        ("references", Reference, True),
        ("pillars", Pillar, True),
        ("countries", Country, True),
        ("cities", City, True),
        ("institutions", Institution, True),
        ("programmes", Programme, True),
        ("evidence", Evidence, False),
        ("evidence_references", Evidence.references.through, False),
        ("programme_pillars", ProgrammePillar, False),
        ("programme_institutions", ProgrammeInstitution, False),
        ("programme_countries", Programme.countries.through, False),
        ("programme_cities", Programme.cities.through, False),
        ("figures", Figure, False),
    ]


def catalogue_version() -> CatalogueVersion:
    """Read the catalogue's version in one query."""
    quote = connection.ops.quote_name
    tables = _tables()
    columns = []
    for _name, model, timestamped in tables:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        columns += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({pk}) FROM {table})"]
        if timestamped:
            columns.append(f"(SELECT MAX({quote('modified')}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = list(cursor.fetchone())

    counts: dict[str, int] = {}
    dates: list[datetime] = []
    values = iter(row)
    for name, _model, timestamped in tables:
        counts[name] = next(values)
        next(values)  # highest id: part of the token only
        if timestamped and (modified := _as_datetime(next(values))) is not None:
            dates.append(modified)
    token = hashlib.sha256(repr(row).encode()).hexdigest()[:20]
    public_counts = {name: counts[name] for name, _model, timestamped in tables if timestamped}
    return CatalogueVersion(token=token, date=max(dates, default=None), counts=public_counts)


def _as_datetime(value) -> datetime | None:
    """A raw `MAX(modified)`: a datetime on PostgreSQL, text on SQLite."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value
