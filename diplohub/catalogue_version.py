"""The catalogue's version: a cheap, exact value that changes on every write.

Used for the API's `ETag` and `Last-Modified` headers, the version and date of the
whole-catalogue archive, and the keys of every cache (diplohub.caching).

A write shows up as follows: creating a row raises its table's highest id; changing a record
moves its table's latest `modified`; and every save or deletion of a tracked record (admin,
API, loader) adds a row to its history table, raising that table's highest history id, which
is how deletions show. Link rows replaced in bulk come with their record saved (the loader
and the API save it), so their record's `modified` moves too. Every part is the maximum of
an indexed column, so the one query reading them costs the same at any size (row counts,
which would also show deletions, take a scan of each table).
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

    @property
    def etag(self) -> str:
        return self.token


def _tables():
    """(model, has `modified`) for every table a representation reads, then the history tables."""
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

    records = [Reference, Pillar, Country, City, Institution, Programme]
    links = [
        Evidence,
        Evidence.references.through,
        ProgrammePillar,
        ProgrammeInstitution,
        Programme.countries.through,
        Programme.cities.through,
        Figure,
    ]
    histories = [model.history.model for model in [*records, Evidence, Figure]] + [
        ProgrammePillar.history.model,
        ProgrammeInstitution.history.model,
    ]
    return [(model, True) for model in records] + [(model, False) for model in [*links, *histories]]


def catalogue_version() -> CatalogueVersion:
    """Read the catalogue's version in one query of indexed maxima."""
    quote = connection.ops.quote_name
    columns, dated = [], []
    for model, timestamped in _tables():
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        columns.append(f"(SELECT MAX({pk}) FROM {table})")
        if timestamped:
            dated.append(len(columns))
            columns.append(f"(SELECT MAX({quote('modified')}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = list(cursor.fetchone())

    dates = [date for index in dated if (date := _as_datetime(row[index])) is not None]
    token = hashlib.sha256(repr(row).encode()).hexdigest()[:20]
    return CatalogueVersion(token=token, date=max(dates, default=None))


def _as_datetime(value) -> datetime | None:
    """A raw `MAX(modified)`: a datetime on PostgreSQL, text on SQLite."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value
