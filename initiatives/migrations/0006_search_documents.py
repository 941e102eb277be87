# PostgreSQL only: a stored search document (a generated tsvector column with a GIN index) on
# the large tables, programmes and institutions. The column's expression is compiled from the
# models' own search document (diplohub.search.stored_search_document_sql), so that queries
# and column cannot drift apart; it uses the current models on purpose. No-op on SQLite.
from django.db import migrations

from diplohub.search import IMMUTABLE_UNACCENT_SQL, stored_search_document_sql

STORED = ("Programme", "Institution")


def add_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from initiatives import models

    schema_editor.execute(IMMUTABLE_UNACCENT_SQL)
    for name in STORED:
        forward, _backward = stored_search_document_sql(
            getattr(models, name), schema_editor.connection
        )
        schema_editor.execute(forward)


def remove_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from initiatives import models

    for name in STORED:
        _forward, backward = stored_search_document_sql(
            getattr(models, name), schema_editor.connection
        )
        schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_history")]

    operations = [migrations.RunPython(add_documents, remove_documents)]
