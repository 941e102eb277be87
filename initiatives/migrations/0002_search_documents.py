# PostgreSQL only: a stored search document (a generated tsvector column with a GIN index)
# on these tables, holding the model's own search fields as SearchableQuerySet.stored_search_vector()
# weighs them (tests/catalogue/test_search_documents.py checks that they agree). A change to a
# model's search fields needs a new migration like this one. Nothing on SQLite.
from django.db import migrations

from catalogue.operations import RunPostgreSQL


class Migration(migrations.Migration):
    dependencies = [('initiatives', '0001_initial'), ('catalogue', '0002_unaccent')]

    operations = [
        RunPostgreSQL(
            sql=[
                'ALTER TABLE "initiatives_programme" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS (((setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("initiatives_programme"."name")::text), \'\')), \'A\') || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("initiatives_programme"."acronym")::text), \'\')), \'A\')) || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("initiatives_programme"."summary")::text), \'\')), \'C\'))) STORED',
                'CREATE INDEX "initiatives_programme_search_gin" ON "initiatives_programme" USING gin ("search_document")',
            ],
            reverse_sql='ALTER TABLE "initiatives_programme" DROP COLUMN IF EXISTS "search_document"',
        ),
        RunPostgreSQL(
            sql=[
                'ALTER TABLE "initiatives_institution" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS (((setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("initiatives_institution"."name")::text), \'\')), \'A\') || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("initiatives_institution"."acronym")::text), \'\')), \'A\')) || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("initiatives_institution"."summary")::text), \'\')), \'C\'))) STORED',
                'CREATE INDEX "initiatives_institution_search_gin" ON "initiatives_institution" USING gin ("search_document")',
            ],
            reverse_sql='ALTER TABLE "initiatives_institution" DROP COLUMN IF EXISTS "search_document"',
        ),
    ]
