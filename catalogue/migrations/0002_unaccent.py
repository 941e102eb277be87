# Search folds accents on PostgreSQL with the `unaccent` extension, through an IMMUTABLE
# wrapper that generated columns and indexes may use (catalogue/search.py). Nothing on SQLite.
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from catalogue.operations import RunPostgreSQL


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        UnaccentExtension(),
        RunPostgreSQL(
            sql="""
                CREATE OR REPLACE FUNCTION diplohub_unaccent(text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
            """,
            reverse_sql="DROP FUNCTION IF EXISTS diplohub_unaccent(text)",
        ),
    ]
