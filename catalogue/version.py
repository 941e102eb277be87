"""The catalogue's version: a cheap, exact value that changes on every write.

Used for the API's `ETag` and `Last-Modified` headers, the version and date of the
whole-catalogue archive, and the keys of every cache (catalogue.caching).

Database triggers keep it: every table of the catalogue's apps (records, link tables,
evidence, history) has one that, on any insert, update, delete or truncate, gives the single
`CatalogueState` row a new random token and the time of the change. Being in the database,
they see every write whatever makes it (admin, API, loader, bulk inserts, raw SQL), and being
in the writing transaction, the new token becomes visible exactly when the change commits: a
reader never caches old data under a new token. Reading the version is one primary-key lookup.

Migrations install them, as a visible step: `catalogue.operations.InstallVersionTriggers`
in each app's `version_triggers` migration names the tables it covers. A table added later
needs that step too (tests/catalogue/test_catalogue_version.py fails until it has it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connections

from catalogue.models import CatalogueState

TRIGGER = "diplohub_catalogue_changed"
# Before the first write there is no state row: this stands for that one state.
INITIAL_TOKEN = "initial"


@dataclass(frozen=True)
class CatalogueVersion:
    """What identifies the catalogue's state; `token` is short and stable for a given state."""

    token: str
    date: datetime | None  # when the catalogue last changed, None before the first change

    @property
    def etag(self) -> str:
        return self.token


def catalogue_version(using: str = "default") -> CatalogueVersion:
    """Read the catalogue's version (one query by primary key)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        state = connection.ops.quote_name(CatalogueState._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT token, changed, current_setting(%s, true) FROM {state} WHERE id = 1",
                [WRITES_SETTING],
            )
            row = cursor.fetchone()
        if row is not None and row[2] not in (None, "", "0"):
            # This transaction has written: its own view changes with every statement.
            row = (f"{row[0]}:{row[2]}", row[1])
    else:
        row = CatalogueState.objects.using(using).filter(pk=1).values_list("token", "changed")
        row = row.first()
    if row is None:
        return CatalogueVersion(token=INITIAL_TOKEN, date=None)
    return CatalogueVersion(token=row[0], date=row[1])


# --------------------------------------------------------------------------- triggers
# Run by the migration operations of catalogue.operations, through the schema editor (so
# `sqlmigrate` shows them). `state_table` is the state's table as the migration knows it.


def create_version_function(schema_editor, state_table: str) -> None:
    """PostgreSQL: the function every catalogue table's trigger calls (SQLite triggers
    carry their statement inline)."""
    if schema_editor.connection.vendor == "postgresql":
        state = schema_editor.quote_name(state_table)
        schema_editor.execute(
            POSTGRESQL_FUNCTION.format(function=TRIGGER, state=state, writes=WRITES_SETTING), None
        )


def drop_version_function(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()", None)


def install_change_triggers(schema_editor, tables: Iterable[str], state_table: str) -> None:
    """Create (or replace) the trigger that moves the version on each of `tables`."""
    vendor = schema_editor.connection.vendor
    quote = schema_editor.quote_name
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} "
                f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
                None,
            )
        elif vendor == "sqlite":
            # SQLite has row triggers only, one per operation.
            bump = SQLITE_BUMP.format(state=quote(state_table))
            for operation in SQLITE_OPERATIONS:
                name = _sqlite_trigger(table, operation)
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}", None)
                schema_editor.execute(
                    f"CREATE TRIGGER {quote(name)} AFTER {operation} ON {quote(table)} "
                    f"BEGIN {bump}; END",
                    None,
                )
        else:  # pragma: no cover - the project runs on PostgreSQL and SQLite only
            raise NotImplementedError(f"No catalogue triggers for {vendor}.")


def remove_change_triggers(schema_editor, tables: Iterable[str]) -> None:
    vendor = schema_editor.connection.vendor
    quote = schema_editor.quote_name
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}", None)
        elif vendor == "sqlite":
            for operation in SQLITE_OPERATIONS:
                name = _sqlite_trigger(table, operation)
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}", None)


def _sqlite_trigger(table: str, operation: str) -> str:
    return f"{TRIGGER}_{table}_{operation.lower()}"


# On PostgreSQL, updating one row many times in a transaction costs more each time (every
# version of the row stays until the transaction ends), so the row gets its new token once
# per transaction, and a transaction-local counter of write statements tells the writing
# transaction's own reads apart (`catalogue_version()` appends it). Other sessions see the
# new token when the transaction commits; a rolled-back savepoint takes back both.
WRITES_SETTING = "diplohub.catalogue_writes"
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    writes bigint := coalesce(nullif(current_setting('{writes}', true), '')::bigint, 0);
BEGIN
    IF writes = 0 THEN
        INSERT INTO {state} (id, token, changed)
        VALUES (1, md5(random()::text || clock_timestamp()::text), clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed = EXCLUDED.changed;
    END IF;
    PERFORM set_config('{writes}', (writes + 1)::text, true);
    RETURN NULL;
END;
$$
"""

SQLITE_OPERATIONS = ("INSERT", "UPDATE", "DELETE")
SQLITE_BUMP = (
    "INSERT OR REPLACE INTO {state} (id, token, changed) "
    "VALUES (1, lower(hex(randomblob(10))), strftime('%Y-%m-%d %H:%M:%f', 'now'))"
)
