# PostgreSQL only: a stored search document (a generated tsvector column with a GIN index) on
# the large tables, programmes and institutions, generated with diplohub_unaccent(), which this
# migration creates (diplohub.search.add_stored_search_documents). No-op on SQLite.
from django.db import migrations

from diplohub.search import IMMUTABLE_UNACCENT_SQL, add_stored_search_documents


def create_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(IMMUTABLE_UNACCENT_SQL)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_history")]

    operations = [
        migrations.RunPython(create_unaccent, migrations.RunPython.noop),
        add_stored_search_documents("initiatives", "Programme", "Institution"),
    ]
