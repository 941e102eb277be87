# PostgreSQL only: a stored search document (a generated tsvector column with a GIN index) on
# countries and cities, as initiatives 0006 adds to programmes and institutions: computing it
# per query for 5,000 cities cost the search page about 100 ms. A city's document holds its
# own fields; its country's name is matched and ranked at query time. The column's expression
# is compiled from the current models on purpose (diplohub.search.stored_search_document_sql).
# No-op on SQLite.
from django.db import migrations

from diplohub.search import stored_search_document_sql

STORED = ("Country", "City")


def add_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from countries import models

    for name in STORED:
        forward, _backward = stored_search_document_sql(
            getattr(models, name), schema_editor.connection
        )
        schema_editor.execute(forward)


def remove_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from countries import models

    for name in STORED:
        _forward, backward = stored_search_document_sql(
            getattr(models, name), schema_editor.connection
        )
        schema_editor.execute(backward)


class Migration(migrations.Migration):
    # initiatives 0006 creates diplohub_unaccent(), which the documents are generated with.
    dependencies = [("countries", "0003_history"), ("initiatives", "0006_search_documents")]

    operations = [migrations.RunPython(add_documents, remove_documents)]
