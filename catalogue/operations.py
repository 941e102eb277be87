"""Migration operations for what only PostgreSQL has: accent-free full-text search documents."""

from django.db import migrations


class RunPostgreSQL(migrations.RunSQL):
    """Literal SQL run on PostgreSQL and skipped on SQLite, where search folds in Python."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
