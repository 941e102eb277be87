"""The catalogue's version: a cheap, exact value that changes on every write.

Used for the API's `ETag` and `Last-Modified` headers, the version and date of the
whole-catalogue archive, and the keys of every cache (catalogue.caching).

Database triggers keep it: every table of the catalogue's apps (records, link tables,
evidence, history) has one that, on any insert, update, delete or truncate, gives the single
`CatalogueState` row a new random token and the time of the change. Being in the database,
they see every write whatever makes it (admin, API, loader, bulk inserts, raw SQL), and being
in the writing transaction, the new token becomes visible exactly when the change commits: a
reader never caches old data under a new token. Reading the version is one primary-key lookup.

`install_change_triggers` runs after every `migrate` (and test database set-up), so tables
added later are covered without a hand-written migration.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import connections

from catalogue.models import CatalogueState

# Apps whose tables make up the catalogue.
CATALOGUE_APPS = ("catalogue", "countries", "initiatives")
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


def catalogue_tables() -> list[str]:
    """Every table of the catalogue's apps (link tables included) but the state's own."""
    tables = {
        model._meta.db_table
        for label in CATALOGUE_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model is not CatalogueState and not model._meta.proxy and model._meta.managed
    }
    return sorted(tables)


def install_change_triggers(using: str = "default") -> None:
    """Create (or replace) the trigger on every catalogue table, and the state row."""
    connection = connections[using]
    state = connection.ops.quote_name(CatalogueState._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                _POSTGRESQL_FUNCTION.format(function=TRIGGER, state=state, writes=WRITES_SETTING)
            )
            for table in catalogue_tables():
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {connection.ops.quote_name(table)} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
        elif connection.vendor == "sqlite":
            # SQLite has row triggers only, one per operation.
            for table in catalogue_tables():
                for operation in ("INSERT", "UPDATE", "DELETE"):
                    name = connection.ops.quote_name(f"{TRIGGER}_{table}_{operation.lower()}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {operation} "
                        f"ON {connection.ops.quote_name(table)} "
                        f"BEGIN {_SQLITE_BUMP.format(state=state)}; END"
                    )
        else:  # pragma: no cover - the project runs on PostgreSQL and SQLite only
            raise NotImplementedError(f"No catalogue triggers for {connection.vendor}.")
    # A state row from the start, with a token of its own (a flushed test database gets a new
    # one) and no date until the first change.
    CatalogueState.objects.using(using).get_or_create(
        pk=1, defaults={"token": secrets.token_hex(10), "changed": None}
    )


# On PostgreSQL, updating one row many times in a transaction costs more each time (every
# version of the row stays until the transaction ends), so the row gets its new token once
# per transaction, and a transaction-local counter of write statements tells the writing
# transaction's own reads apart (`catalogue_version()` appends it). Other sessions see the
# new token when the transaction commits; a rolled-back savepoint takes back both.
WRITES_SETTING = "diplohub.catalogue_writes"
_POSTGRESQL_FUNCTION = """
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

_SQLITE_BUMP = (
    "INSERT OR REPLACE INTO {state} (id, token, changed) "
    "VALUES (1, lower(hex(randomblob(10))), strftime('%Y-%m-%d %H:%M:%f', 'now'))"
)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: keep every catalogue table's trigger in place."""
    if CatalogueState._meta.db_table in connections[using].introspection.table_names():
        install_change_triggers(using)
