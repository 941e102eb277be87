"""Migration operations for what plain Django migrations do not express: accent-free
full-text search documents (PostgreSQL only) and the triggers that keep the catalogue's
version (catalogue.version)."""

from django.db import migrations
from django.db.migrations.operations.base import Operation

from catalogue import version


class RunPostgreSQL(migrations.RunSQL):
    """Literal SQL run on PostgreSQL and skipped on SQLite, where search folds in Python."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def _state_table(state) -> str:
    return state.apps.get_model("catalogue", "CatalogueState")._meta.db_table


class CreateVersionFunction(Operation):
    """The database function the catalogue's triggers call (PostgreSQL; nothing on SQLite)."""

    reversible = True
    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        version.create_version_function(schema_editor, _state_table(to_state))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        version.drop_version_function(schema_editor)

    def describe(self):
        return "Create the function that moves the catalogue's version"

    @property
    def migration_name_fragment(self):
        return "version_function"


class InstallVersionTriggers(Operation):
    """Triggers that move the catalogue's version on any write to these models' tables.

    `models` names models of the migration's app, as the migration state knows them:
    records, history models and auto-created link tables alike ("Programme_countries").
    Installing again replaces the triggers. On SQLite, a migration that remakes a table
    (most field changes) drops its triggers: it needs this step again for that model;
    tests/catalogue/test_catalogue_version.py fails until every table has one.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, models):
        self.models = list(models)

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"models": self.models})

    def state_forwards(self, app_label, state):
        pass

    def tables(self, app_label, state) -> list[str]:
        return [state.apps.get_model(app_label, name)._meta.db_table for name in self.models]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        version.install_change_triggers(
            schema_editor, self.tables(app_label, to_state), _state_table(to_state)
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        version.remove_change_triggers(schema_editor, self.tables(app_label, from_state))

    def describe(self):
        return f"Install the catalogue version's triggers on {', '.join(self.models)}"

    @property
    def migration_name_fragment(self):
        return "version_triggers"
